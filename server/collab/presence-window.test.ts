import { describe, expect, it } from 'vitest';
import { DEFAULT_PRESENCE_FLUSH_MS, presenceFlushMs } from './presence-window.ts';

describe('presenceFlushMs', () => {
  it('is 50 ms when unset or empty', () => {
    expect(presenceFlushMs(undefined)).toBe(DEFAULT_PRESENCE_FLUSH_MS);
    expect(presenceFlushMs(' ')).toBe(50);
  });

  it('takes whole milliseconds from 0 to 1000', () => {
    expect(presenceFlushMs('0')).toBe(0);
    expect(presenceFlushMs('10')).toBe(10);
    expect(presenceFlushMs('1000')).toBe(1000);
  });

  it('refuses anything else, naming the variable and the value', () => {
    for (const bad of ['-1', '1001', '2.5', 'fast'])
      expect(() => presenceFlushMs(bad)).toThrow(
        `PRESENCE_FLUSH_MS must be a whole number of milliseconds from 0 to 1000, not "${bad}"`,
      );
  });
});
