import { createHash } from 'node:crypto';
import type { Framework } from '../../shared/framework/schema.ts';

/** Canonical JSON (sorted keys), so the hash changes only when the content does. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value).filter(([, v]) => v !== undefined);
    entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

export const frameworkHash = (fw: Framework): string => createHash('sha256').update(canonical(fw)).digest('hex');
