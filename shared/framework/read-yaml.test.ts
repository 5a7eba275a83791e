import { describe, expect, it } from 'vitest';
import { aliasedCriteria, billionLaughs, deepBlock, deepFlow } from '../../test/helpers/hostile-uploads.ts';
import { FrameworkLimits } from './limits.ts';
import { countValues, readYaml } from './read-yaml.ts';
import { parseFrameworkText } from './validate.ts';

const issueOf = (source: string) => {
  const result = parseFrameworkText(source, 'f.yaml');
  if (result.ok) throw new Error('expected a refusal');
  return result.issues[0]!;
};

describe('reading framework YAML within limits', () => {
  it('refuses a file over the size limit before reading it', () => {
    expect(issueOf('#'.repeat(FrameworkLimits.maxChars + 1))).toEqual({
      path: '(file)',
      message: 'the file is 257 KiB; a framework may be at most 256 KiB',
    });
  });

  it('refuses deep nesting, flow or block, naming where it went too deep', () => {
    expect(issueOf(deepFlow(100_000))).toEqual({
      path: 'line 1, column 33',
      message: 'nested deeper than 32 levels; a framework needs about 10',
    });
    expect(issueOf(deepBlock(1_000)).message).toBe('nested deeper than 32 levels; a framework needs about 10');
    // Just inside the limit is read (and then judged by the schema).
    expect(readYaml(deepFlow(20)).ok).toBe(true);
  });

  it('refuses an alias bomb with a 400-style issue, not an exception', () => {
    const bomb = issueOf(billionLaughs());
    expect(bomb.path).toBe('(aliases)');
    expect(bomb.message).toContain('aliases (*name) expand too far: more than 100 copies');
    expect(issueOf('a: *nowhere\n')).toEqual({
      path: '(aliases)',
      message: 'Unresolved alias (the anchor must be set before the alias): nowhere',
    });
  });

  it('refuses too many values once aliases are expanded, and too many criteria, before the schema', () => {
    expect(issueOf(aliasedCriteria(1_000, 99))).toEqual({
      path: '(file)',
      message: 'more than 100,000 values once aliases are expanded',
    });
    expect(issueOf(aliasedCriteria(1_001, 1))).toEqual({
      path: 'sections',
      message: '1,001 criteria; a framework may have at most 1,000',
    });
  });

  it('accepts a large framework within every limit: rule references are checked against a set', () => {
    const result = parseFrameworkText(aliasedCriteria(1_000, 80), 'f.yaml');
    expect(result.ok).toBe(true);
    const broken = aliasedCriteria(1_000, 2).replace('&ids [c0,', '&ids [nope,');
    expect(parseFrameworkText(broken, 'f.yaml')).toMatchObject({
      ok: false,
      issues: [
        { path: 'rules.0.criteria.0', message: '"nope" is not a criterion of the framework' },
        { path: 'rules.1.criteria.0', message: '"nope" is not a criterion of the framework' },
      ],
    });
  });

  it('names the line of a syntax error and refuses several documents', () => {
    expect(issueOf('id: x\n  title: [unclosed').path).toMatch(/^line \d+, column \d+$/);
    expect(issueOf('a: 1\n---\nb: 2\n')).toEqual({
      path: 'line 2, column 1',
      message: 'a framework file holds one YAML document, not several',
    });
  });

  it('counts shared values each time they are reached, and stops at the limit', () => {
    const list = [1, 2, 3];
    expect(countValues({ a: list, b: list }, 100)).toBe(9);
    expect(countValues({ a: Array(1000).fill([1, 2]) }, 10)).toBeLessThanOrEqual(1002);
  });
});
