import { dictionary } from '@zxcvbn-ts/language-common';
import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';

// scrypt (memory-hard) from node:crypto: N=2^15, r=8, p=1 takes 32 MiB and tens of ms per attempt.
const params = { N: 32768, r: 8, p: 1, maxmem: 64 * 1024 * 1024 } satisfies ScryptOptions;
const keyLength = 32;

function derive(password: string, salt: Buffer, options: ScryptOptions): Promise<Buffer> {
  return new Promise((resolve, reject) =>
    scrypt(password.normalize('NFKC'), salt, keyLength, options, (error, key) =>
      error ? reject(error) : resolve(key),
    ),
  );
}

/** `scrypt$N$r$p$salt$hash`, so parameters can be raised later without breaking old hashes. */
export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const key = await derive(password, salt, params);
  return ['scrypt', params.N, params.r, params.p, salt.toString('base64url'), key.toString('base64url')].join('$');
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [scheme, n, r, p, salt, hash] = stored.split('$');
  if (scheme !== 'scrypt' || !salt || !hash) return false;
  const expected = Buffer.from(hash, 'base64url');
  const key = await derive(password, Buffer.from(salt, 'base64url'), {
    N: Number(n),
    r: Number(r),
    p: Number(p),
    maxmem: params.maxmem,
  });
  return key.length === expected.length && timingSafeEqual(key, expected);
}

// zxcvbn-ts's list of ~49,000 passwords most often found in breaches, kept up by that project.
let common: Set<string> | null = null;
const isCommon = (password: string): boolean =>
  (common ??= new Set(dictionary['passwords-common'])).has(password.normalize('NFKC').toLowerCase());

/**
 * What a password must be; checked on every path that sets one. As the NCSC advises: a minimum
 * length and a deny list of common passwords, no composition rules (no "one digit, one symbol").
 */
export function passwordProblem(password: string): string | null {
  if (password.length < 10) return 'must be at least 10 characters';
  if (password.length > 200) return 'must be at most 200 characters';
  if (isCommon(password)) return 'is one of the most common passwords, which are guessed first; choose another';
  if (new Set(password).size < 4) return 'repeats too few characters to be hard to guess; choose another';
  return null;
}
