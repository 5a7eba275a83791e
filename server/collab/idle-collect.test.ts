import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { IdleCollect } from './idle-collect.ts';

describe('IdleCollect', () => {
  const holder = globalThis as { gc?: () => void };
  const original = holder.gc;
  let gc: ReturnType<typeof vi.fn<() => void>>;

  beforeEach(() => {
    vi.useFakeTimers();
    gc = vi.fn<() => void>();
    holder.gc = gc;
  });
  afterEach(() => {
    vi.useRealTimers();
    holder.gc = original;
  });

  it('collects twice once idle, then stops', () => {
    const collect = new IdleCollect(() => true);
    collect.schedule();
    collect.schedule(); // already pending: not doubled
    vi.advanceTimersByTime(2_000);
    expect(gc).toHaveBeenCalledTimes(1);
    vi.advanceTimersByTime(35_000);
    expect(gc).toHaveBeenCalledTimes(2);
    vi.advanceTimersByTime(100_000);
    expect(gc).toHaveBeenCalledTimes(2);
  });

  it('never keeps the process alive while it waits', () => {
    const timers = vi.spyOn(globalThis, 'setTimeout');
    const collect = new IdleCollect(() => true);
    collect.schedule();
    vi.advanceTimersByTime(2_000);
    expect(gc).toHaveBeenCalledTimes(1);
    const waits = timers.mock.results.map((result) => result.value as NodeJS.Timeout);
    expect(waits).toHaveLength(2);
    for (const wait of waits) expect(wait.hasRef()).toBe(false);
    collect.stop();
    timers.mockRestore();
  });

  it('skips the collection when something loaded meanwhile', () => {
    let idle = true;
    const collect = new IdleCollect(() => idle);
    collect.schedule();
    idle = false;
    vi.advanceTimersByTime(100_000);
    expect(gc).not.toHaveBeenCalled();
  });

  it('does nothing after stop, nor without --expose-gc', () => {
    const collect = new IdleCollect(() => true);
    collect.schedule();
    collect.stop();
    vi.advanceTimersByTime(100_000);
    expect(gc).not.toHaveBeenCalled();
    holder.gc = undefined;
    collect.schedule();
    vi.advanceTimersByTime(100_000);
    expect(gc).not.toHaveBeenCalled();
  });
});
