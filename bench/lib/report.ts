/** Results as JSON and as a Markdown table; the machine they were measured on. */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { fmt } from './stats.ts';
import { verdictText, type Verdict } from './verdict.ts';
import { findChromium } from '../../test/chromium.ts';

export interface Goal {
  scenario: number;
  /** What is compared, e.g. "p99 edit-to-visible, N = 200". */
  metric: string;
  unit: string;
  candidate: number | null;
  reference: number | null;
  /** candidate ÷ reference, or the candidate's own figure for absolute goals. */
  ratio: number | null;
  /** e.g. "≤ 1.0×" or "≤ 100 ms". */
  target: string;
  met: boolean | null;
  /** Bootstrap 95 % interval of `ratio` (or of the figure, for absolute goals). */
  interval?: [number, number];
  /** From the interval: met or missed only when it clears the threshold. */
  verdict?: Verdict | null;
  note?: string;
}

export interface Row {
  scenario: number;
  metric: string;
  unit: string;
  candidate: number | null;
  reference: number | null;
  /** Shown as "×" when both figures exist. */
  ratio?: number | null;
  target?: string;
  met?: boolean | null;
  interval?: [number, number];
  verdict?: Verdict | null;
  note?: string;
}

export interface ScenarioReport {
  scenario: number;
  title: string;
  rows: Row[];
  goals: Goal[];
  /** Everything measured, run by run. */
  raw: unknown;
  notes: string[];
  seconds: number;
  error?: string;
}

export interface Machine {
  cpus: number;
  model: string;
  memoryGiB: number;
  node: string;
  os: string;
  chromium: string | null;
}

export function machine(): Machine {
  let model = cpus()[0]?.model ?? 'unknown';
  try {
    model = /model name\s*:\s*(.+)/.exec(readFileSync('/proc/cpuinfo', 'utf8'))?.[1]?.trim() ?? model;
  } catch {
    // not Linux
  }
  let os: string = process.platform;
  try {
    os = /PRETTY_NAME="([^"]+)"/.exec(readFileSync('/etc/os-release', 'utf8'))?.[1] ?? os;
  } catch {
    // no os-release
  }
  let chromium: string | null;
  try {
    chromium = execFileSync(findChromium()?.path ?? 'chromium', ['--version'], {
      stdio: ['ignore', 'pipe', 'ignore'],
      timeout: 10_000,
    })
      .toString()
      .trim();
  } catch {
    chromium = null;
  }
  return {
    cpus: cpus().length,
    model,
    memoryGiB: Math.round((totalmem() / 2 ** 30) * 10) / 10,
    node: process.version,
    os,
    chromium,
  };
}

export const ratio = (a: number | null | undefined, b: number | null | undefined): number | null =>
  a === null ||
  a === undefined ||
  b === null ||
  b === undefined ||
  !Number.isFinite(a) ||
  !Number.isFinite(b) ||
  b === 0
    ? null
    : a / b;

/** Ratios to three decimals (one past 10), so one just over a goal never prints as the goal itself. */
export const fmtRatio = (r: number | null | undefined): string =>
  r === null || r === undefined || !Number.isFinite(r) ? '—' : `${r >= 10 ? r.toFixed(1) : r.toFixed(3)}×`;

const metText = (met: boolean | null | undefined) => (met === true ? 'yes' : met === false ? '**no**' : '—');

/** "met"/"missed"/"undecided" where an interval decides it, else yes/no from the point figure. */
const judged = (x: { met?: boolean | null; verdict?: Verdict | null }) =>
  x.verdict !== undefined ? verdictText(x.verdict) : metText(x.met);

const intervalText = (i: [number, number] | undefined, unit: string) =>
  i && Number.isFinite(i[0]) && Number.isFinite(i[1])
    ? ` [${unit === '×' ? fmtRatio(i[0]).slice(0, -1) : fmt(i[0], 2)}–${unit === '×' ? fmtRatio(i[1]) : fmt(i[1], 2)}]`
    : '';

const withUnit = (v: number | null, unit: string) =>
  v === null ? '—' : `${fmt(v)}${unit ? (unit.startsWith('×') ? unit : ` ${unit}`) : ''}`;

export function markdownTable(reports: ScenarioReport[]): string {
  const lines = [
    '| # | Metric | Bestfit | Reference | Ratio | Goal | Met |',
    '| - | ------ | ------- | --------- | ----- | ---- | --- |',
  ];
  for (const r of reports) {
    if (r.error) {
      lines.push(`| ${r.scenario} | ${r.title}: **failed to run** (${r.error.split('\n')[0]}) | | | | | |`);
      continue;
    }
    for (const row of r.rows) {
      const ratioText = row.ratio === undefined ? '' : `${fmtRatio(row.ratio)}${intervalText(row.interval, '×')}`;
      const metric = row.note ? `${row.metric} (${row.note})` : row.metric;
      lines.push(
        `| ${row.scenario} | ${metric} | ${withUnit(row.candidate, row.unit)} | ${withUnit(row.reference, row.unit)} | ${ratioText} | ${row.target ?? ''} | ${row.target ? judged(row) : ''} |`,
      );
    }
  }
  return lines.join('\n');
}

export function goalsList(reports: ScenarioReport[]): string {
  const lines: string[] = [];
  for (const r of reports) {
    for (const g of r.goals) {
      const figure =
        g.reference !== null && g.candidate !== null
          ? `${fmt(g.candidate)} vs ${fmt(g.reference)} ${g.unit} = ${fmtRatio(g.ratio)}${intervalText(g.interval, '×')}`
          : `${withUnit(g.candidate, g.unit)}${intervalText(g.interval, g.unit)}`;
      const state =
        g.verdict !== undefined
          ? ` — **${g.verdict ?? 'not measured'}**${g.verdict === 'undecided' ? ' (the 95 % interval spans the goal)' : ''}`
          : g.met === null
            ? ' — not measured'
            : '';
      lines.push(
        `- [${g.met === true ? 'x' : ' '}] ${g.scenario}. ${g.metric}: ${figure} (goal ${g.target})${state}${g.note ? ` — ${g.note}` : ''}`,
      );
    }
  }
  return lines.join('\n');
}

export function machineLine(m: Machine): string {
  return `${m.cpus} × ${m.model}, ${m.memoryGiB} GiB RAM, ${m.os}, Node.js ${m.node}${m.chromium ? `, ${m.chromium}` : ''}`;
}
