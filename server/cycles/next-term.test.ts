import { describe, expect, it } from 'vitest';
import { readFrameworkFile } from '../frameworks/files.ts';
import { unchangedCriteria } from './next-term.ts';

const ba = await readFrameworkFile(new URL('../../frameworks/ba-partnership-sef.yaml', import.meta.url).pathname);

describe("next term's criteria", () => {
  it('carries over only criteria with the same id and wording into a new framework version', () => {
    const next = structuredClone(ba);
    next.version = 2;
    next.sections[0]!.criteria[0]!.title = 'Engagement of every school';
    next.sections[0]!.criteria.splice(1, 1);
    const unchanged = unchangedCriteria(ba, next);
    expect(unchanged.has('1.1')).toBe(false);
    expect(unchanged.has('1.2')).toBe(false);
    expect(unchanged.has('1.3')).toBe(true);
    expect(unchangedCriteria(ba, ba).size).toBe(ba.sections.flatMap((s) => s.criteria).length);
  });
});
