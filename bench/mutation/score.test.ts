import { describe, expect, it } from 'vitest';
import { groupOf, mergeReports, score, tallyMutants, undetected, type Mutant, type Report } from './score.ts';

const SOURCE = 'line 1\nline 2\nline 3\n';

const mutant = (
  id: string,
  line: number,
  status: string,
  mutatorName = 'ConditionalExpression',
  replacement = 'true',
): Mutant => ({
  id,
  mutatorName,
  replacement,
  status,
  location: { start: { line, column: 1 }, end: { line, column: 5 } },
});

const report = (file: string, mutants: Mutant[], source = SOURCE): Report => ({
  files: { [file]: { language: 'typescript', source, mutants } },
});

const statuses = (mutants: readonly Mutant[]) =>
  mutants.map((m) => `${m.location.start.line} ${m.replacement} ${m.status}`).sort();

describe('merging the reports of one group', () => {
  it('adds up parts that mutated different lines of one file', () => {
    const { files, stale } = mergeReports([
      {
        name: 'store-part1',
        report: report('a.ts', [
          mutant('0', 1, 'Killed'),
          mutant('1', 1, 'Survived', 'ConditionalExpression', 'false'),
        ]),
      },
      {
        name: 'store-part2',
        report: report(
          'a.ts',
          [mutant('0', 3, 'Killed'), mutant('1', 3, 'Timeout')].map((m, i) => ({ ...m, replacement: String(i) })),
        ),
      },
    ]);
    expect(stale).toEqual([]);
    const a = files.get('a.ts')!;
    expect(statuses(a.mutants)).toEqual(['1 false Survived', '1 true Killed', '3 0 Killed', '3 1 Timeout']);
    expect(a.reports).toEqual(['store-part1', 'store-part2']);
    expect(tallyMutants(a.mutants)).toMatchObject({ killed: 2, timeout: 1, survived: 1 });
    expect(score(tallyMutants(a.mutants))).toBe(75);
    // Stryker numbers mutants per run; merged, each keeps a distinct id.
    expect(new Set(a.mutants.map((m) => m.id)).size).toBe(4);
  });

  it('counts a mutant tested in several reports once, from the newest', () => {
    const { files } = mergeReports([
      { name: 'store', report: report('a.ts', [mutant('0', 1, 'Survived'), mutant('1', 2, 'Killed')]) },
      { name: 'store-again', report: report('a.ts', [mutant('7', 1, 'Killed')]) },
    ]);
    const a = files.get('a.ts')!;
    expect(statuses(a.mutants)).toEqual(['1 true Killed', '2 true Killed']);
    expect(a.mutants.find((m) => m.location.start.line === 1)!.id).toBe('store-again:7');
  });

  it('keeps mutants at one place apart when their mutator or replacement differs', () => {
    const { files } = mergeReports([
      { name: 'store', report: report('a.ts', [mutant('0', 1, 'Killed', 'EqualityOperator', '<=')]) },
      {
        name: 'store-b',
        report: report('a.ts', [
          mutant('0', 1, 'Survived', 'EqualityOperator', '>='),
          mutant('1', 1, 'Killed', 'BooleanLiteral', 'true'),
        ]),
      },
    ]);
    expect(files.get('a.ts')!.mutants).toHaveLength(3);
  });

  it('leaves out results of a file whose source changed since, and says which', () => {
    const { files, stale } = mergeReports([
      {
        name: 'store-old',
        report: report('a.ts', [mutant('0', 1, 'Survived'), mutant('1', 3, 'Killed')], 'old source\n'),
      },
      { name: 'store-b', report: report('b.ts', [mutant('0', 1, 'Killed')]) },
      { name: 'store-new', report: report('a.ts', [mutant('0', 2, 'Killed')]) },
    ]);
    expect(stale).toEqual([{ file: 'a.ts', report: 'store-old' }]);
    expect(statuses(files.get('a.ts')!.mutants)).toEqual(['2 true Killed']);
    expect(files.get('a.ts')!.source).toBe(SOURCE);
    expect(statuses(files.get('b.ts')!.mutants)).toEqual(['1 true Killed']);
  });

  it('leaves out a report of anything but the file as it is now, however new the report', () => {
    const now = (file: string) => (file === 'a.ts' ? 'edited since\n' : undefined);
    const { files, stale } = mergeReports(
      [
        { name: 'store-a', report: report('a.ts', [mutant('0', 1, 'Killed')]) },
        { name: 'store-gone', report: report('gone.ts', [mutant('0', 1, 'Killed')]) },
      ],
      now,
    );
    expect(stale).toEqual([{ file: 'a.ts', report: 'store-a' }]);
    expect(files.has('a.ts')).toBe(false);
    // A file that is not there to compare keeps its newest report's results.
    expect(statuses(files.get('gone.ts')!.mutants)).toEqual(['1 true Killed']);
  });
});

describe('the group a mutated file belongs to', () => {
  const groups = {
    store: { mutate: ['server/store/sqlite*.ts', '!server/store/*.test.ts'] },
    auth: { mutate: ['server/auth/**/*.ts', '!server/auth/**/*.test.ts'] },
    review: { mutate: ['shared/review/validate-update.ts', 'shared/review/roots/*.ts'] },
  };

  it('is the first whose globs take it and do not leave it out', () => {
    expect(groupOf('server/store/sqlite-log.ts', groups)).toBe('store');
    expect(groupOf('server/auth/oidc/claims.ts', groups)).toBe('auth');
    expect(groupOf('shared/review/roots/ratings.ts', groups)).toBe('review');
    expect(groupOf('server/store/sqlite.test.ts', groups)).toBeUndefined();
    expect(groupOf('server/store/postgres.ts', groups)).toBeUndefined();
    expect(groupOf('shared/review/judgement.ts', groups)).toBeUndefined();
  });
});

describe('the mutants no test noticed', () => {
  it('lists the survivors and those no test runs, by file and line, and nothing else', () => {
    const files = {
      'b.ts': {
        mutants: [
          mutant('1', 3, 'Survived'),
          mutant('2', 1, 'Killed'),
          mutant('3', 2, 'NoCoverage', 'StringLiteral', '""'),
        ],
      },
      'a.ts': {
        mutants: [
          mutant('4', 1, 'Timeout'),
          mutant('5', 1, 'Ignored'),
          mutant('6', 2, 'Survived', 'EqualityOperator', 'i <= n'),
        ],
      },
    };
    expect(undetected(files)).toEqual([
      'a.ts:2:1 EqualityOperator → "i <= n"',
      'b.ts:2:1 StringLiteral → "\\"\\"" (no test runs it)',
      'b.ts:3:1 ConditionalExpression → "true"',
    ]);
    expect(undetected({ 'c.ts': { mutants: [mutant('7', 1, 'Killed')] } })).toEqual([]);
  });
});
