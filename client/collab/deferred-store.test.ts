import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { DeferredWrites, type WhenIdle } from './deferred-store.ts';

/** An idle scheduler the test runs by hand. */
function manualIdle() {
  const tasks = new Set<() => void>();
  const idle: WhenIdle = (task) => {
    tasks.add(task);
    return () => tasks.delete(task);
  };
  return {
    idle,
    get scheduled() {
      return tasks.size;
    },
    run() {
      for (const task of [...tasks]) {
        tasks.delete(task);
        task();
      }
    },
  };
}

/** An update setting one rating, as a client of the review would send it. */
function rating(key: string, value: string): Uint8Array {
  const doc = new Y.Doc();
  doc.getMap('ratings').set(key, value);
  return Y.encodeStateAsUpdate(doc);
}

function applied(updates: Uint8Array[]): Record<string, unknown> {
  const doc = new Y.Doc();
  for (const u of updates) Y.applyUpdate(doc, u);
  return doc.getMap('ratings').toJSON();
}

describe('DeferredWrites', () => {
  it('holds updates from the server until the page is idle, then writes them as one', () => {
    const written: Uint8Array[] = [];
    const clock = manualIdle();
    const writes = new DeferredWrites((u) => written.push(u), clock.idle);
    writes.add(rating('self/a/-', 'l1'), true);
    writes.add(rating('self/b/-', 'l2'), true);
    expect(written).toHaveLength(0);
    expect(clock.scheduled).toBe(1);
    clock.run();
    expect(written).toHaveLength(1);
    expect(applied(written)).toEqual({ 'self/a/-': 'l1', 'self/b/-': 'l2' });
    expect(writes.pending).toBe(0);
  });

  it('writes an update made here at once, with those held before it', () => {
    const written: Uint8Array[] = [];
    const clock = manualIdle();
    const writes = new DeferredWrites((u) => written.push(u), clock.idle);
    writes.add(rating('self/a/-', 'l1'), true);
    writes.add(rating('self/b/-', 'l3'), false);
    expect(applied(written)).toEqual({ 'self/a/-': 'l1', 'self/b/-': 'l3' });
    // Nothing is left for the idle task to write.
    expect(clock.scheduled).toBe(0);
    clock.run();
    expect(written).toHaveLength(1);
  });

  it('writes what it holds when flushed (the store closing), and nothing twice', () => {
    const written: Uint8Array[] = [];
    const clock = manualIdle();
    const writes = new DeferredWrites((u) => written.push(u), clock.idle);
    writes.add(rating('self/a/-', 'l2'), true);
    writes.flush();
    writes.flush();
    clock.run();
    expect(written).toHaveLength(1);
    expect(applied(written)).toEqual({ 'self/a/-': 'l2' });
  });
});
