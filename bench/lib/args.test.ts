import { describe, expect, it } from 'vitest';
import { parseArgs } from './args.ts';

describe('bench options', () => {
  it('default to 1,000 edits per N, 100 when quick, and take --edits over the default', () => {
    expect(parseArgs([], 'out').edits).toBe(1_000);
    expect(parseArgs(['--quick'], 'out').edits).toBe(100);
    expect(parseArgs(['--edits=3000', '--repeat=3'], 'out')).toMatchObject({ edits: 3_000, repeat: 3 });
  });

  it('refuse an edit count that is not a whole number in range, naming the option', () => {
    for (const bad of ['--edits', '--edits=', '--edits=abc', '--edits=2.5', '--edits=10', '--edits=1000000'])
      expect(() => parseArgs([bad], 'out')).toThrow(/--edits must be/);
  });
});
