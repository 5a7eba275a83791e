/**
 * `npm run mutate [-- group… ] [-- --force]`: Stryker over each group of bench/mutation/groups.json
 * in turn (one runner, each group against its own tests), then one combined score from the groups'
 * reports (`npm run mutate -- --report-only` just combines), written to bench/results/mutation/summary.json
 * (the merged results themselves, in Stryker's report schema, to combined.json).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import groups from './groups.json' with { type: 'json' };
import {
  add,
  emptyTally,
  groupOf,
  mergeReports,
  readReport,
  score,
  tallyMutants,
  type FileResult,
  undetected,
  type Tally,
} from './score.ts';

const args = process.argv.slice(2);
const names = Object.keys(groups);
const chosen = args.filter((a) => names.includes(a));
const reportOnly = args.includes('--report-only');
const strykerArgs = args.filter((a) => !names.includes(a) && a !== '--report-only');
const unknown = strykerArgs.filter((a) => !a.startsWith('-'));
if (unknown.length > 0)
  throw new Error(`unknown mutation group ${unknown.join(', ')}: the groups are ${names.join(', ')}`);

for (const name of reportOnly ? [] : chosen.length > 0 ? chosen : names) {
  console.log(`\n== mutation group ${name} ==`);
  const run = spawnSync('npx', ['stryker', 'run', ...strykerArgs], {
    stdio: 'inherit',
    env: { ...process.env, MUTATE_GROUP: name },
  });
  if (run.status !== 0) process.exitCode = run.status ?? 1;
}

// Every report counts, so one group or part can be rerun alone and the total stays whole. The kept
// reports (bench/mutation/reports/, committed, named by the UTC time of the run) come first, oldest
// first by name, then this checkout's own runs by age; all are merged per mutant, newest result
// first, and a file's results count only if they measured the file as it is now.
const dir = 'bench/results/mutation';
const kept = 'bench/mutation/reports';
const jsonIn = (d: string) =>
  existsSync(d) ? readdirSync(d).filter((f) => f.endsWith('.json') && !f.endsWith('-incremental.json')) : [];
const reports = [
  ...jsonIn(kept)
    .sort()
    .map((f) => ({ name: `${kept}/${f}`, path: `${kept}/${f}` })),
  ...jsonIn(dir)
    .filter((f) => f !== 'summary.json' && f !== 'combined.json')
    .map((f) => ({ f, mtime: statSync(`${dir}/${f}`).mtimeMs }))
    .sort((a, b) => a.mtime - b.mtime)
    .map(({ f }) => ({ name: `${dir}/${f}`, path: `${dir}/${f}` })),
].map(({ name, path }) => ({ name: name.replace(/\.json$/, ''), report: readReport(path) }));
const now = (file: string) => (existsSync(file) ? readFileSync(file, 'utf8') : undefined);
const { files: merged, stale } = mergeReports(reports, now);
for (const { file, report } of stale)
  console.log(`  ${file}: ${report}.json left out, it measured the file before it last changed (rerun that part)`);

const pct = (n: number) => `${n.toFixed(2)}%`;
const rows: { group: string; file: string; tally: Tally; reports: string[] }[] = [];
const combined: Record<string, FileResult> = {};
let total = emptyTally();
for (const name of names) {
  const files = [...merged].filter(([file]) => groupOf(file, groups) === name);
  if (files.length === 0) {
    console.log(`${name}: no report yet (npm run mutate -- ${name})`);
    continue;
  }
  let groupTally = emptyTally();
  for (const [file, { reports: from, ...result }] of files) {
    const tally = tallyMutants(result.mutants);
    rows.push({ group: name, file, tally, reports: from });
    combined[file] = result;
    groupTally = add(groupTally, tally);
    console.log(
      `  ${file}: ${pct(score(tally))} (${tally.killed}/${tally.timeout}/${tally.survived}/${tally.noCoverage}, from ${from.join(', ')})`,
    );
  }
  total = add(total, groupTally);
  console.log(
    `${name}: ${pct(score(groupTally))} (killed ${groupTally.killed}, timed out ${groupTally.timeout}, survived ${groupTally.survived}, no coverage ${groupTally.noCoverage}, ignored ${groupTally.ignored})`,
  );
}
const outside = [...merged.keys()].filter((file) => groupOf(file, groups) === undefined);
if (outside.length > 0) console.log(`not in any group, left out: ${outside.join(', ')}`);
// Every module some group mutates (the groups' globs only reach under server/ and shared/).
const configured = () =>
  ['server', 'shared']
    .flatMap((root) => readdirSync(root, { recursive: true, encoding: 'utf8' }).map((f) => `${root}/${f}`))
    .filter((file) => file.endsWith('.ts') && groupOf(file, groups) !== undefined)
    .sort();
const missing = configured().filter((file) => !merged.has(file));
if (missing.length > 0)
  console.log(`configured but not measured (no report of the file as it is now): ${missing.join(', ')}`);
const left = undetected(combined);
console.log(left.length === 0 ? 'no mutant survives' : `surviving mutants (${left.length}):\n  ${left.join('\n  ')}`);
console.log(
  `all groups: ${pct(score(total))} (killed ${total.killed}, timed out ${total.timeout}, survived ${total.survived}, no coverage ${total.noCoverage}, ignored ${total.ignored})`,
);
mkdirSync(dir, { recursive: true });
writeFileSync(
  `${dir}/summary.json`,
  JSON.stringify({ score: score(total), total, files: rows.map((r) => ({ ...r, score: score(r.tally) })) }, null, 2),
);
// The merged results as one report in Stryker's schema (for its HTML viewer, or to keep in docs/).
writeFileSync(
  `${dir}/combined.json`,
  JSON.stringify({ schemaVersion: '2', thresholds: { high: 90, low: 80 }, files: combined }),
);
