import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { Root } from '../../shared/review/roots.ts';
import { openStored } from './stored-review.ts';
import { INLINE_OPEN_BYTES, openErrors, openStoredReview } from './stored-review-thread.ts';

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
    expect(await failure(openStoredReview([garbage(16 * 1024)]))).not.toContain('opening a stored review');
    const inline = await failure(openStoredReview([garbage(INLINE_OPEN_BYTES)]));
    expect(inline).not.toContain('opening a stored review');
    const offThread = await failure(
      openStoredReview([garbage(INLINE_OPEN_BYTES / 2), garbage(INLINE_OPEN_BYTES / 2 + 1)]),
    );
    expect(offThread).toBe(`opening a stored review failed: ${inline}`);
  });

  it("says what the thread's other failures were doing", () => {
    expect(openErrors.timeout(60).message).toBe('opening a stored review took over 60 s');
    expect(openErrors.outOfMemory(512).message).toBe('opening a stored review needed more than 512 MiB');
    expect(openErrors.stopped().message).toBe('the stored-review thread stopped');
  });
});
