import { describe, expect, it } from 'vitest';
import { RateLimiter } from './rate-limit.ts';
import { SignInLimits } from './sign-in-limits.ts';

describe('SignInLimits', () => {
  it('holds an account at one address after 10 wrong passwords, and never counts a success', () => {
    const limits = new SignInLimits();
    for (let i = 0; i < 500; i++) limits.succeeded('10.0.0.1', 'a@example.test');
    expect(limits.retryAfter('10.0.0.1', 'a@example.test')).toBe(0);
    for (let i = 0; i < 9; i++) limits.failed('10.0.0.1', 'A@Example.test ');
    expect(limits.retryAfter('10.0.0.1', 'a@example.test')).toBe(0);
    limits.failed('10.0.0.1', 'a@example.test');
    expect(limits.retryAfter('10.0.0.1', 'a@example.test')).toBeGreaterThan(0);
    // Another address, or another account at this address, is not held.
    expect(limits.retryAfter('10.0.0.2', 'a@example.test')).toBe(0);
    expect(limits.retryAfter('10.0.0.1', 'b@example.test')).toBe(0);
  });

  it('holds an account after 50 wrong passwords spread over addresses', () => {
    const limits = new SignInLimits();
    for (let i = 0; i < 50; i++) limits.failed(`10.0.1.${i}`, 'a@example.test');
    expect(limits.retryAfter('10.0.2.1', 'a@example.test')).toBeGreaterThan(0);
    expect(limits.retryAfter('10.0.2.1', 'b@example.test')).toBe(0);
  });

  it('holds an address after 100 wrong passwords spread over accounts', () => {
    const limits = new SignInLimits();
    for (let i = 0; i < 100; i++) limits.failed('10.0.0.9', `user${i}@example.test`);
    expect(limits.retryAfter('10.0.0.9', 'fresh@example.test')).toBeGreaterThan(0);
    expect(limits.retryAfter('10.0.0.8', 'fresh@example.test')).toBe(0);
  });
});

describe('RateLimiter', () => {
  it('counts failures in a fixed window and forgets them when it ends', () => {
    const limiter = new RateLimiter(2, 1000);
    limiter.fail('k', 0);
    limiter.fail('k', 10);
    expect(limiter.retryAfter('k', 500)).toBe(1);
    expect(limiter.retryAfter('k', 1000)).toBe(0);
    limiter.fail('k', 1000);
    expect(limiter.retryAfter('k', 1001)).toBe(0);
  });

  it('stays bounded, dropping the oldest live keys', () => {
    const limiter = new RateLimiter(1, 60_000, 3);
    for (const k of ['a', 'b', 'c', 'd']) limiter.fail(k, 0);
    expect(limiter.retryAfter('a', 1)).toBe(0);
    expect(limiter.retryAfter('d', 1)).toBeGreaterThan(0);
  });
});

describe('SignInLimits by account', () => {
  it('counts an email in any case as one account, and different letters as different accounts', () => {
    const limits = new SignInLimits();
    for (let i = 0; i < 10; i++) limits.failed('10.0.0.1', i % 2 ? 'STRASSE@la.example' : 'strasse@LA.example');
    expect(limits.retryAfter('10.0.0.1', 'Strasse@La.Example')).toBeGreaterThan(0);
    // "ß" is not "ss": upper-casing would make them one account.
    expect(limits.retryAfter('10.0.0.1', 'straße@la.example')).toBe(0);
  });
});

describe('SignInLimits after a right password', () => {
  it('clears the count for that account at that address only, not the account’s total', () => {
    const limits = new SignInLimits();
    for (let i = 0; i < 9; i++) limits.failed('10.0.0.1', 'a@example.test');
    limits.succeeded('10.0.0.1', 'A@example.test');
    for (let i = 0; i < 9; i++) limits.failed('10.0.0.1', 'a@example.test');
    expect(limits.retryAfter('10.0.0.1', 'a@example.test')).toBe(0);

    for (let i = 0; i < 50; i++) limits.failed(`10.0.3.${i}`, 'b@example.test');
    limits.succeeded('10.0.3.1', 'b@example.test');
    expect(limits.retryAfter('10.0.3.1', 'b@example.test')).toBeGreaterThan(0);
  });
});

describe('RateLimiter edges', () => {
  it('answers whole seconds, rounded up, and nothing under the limit', () => {
    const limiter = new RateLimiter(2, 60_000);
    limiter.fail('k', 0);
    expect(limiter.retryAfter('k', 1)).toBe(0);
    limiter.fail('k', 1);
    expect(limiter.retryAfter('k', 1)).toBe(60);
    expect(limiter.retryAfter('k', 59_001)).toBe(1);
    expect(limiter.retryAfter('k', 59_999)).toBe(1);
    expect(limiter.retryAfter('unknown', 1)).toBe(0);
  });

  it('starts a new window for a failure at the instant the old one ends', () => {
    const limiter = new RateLimiter(2, 1000);
    limiter.fail('k', 0);
    limiter.fail('k', 1000);
    expect(limiter.retryAfter('k', 1500)).toBe(0);
    limiter.fail('k', 1500);
    expect(limiter.retryAfter('k', 1500)).toBe(1);
  });

  it('when full, forgets ended windows before dropping a live one', () => {
    const limiter = new RateLimiter(1, 1000, 3);
    limiter.fail('a', 0);
    limiter.fail('b', 100);
    // a's window ends and a new one starts; a keeps its place as the oldest key.
    limiter.fail('a', 1000);
    limiter.fail('c', 1050);
    // Full: b's window, ending at this instant, is forgotten; a's live one is kept.
    limiter.fail('d', 1100);
    expect(limiter.retryAfter('a', 1200)).toBe(1);
    expect(limiter.retryAfter('c', 1200)).toBe(1);
    expect(limiter.retryAfter('d', 1200)).toBe(1);
    expect(limiter.retryAfter('b', 1200)).toBe(0);
  });

  it('when full of live windows, drops only the oldest', () => {
    const limiter = new RateLimiter(1, 60_000, 3);
    for (const k of ['a', 'b', 'c', 'd']) limiter.fail(k, 0);
    expect(['a', 'b', 'c', 'd'].map((k) => limiter.retryAfter(k, 1))).toEqual([0, 60, 60, 60]);
  });

  it('answers 0 for a window that ended long ago, however many failures it held', () => {
    const limiter = new RateLimiter(1, 1000);
    limiter.fail('k', 0);
    limiter.fail('k', 1);
    expect(limiter.retryAfter('k', 5000)).toBe(0);
  });

  it('forgets one failure when reset', () => {
    const limiter = new RateLimiter(1, 1000);
    limiter.fail('k', 0);
    limiter.fail('other', 0);
    limiter.reset('k');
    expect(limiter.retryAfter('k', 1)).toBe(0);
    expect(limiter.retryAfter('other', 1)).toBe(1);
  });
});
