import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { DeferredWrites, HOLD_AT_MOST_MS, QUIET_MS, type WhenIdle } from './deferred-store.ts';

/** An idle scheduler the test runs by hand. */
function manualIdle() {
  const tasks = new Set<() => void>();
  const delays: number[] = [];
  const idle: WhenIdle = (task, delay) => {
    tasks.add(task);
    delays.push(delay);
    return () => tasks.delete(task);
  };
  return {
    idle,
    /** The delay asked for each time a task was scheduled. */
    delays,
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

  it('writes a burst of updates from the server once, after they stop arriving', () => {
    const written: Uint8Array[] = [];
    const clock = manualIdle();
    let now = 0;
    const writes = new DeferredWrites(
      (u) => written.push(u),
      clock.idle,
      () => now,
    );
    for (const [i, level] of ['l1', 'l2', 'l3'].entries()) {
      now = i * 16;
      writes.add(rating(`self/${i}/-`, level), true);
    }
    // Each arrival put the write off again: one task waits, a quiet period after the last.
    expect(clock.scheduled).toBe(1);
    expect(clock.delays).toEqual([QUIET_MS, QUIET_MS, QUIET_MS]);
    clock.run();
    expect(written).toHaveLength(1);
    expect(applied(written)).toEqual({ 'self/0/-': 'l1', 'self/1/-': 'l2', 'self/2/-': 'l3' });
  });

  it('holds updates from the server no longer than its limit, however steadily they arrive', () => {
    const written: Uint8Array[] = [];
    const clock = manualIdle();
    let now = 1000;
    const writes = new DeferredWrites(
      (u) => written.push(u),
      clock.idle,
      () => now,
    );
    writes.add(rating('self/a/-', 'l1'), true);
    now += HOLD_AT_MOST_MS - 200;
    writes.add(rating('self/b/-', 'l2'), true);
    now += 500;
    writes.add(rating('self/c/-', 'l3'), true);
    expect(clock.delays).toEqual([QUIET_MS, 200, 0]);
    clock.run();
    expect(applied(written)).toEqual({ 'self/a/-': 'l1', 'self/b/-': 'l2', 'self/c/-': 'l3' });
    // The next update starts a hold of its own.
    writes.add(rating('self/d/-', 'l4'), true);
    expect(clock.delays.at(-1)).toBe(QUIET_MS);
  });
});
