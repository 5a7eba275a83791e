import { createHash, randomBytes } from 'node:crypto';

/** A secret for a cookie, an API token or an invite link: 32 random bytes, URL-safe. */
export const newSecret = (prefix = ''): string => `${prefix}${randomBytes(32).toString('base64url')}`;

/** Only hashes are stored, so a copy of the database holds no usable session, token or link. */
export const hashSecret = (secret: string): string => createHash('sha256').update(secret).digest('hex');

export const newId = (): string => randomBytes(12).toString('base64url');

export const API_TOKEN_PREFIX = 'bf_';
