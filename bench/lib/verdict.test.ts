import { describe, expect, it } from 'vitest';
import { metOf, verdict, verdictText } from './verdict.ts';

describe('verdict', () => {
  const atMost = { op: '<=', value: 1 } as const;
  const atLeast = { op: '>=', value: 5 } as const;

  it('is met only when the whole interval clears the threshold', () => {
    expect(verdict({ low: 0.8, high: 0.99 }, atMost)).toBe('met');
    expect(verdict({ low: 0.8, high: 1 }, atMost)).toBe('met');
    expect(verdict({ low: 5, high: 7 }, atLeast)).toBe('met');
  });

  it('is missed only when the whole interval is on the wrong side', () => {
    expect(verdict({ low: 1.01, high: 1.3 }, atMost)).toBe('missed');
    expect(verdict({ low: 3, high: 4.9 }, atLeast)).toBe('missed');
  });

  it('is undecided when the threshold falls inside the interval', () => {
    expect(verdict({ low: 0.9, high: 1.1 }, atMost)).toBe('undecided');
    expect(verdict({ low: 4, high: 6 }, atLeast)).toBe('undecided');
  });

  it('is nothing without an interval', () => {
    expect(verdict({ low: Number.NaN, high: 1 }, atMost)).toBeNull();
  });

  it('maps to the yes/no field and the table text', () => {
    expect(metOf('met')).toBe(true);
    expect(metOf('missed')).toBe(false);
    expect(metOf('undecided')).toBeNull();
    expect(verdictText('missed')).toBe('**missed**');
    expect(verdictText('undecided')).toBe('undecided');
    expect(verdictText(null)).toBe('—');
  });
});
