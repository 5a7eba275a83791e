import { describe, expect, it } from 'vitest';
import { hashPassword, passwordProblem, verifyPassword } from './passwords.ts';

describe('password hashes', () => {
  it('are scrypt with N=2^15, r=8, p=1, a 16-byte salt and a 32-byte key, salted afresh each time', async () => {
    const a = await hashPassword('correct horse battery staple');
    const b = await hashPassword('correct horse battery staple');
    const [scheme, n, r, p, salt, key] = a.split('$');
    expect([scheme, n, r, p]).toEqual(['scrypt', '32768', '8', '1']);
    expect(Buffer.from(salt!, 'base64url')).toHaveLength(16);
    expect(Buffer.from(key!, 'base64url')).toHaveLength(32);
    expect(a.split('$')).toHaveLength(6);
    expect(b).not.toBe(a);
  });

  it('verify the right password and refuse a wrong one', async () => {
    const stored = await hashPassword('correct horse battery staple');
    expect(await verifyPassword('correct horse battery staple', stored)).toBe(true);
    expect(await verifyPassword('correct horse battery stapler', stored)).toBe(false);
    expect(await verifyPassword('', stored)).toBe(false);
  });

  it('treat the same password typed in another Unicode form as the same (NFKC)', async () => {
    // U+FB01 (the "fi" ligature) and a composed é against e + combining acute.
    const stored = await hashPassword('ﬁnal café recipe book');
    expect(await verifyPassword('final cafe\u0301 recipe book', stored)).toBe(true);
  });

  it('refuse, without throwing, a stored value of another scheme, missing its salt or key, or with a shortened key', async () => {
    const stored = await hashPassword('correct horse battery staple');
    const [, n, r, p, salt, key] = stored.split('$');
    for (const bad of [
      ['bcrypt', n, r, p, salt, key].join('$'),
      ['scrypt', n, r, p, '', key].join('$'),
      ['scrypt', n, r, p, salt, ''].join('$'),
      ['scrypt', n, r, p, salt].join('$'),
      ['scrypt', n, r, p, salt, Buffer.from(key!, 'base64url').subarray(0, 16).toString('base64url')].join('$'),
      '',
    ])
      expect(await verifyPassword('correct horse battery staple', bad), bad).toBe(false);
  });

  it('verify a hash made with other parameters, read from the stored value', async () => {
    const stored = await hashPassword('correct horse battery staple');
    const [, , , , salt] = stored.split('$');
    // The same password and salt at N=2^14: a later change of parameters must keep old hashes working.
    const { scryptSync } = await import('node:crypto');
    const key = scryptSync('correct horse battery staple', Buffer.from(salt!, 'base64url'), 32, {
      N: 16384,
      r: 8,
      p: 1,
    });
    const older = ['scrypt', 16384, 8, 1, salt, key.toString('base64url')].join('$');
    expect(await verifyPassword('correct horse battery staple', older)).toBe(true);
    expect(await verifyPassword('correct horse battery stapler', older)).toBe(false);
  });
});

describe('passwordProblem', () => {
  it('asks for 10 to 200 characters', () => {
    expect(passwordProblem('Kq7#mZ2!p')).toBe('must be at least 10 characters');
    expect(passwordProblem('Kq7#mZ2!pL')).toBeNull();
    expect(passwordProblem('Kq7#mZ2!pL'.repeat(20))).toBeNull();
    expect(passwordProblem(`${'Kq7#mZ2!pL'.repeat(20)}x`)).toBe('must be at most 200 characters');
  });

  it('refuses a common password, whatever its case or Unicode form', () => {
    const common = 'is one of the most common passwords, which are guessed first; choose another';
    expect(passwordProblem('1234567890')).toBe(common);
    expect(passwordProblem('PASSWORD123')).toBe(common);
    expect(passwordProblem('\uFF11\uFF12\uFF13\uFF14\uFF15\uFF16\uFF17\uFF18\uFF19\uFF10')).toBe(common);
  });

  it('refuses a password of fewer than four different characters, and no composition rule beyond that', () => {
    const repeats = 'repeats too few characters to be hard to guess; choose another';
    expect(passwordProblem('zqxzqxzqxzqx')).toBe(repeats);
    expect(passwordProblem('zqxwzqxwzqxw')).toBeNull();
    expect(passwordProblem('lowercase only words here')).toBeNull();
  });
});
