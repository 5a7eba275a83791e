import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { CommitSequence } from './commit-sequence.ts';
import { GAP_HEAL_MS, GapWatch } from './room-fanout.ts';

describe('GapWatch', () => {
  let sequence: CommitSequence;
  let rereads: number;
  let watch: GapWatch;

  beforeEach(() => {
    vi.useFakeTimers();
    sequence = new CommitSequence(4);
    rereads = 0;
    watch = new GapWatch(
      () => sequence.firstMissing,
      (seq) => sequence.has(seq),
      () => rereads++,
    );
  });
  afterEach(() => {
    watch.stop();
    vi.useRealTimers();
  });

  /** A number arrives from another process; the room checks for gaps after applying it. */
  const arrive = (seq: number) => {
    sequence.add(seq);
    watch.check();
  };

  it('does not read the store for a number that arrives late but within the wait', () => {
    arrive(6);
    vi.advanceTimersByTime(GAP_HEAL_MS - 1);
    arrive(5);
    vi.advanceTimersByTime(GAP_HEAL_MS * 4);
    expect(rereads).toBe(0);
  });

  it('reads the store once for a number still missing after the wait', () => {
    arrive(6);
    vi.advanceTimersByTime(GAP_HEAL_MS);
    expect(rereads).toBe(1);
    vi.advanceTimersByTime(GAP_HEAL_MS * 4);
    expect(rereads).toBe(1);
  });

  it('under steady load, with some number always in flight, reads nothing while each one arrives in time', () => {
    // Numbers 6, 8, 10, … arrive first and 5, 7, 9, … half a wait later: a gap is open at every moment.
    for (let n = 5; n < 85; n += 2) {
      arrive(n + 1);
      vi.advanceTimersByTime(GAP_HEAL_MS / 2);
      arrive(n);
    }
    vi.advanceTimersByTime(GAP_HEAL_MS * 2);
    expect(sequence.firstMissing).toBeNull();
    expect(rereads).toBe(0);
  });

  it('watches a newer gap once the first is filled, and reads the store if that one stays open', () => {
    arrive(6);
    vi.advanceTimersByTime(GAP_HEAL_MS / 2);
    arrive(5);
    arrive(8); // 7 missing now
    vi.advanceTimersByTime(GAP_HEAL_MS / 2);
    expect(rereads).toBe(0);
    vi.advanceTimersByTime(GAP_HEAL_MS);
    expect(rereads).toBe(1);
  });

  it('waits for no gap while there is none, so a gap that opens later is read after one wait', () => {
    watch.check();
    vi.advanceTimersByTime(GAP_HEAL_MS / 2);
    arrive(6);
    vi.advanceTimersByTime(GAP_HEAL_MS);
    expect(rereads).toBe(1);
  });

  it('reads nothing after stop', () => {
    arrive(6);
    watch.stop();
    vi.advanceTimersByTime(GAP_HEAL_MS * 4);
    expect(rereads).toBe(0);
  });
});

describe('CommitSequence.firstMissing', () => {
  it('is the number just above the watermark while a later one is held, else null', () => {
    const sequence = new CommitSequence(2);
    expect(sequence.firstMissing).toBeNull();
    sequence.add(5);
    expect(sequence.firstMissing).toBe(3);
    sequence.add(3);
    expect(sequence.firstMissing).toBe(4);
    sequence.add(4);
    expect(sequence.firstMissing).toBeNull();
  });
});
