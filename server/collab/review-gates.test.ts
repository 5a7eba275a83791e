import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { HELD_ELSEWHERE_MS, ReviewGates } from './review-gates.ts';

/** Whether a promise has settled, after letting pending callbacks run. */
async function settled(promise: Promise<void> | undefined): Promise<boolean> {
  let done = false;
  void promise?.then(() => (done = true));
  await vi.advanceTimersByTimeAsync(0);
  return done;
}

describe('ReviewGates', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('holds joins while a change here runs, and runs changes to one review one after another', async () => {
    const gates = new ReviewGates();
    let finishFirst!: () => void;
    const order: string[] = [];
    const first = gates.shut('r', () =>
      new Promise<void>((resolve) => (finishFirst = resolve)).then(() => order.push('first')),
    );
    const passed = gates.passed('r');
    const second = gates.shut('r', async () => order.push('second'));
    expect(await settled(passed)).toBe(false);
    expect(gates.passed('other')).toBeUndefined();
    finishFirst();
    await Promise.all([first, second]);
    expect(order).toEqual(['first', 'second']);
    expect(await settled(passed)).toBe(true);
    expect(gates.passed('r')).toBeUndefined();
  });

  it('opens when a change here fails', async () => {
    const gates = new ReviewGates();
    await expect(gates.shut('r', () => Promise.reject(new Error('store down')))).rejects.toThrow('store down');
    expect(gates.passed('r')).toBeUndefined();
  });

  it('holds joins for another process until it is done', async () => {
    const gates = new ReviewGates();
    gates.shutElsewhere('r');
    const passed = gates.passed('r');
    expect(await settled(passed)).toBe(false);
    expect(gates.openElsewhere('r')).toBe(true);
    expect(await settled(passed)).toBe(true);
    // Done again (a repeated notice): nothing was held.
    expect(gates.openElsewhere('r')).toBe(false);
  });

  it('lets joins through when the other process never says it is done', async () => {
    const gates = new ReviewGates();
    gates.shutElsewhere('r');
    const passed = gates.passed('r');
    await vi.advanceTimersByTimeAsync(HELD_ELSEWHERE_MS - 1);
    expect(await settled(passed)).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    expect(await settled(passed)).toBe(true);
    // Its late notice finds nothing held: whatever loaded meanwhile must reload.
    expect(gates.openElsewhere('r')).toBe(false);
  });

  it('a timed-out hold opens only that hold, not one shut after it', async () => {
    const gates = new ReviewGates();
    gates.shutElsewhere('r');
    const passed = gates.passed('r');
    expect(gates.openElsewhere('r', Promise.resolve())).toBe(false);
    expect(await settled(passed)).toBe(false);
    expect(gates.openElsewhere('r', passed)).toBe(true);
    expect(await settled(passed)).toBe(true);
  });

  it('another process cannot open a gate shut for a change here', async () => {
    const gates = new ReviewGates();
    let finish!: () => void;
    const change = gates.shut('r', () => new Promise<void>((resolve) => (finish = resolve)));
    gates.shutElsewhere('r');
    expect(gates.openElsewhere('r')).toBe(false);
    expect(await settled(gates.passed('r'))).toBe(false);
    finish();
    await change;
    expect(gates.passed('r')).toBeUndefined();
  });
});
