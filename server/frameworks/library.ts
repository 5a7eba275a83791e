import { createHash } from 'node:crypto';
import type { Framework } from '../../shared/framework/schema.ts';
import type { FrameworkRecord, Store } from '../store/types.ts';
import { readFrameworkFolder } from './files.ts';

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

/**
 * Frameworks by id and version. Every version a review was created from stays readable, so a
 * changed framework never rewrites an existing review.
 */
export class FrameworkLibrary {
  // One object per (id, version): review models are cached by framework identity.
  private readonly cache = new Map<string, Framework>();

  constructor(private readonly store: Store) {}

  /** Register the built-in frameworks; a changed file that kept its version stops start-up. */
  async loadBuiltIns(dir: string): Promise<Framework[]> {
    const frameworks = await readFrameworkFolder(dir);
    for (const fw of frameworks) await this.register(fw, 'built-in');
    return frameworks;
  }

  async register(fw: Framework, source: FrameworkRecord['source']): Promise<'created' | 'unchanged'> {
    const result = await this.store.putFramework({
      framework: fw,
      hash: frameworkHash(fw),
      source,
      createdAt: new Date().toISOString(),
    });
    if (result === 'created') this.cache.set(`${fw.id}@${fw.version}`, fw);
    return result;
  }

  async get(id: string, version?: number): Promise<Framework | null> {
    if (version !== undefined) {
      const cached = this.cache.get(`${id}@${version}`);
      if (cached) return cached;
    }
    const record = await this.store.getFramework(id, version);
    if (!record) return null;
    const key = `${id}@${record.framework.version}`;
    const cached = this.cache.get(key);
    if (cached) return cached;
    this.cache.set(key, record.framework);
    return record.framework;
  }

  async list(): Promise<FrameworkRecord[]> {
    return this.store.listFrameworks();
  }
}
