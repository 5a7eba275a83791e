import { describe, expect, it } from 'vitest';
import { jsonTooDeepAt } from './json-depth.ts';

describe('jsonTooDeepAt', () => {
  it('finds the first bracket past the limit and ignores brackets inside strings', () => {
    expect(jsonTooDeepAt('[[[]]]', 3)).toBeNull();
    expect(jsonTooDeepAt('[[[[]]]]', 3)).toBe(3);
    expect(jsonTooDeepAt('{"a":{"b":[1]}}', 3)).toBeNull();
    expect(jsonTooDeepAt('{"a":"[[[[[[\\"[[[["}', 2)).toBeNull();
    expect(jsonTooDeepAt('["\\\\",[[[]]]]', 3)).toBe(8);
  });
});
