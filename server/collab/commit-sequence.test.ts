import { describe, expect, it } from 'vitest';
import { CommitSequence } from './commit-sequence.ts';

describe('CommitSequence', () => {
  it('advances the watermark over numbers applied in order', () => {
    const seq = new CommitSequence(3);
    expect(seq.add(4)).toBe(true);
    expect(seq.add(5)).toBe(true);
    expect([seq.watermark, seq.highest, seq.hasGap]).toEqual([5, 5, false]);
  });

  it('holds the watermark below a missing number, then closes the gap when it arrives', () => {
    const seq = new CommitSequence(0);
    seq.add(1);
    seq.add(3);
    seq.add(4);
    expect([seq.watermark, seq.highest, seq.hasGap]).toEqual([1, 4, true]);
    expect(seq.has(2)).toBe(false);
    expect(seq.has(3)).toBe(true);
    seq.add(2);
    expect([seq.watermark, seq.hasGap]).toEqual([4, false]);
  });

  it('reports a number already applied, below or above the watermark, as a duplicate', () => {
    const seq = new CommitSequence(10);
    expect(seq.add(7)).toBe(false);
    expect(seq.add(10)).toBe(false);
    expect(seq.add(12)).toBe(true);
    expect(seq.add(12)).toBe(false);
  });

  it('a reload from the store closes every gap up to what it held, and keeps what lies beyond', () => {
    const seq = new CommitSequence(0);
    seq.add(2);
    seq.add(5);
    seq.add(7);
    seq.healedTo(5);
    expect([seq.watermark, seq.highest, seq.hasGap]).toEqual([5, 7, true]);
    seq.add(6);
    expect([seq.watermark, seq.hasGap]).toEqual([7, false]);
    seq.healedTo(3);
    expect(seq.watermark).toBe(7);
  });

  it('knows the highest number applied whatever order they came in', () => {
    const seq = new CommitSequence(0);
    seq.add(5);
    seq.add(3);
    expect([seq.watermark, seq.highest, seq.firstMissing]).toEqual([0, 5, 1]);
    seq.healedTo(4);
    expect([seq.watermark, seq.highest, seq.hasGap]).toEqual([5, 5, false]);
  });

  it('refuses what is not a sequence number', () => {
    const seq = new CommitSequence(0);
    expect(() => seq.add(0)).toThrow(RangeError);
    expect(() => seq.add(1.5)).toThrow('not a sequence number: 1.5');
  });
});
