/** Mutation scores from Stryker's JSON reports (mutation-testing-report-schema), per group and combined. */
import { readFileSync } from 'node:fs';

export interface Tally {
  killed: number;
  timeout: number;
  survived: number;
  noCoverage: number;
  ignored: number;
  errors: number;
}

export const emptyTally = (): Tally => ({ killed: 0, timeout: 0, survived: 0, noCoverage: 0, ignored: 0, errors: 0 });

interface Report {
  files: Record<string, { mutants: { status: string }[] }>;
}

/** Tally per file of one report. */
export function tallyReport(path: string): Map<string, Tally> {
  const report = JSON.parse(readFileSync(path, 'utf8')) as Report;
  const byFile = new Map<string, Tally>();
  for (const [file, { mutants }] of Object.entries(report.files)) {
    const t = emptyTally();
    for (const m of mutants) {
      if (m.status === 'Killed') t.killed++;
      else if (m.status === 'Timeout') t.timeout++;
      else if (m.status === 'Survived') t.survived++;
      else if (m.status === 'NoCoverage') t.noCoverage++;
      else if (m.status === 'Ignored') t.ignored++;
      else t.errors++;
    }
    byFile.set(file, t);
  }
  return byFile;
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
