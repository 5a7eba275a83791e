import { describe, expect, it } from 'vitest';
import {
  DEFAULT_PRESENCE_FLUSH_MS,
  DEFAULT_PRESENCE_TIMEOUT_MS,
  presenceFlushMs,
  presenceTimeoutMs,
} from './presence-window.ts';

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

describe('presenceTimeoutMs', () => {
  it('is y-protocols’ 30 s when unset or empty', () => {
    expect(presenceTimeoutMs(undefined)).toBe(DEFAULT_PRESENCE_TIMEOUT_MS);
    expect(presenceTimeoutMs('')).toBe(30_000);
    expect(presenceTimeoutMs('  ')).toBe(30_000);
  });

  it('takes whole milliseconds from 1000 to 600000', () => {
    expect(presenceTimeoutMs('1000')).toBe(1000);
    expect(presenceTimeoutMs('600000')).toBe(600_000);
  });

  it('refuses anything else, naming the variable and the value', () => {
    for (const bad of ['0', '999', '600001', '1.5', 'soon'])
      expect(() => presenceTimeoutMs(bad)).toThrow(
        `PRESENCE_TIMEOUT_MS must be a whole number of milliseconds from 1000 to 600000, not "${bad}"`,
      );
  });
});
