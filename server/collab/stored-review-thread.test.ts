import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { Root } from '../../shared/review/roots.ts';
import { openStored, snapshotOf } from './stored-review.ts';
import { INLINE_OPEN_BYTES, openErrors, openStoredReview, snapshotOfStored } from './stored-review-thread.ts';

/** A stored update of about `bytes` bytes: one long text. */
function partOf(bytes: number, key: string): Uint8Array {
  const doc = new Y.Doc();
  const text = new Y.Text();
  doc.getMap(Root.focus).set(key, text);
  text.insert(0, 'x'.repeat(bytes));
  return Y.encodeStateAsUpdate(doc);
}

/** The message a promise rejects with; fails the test when it resolves. */
async function failure(opening: Promise<unknown>): Promise<string> {
  return opening.then(
    () => expect.fail('the review opened'),
    (error: unknown) => (error as Error).message,
  );
}

/** Bytes that are no Yjs update: opening them throws wherever it runs. */
const garbage = (bytes: number) => new Uint8Array(bytes).fill(0xff);

describe('openStoredReview', () => {
  it('opens a small review inline and a large one on the thread, the same either way', async () => {
    const small = [partOf(100, 't1/c1')];
    expect(await openStoredReview(small)).toEqual(openStored(small));
    // Two parts, each under the limit, together over it.
    const large = [partOf(INLINE_OPEN_BYTES * 0.6, 't1/c1'), partOf(INLINE_OPEN_BYTES * 0.6, 't1/c2')];
    const opened = await openStoredReview(large);
    expect(opened).toEqual(openStored(large));
    const doc = new Y.Doc();
    Y.applyUpdate(doc, opened.state);
    expect(doc.getMap(Root.focus).size).toBe(2);
  });

  it('opens inline up to the limit exactly, and on the thread past it (whose failures name the work)', async () => {
    // A review of a few KiB, as most are, never waits for the thread.
    expect(await failure(openStoredReview([garbage(16 * 1024)]))).not.toContain('reading a stored review');
    const inline = await failure(openStoredReview([garbage(INLINE_OPEN_BYTES)]));
    expect(inline).not.toContain('reading a stored review');
    const offThread = await failure(
      openStoredReview([garbage(INLINE_OPEN_BYTES / 2), garbage(INLINE_OPEN_BYTES / 2 + 1)]),
    );
    expect(offThread).toBe(`reading a stored review failed: ${inline}`);
  });

  it('builds a compaction snapshot inline when small and on the thread when large, dropping deleted content', async () => {
    const small = [partOf(100, 't1/c1')];
    expect(await snapshotOfStored(small)).toEqual(snapshotOf(small));
    // A large text, then its deletion: the snapshot keeps neither the text nor its bytes.
    const doc = new Y.Doc();
    const parts: Uint8Array[] = [];
    doc.on('update', (update: Uint8Array) => parts.push(update));
    const text = new Y.Text();
    doc.getMap(Root.focus).set('t1/c1', text);
    text.insert(0, 'x'.repeat(INLINE_OPEN_BYTES));
    text.insert(0, 'kept ');
    text.delete(5, INLINE_OPEN_BYTES);
    const snapshot = await snapshotOfStored(parts);
    expect(snapshot).toEqual(snapshotOf(parts));
    expect(snapshot.byteLength).toBeLessThan(1024);
    const loaded = new Y.Doc();
    Y.applyUpdate(loaded, snapshot);
    expect(loaded.getMap<Y.Text>(Root.focus).get('t1/c1')?.toString()).toBe('kept ');
    // On the thread, a fault is the thread's and says so.
    expect(await failure(snapshotOfStored([garbage(INLINE_OPEN_BYTES + 1)]))).toMatch(
      /^reading a stored review failed: /,
    );
  });

  it("says what the thread's other failures were doing", () => {
    expect(openErrors.timeout(60).message).toBe('reading a stored review took over 60 s');
    expect(openErrors.outOfMemory(512).message).toBe('reading a stored review needed more than 512 MiB');
    expect(openErrors.stopped().message).toBe('the stored-review thread stopped');
  });
});
