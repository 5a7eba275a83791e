/** Mutation scores from Stryker's JSON reports (mutation-testing-report-schema), per group and combined. */
import { readFileSync } from 'node:fs';
import { minimatch } from 'minimatch';

export interface Tally {
  killed: number;
  timeout: number;
  survived: number;
  noCoverage: number;
  ignored: number;
  errors: number;
}

export const emptyTally = (): Tally => ({ killed: 0, timeout: 0, survived: 0, noCoverage: 0, ignored: 0, errors: 0 });

interface Position {
  line: number;
  column: number;
}

export interface Mutant {
  id: string;
  mutatorName: string;
  replacement?: string;
  status: string;
  location: { start: Position; end: Position };
}

export interface FileResult {
  language?: string;
  source?: string;
  mutants: Mutant[];
}

export interface Report {
  files: Record<string, FileResult>;
}

export const readReport = (path: string): Report => JSON.parse(readFileSync(path, 'utf8')) as Report;

export function tallyMutants(mutants: readonly Mutant[]): Tally {
  const t = emptyTally();
  for (const m of mutants) {
    if (m.status === 'Killed') t.killed++;
    else if (m.status === 'Timeout') t.timeout++;
    else if (m.status === 'Survived') t.survived++;
    else if (m.status === 'NoCoverage') t.noCoverage++;
    else if (m.status === 'Ignored') t.ignored++;
    else t.errors++;
  }
  return t;
}

/**
 * One mutant across runs: where it is, which mutator, and what it put there (one mutator can make
 * several mutants at the same place, e.g. `<` → `<=` and `<` → `>=`). Stryker's ids are per run.
 */
export const mutantKey = ({ location: { start, end }, mutatorName, replacement }: Mutant): string =>
  `${start.line}:${start.column}-${end.line}:${end.column} ${mutatorName} ${replacement ?? ''}`;

export interface MergedFile extends FileResult {
  /** The reports that gave at least one of its mutants' results, oldest first. */
  reports: string[];
}

export interface Merged {
  files: Map<string, MergedFile>;
  /** A file's results in an older report that measured other source text than its newest report. */
  stale: { file: string; report: string }[];
}

/**
 * Reports of one group, oldest first, merged per mutant: parts that mutated different lines of a
 * file add up, and a mutant tested in several reports counts once, from the newest. A report of
 * the file's source as it was before its newest report's (code or a `Stryker disable` comment
 * changed since) is left out: its positions no longer match, and its results are of other code.
 * With `current` (the file as it is now, where it exists), so is a report of anything but that.
 */
export function mergeReports(
  reports: readonly { name: string; report: Report }[],
  current: (file: string) => string | undefined = () => undefined,
): Merged {
  const newestSource = new Map<string, string | undefined>();
  for (const { report } of reports)
    for (const [file, r] of Object.entries(report.files)) newestSource.set(file, current(file) ?? r.source);
  const byFile = new Map<
    string,
    { language?: string; source?: string; mutants: Map<string, Mutant>; reports: string[] }
  >();
  const stale: Merged['stale'] = [];
  for (const { name, report } of reports) {
    for (const [file, result] of Object.entries(report.files)) {
      if (result.source !== newestSource.get(file)) {
        stale.push({ file, report: name });
        continue;
      }
      let merged = byFile.get(file);
      if (!merged) {
        merged = { language: result.language, source: result.source, mutants: new Map(), reports: [] };
        byFile.set(file, merged);
      }
      if (result.mutants.length > 0) merged.reports.push(name);
      // Ids made unique across reports, so the merged file is itself a valid report.
      for (const m of result.mutants) merged.mutants.set(mutantKey(m), { ...m, id: `${name}:${m.id}` });
    }
  }
  const files = new Map<string, MergedFile>();
  for (const [file, { mutants, ...rest }] of byFile) files.set(file, { ...rest, mutants: [...mutants.values()] });
  return { files, stale };
}

export function add(a: Tally, b: Tally): Tally {
  return {
    killed: a.killed + b.killed,
    timeout: a.timeout + b.timeout,
    survived: a.survived + b.survived,
    noCoverage: a.noCoverage + b.noCoverage,
    ignored: a.ignored + b.ignored,
    errors: a.errors + b.errors,
  };
}

/** Stryker's mutation score: detected over detected and undetected; ignored and compile errors left out. */
export function score(t: Tally): number {
  const detected = t.killed + t.timeout;
  const total = detected + t.survived + t.noCoverage;
  return total === 0 ? 100 : (100 * detected) / total;
}

/** The group whose `mutate` globs take the file (the first, as groups.json lists them), if any. */
export function groupOf(file: string, groups: Record<string, { mutate: readonly string[] }>): string | undefined {
  return Object.entries(groups).find(([, { mutate }]) => {
    const take = mutate.filter((g) => !g.startsWith('!'));
    const leave = mutate.filter((g) => g.startsWith('!')).map((g) => g.slice(1));
    return take.some((g) => minimatch(file, g)) && !leave.some((g) => minimatch(file, g));
  })?.[0];
}

/** Every mutant no test noticed (survived, or run by no test), as `file:line:column mutator → replacement`, in file order. */
export function undetected(files: Readonly<Record<string, FileResult>>): string[] {
  return Object.entries(files)
    .sort(([a], [b]) => a.localeCompare(b))
    .flatMap(([file, { mutants }]) =>
      mutants
        .filter((m) => m.status === 'Survived' || m.status === 'NoCoverage')
        .sort(
          (a, b) => a.location.start.line - b.location.start.line || a.location.start.column - b.location.start.column,
        )
        .map(
          (m) =>
            `${file}:${m.location.start.line}:${m.location.start.column} ${m.mutatorName} → ${JSON.stringify(m.replacement ?? '')}${m.status === 'NoCoverage' ? ' (no test runs it)' : ''}`,
        ),
    );
}
