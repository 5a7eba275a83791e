/**
 * `npm run mutate [-- group… ] [-- --force]`: Stryker over each group of bench/mutation/groups.json
 * in turn (one runner, each group against its own tests), then one combined score from the groups'
 * reports (`npm run mutate -- --report-only` just combines), written to bench/results/mutation/summary.json
 * (the merged results themselves, in Stryker's report schema, to combined.json).
 */
import { spawnSync } from 'node:child_process';
import { readdirSync, statSync, writeFileSync } from 'node:fs';
import groups from './groups.json' with { type: 'json' };
import {
  add,
  emptyTally,
  mergeReports,
  readReport,
  score,
  tallyMutants,
  type FileResult,
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

// Every group that has a report counts, so one group can be rerun alone and the total stays whole;
// a group's reports (the group's own and its parts', MUTATE_PART) are merged per mutant, newest
// result first, so parts over different lines of one file add up.
const dir = 'bench/results/mutation';
const reports = readdirSync(dir)
  .filter(
    (f) => f.endsWith('.json') && !f.endsWith('-incremental.json') && f !== 'summary.json' && f !== 'combined.json',
  )
  .map((f) => ({ f, mtime: statSync(`${dir}/${f}`).mtimeMs }))
  .sort((a, b) => a.mtime - b.mtime);
const pct = (n: number) => `${n.toFixed(2)}%`;
const rows: { group: string; file: string; tally: Tally; reports: string[] }[] = [];
const combined: Record<string, FileResult> = {};
let total = emptyTally();
for (const name of names) {
  const { files, stale } = mergeReports(
    reports
      .filter(({ f }) => f === `${name}.json` || f.startsWith(`${name}-`))
      .map(({ f }) => ({ name: f.replace(/\.json$/, ''), report: readReport(`${dir}/${f}`) })),
  );
  for (const { file, report } of stale)
    console.log(`  ${file}: ${report}.json left out, it measured the file before it last changed (rerun that part)`);
  if (files.size === 0) {
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
console.log(
  `all groups: ${pct(score(total))} (killed ${total.killed}, timed out ${total.timeout}, survived ${total.survived}, no coverage ${total.noCoverage}, ignored ${total.ignored})`,
);
writeFileSync(
  `${dir}/summary.json`,
  JSON.stringify({ score: score(total), total, files: rows.map((r) => ({ ...r, score: score(r.tally) })) }, null, 2),
);
// The merged results as one report in Stryker's schema (for its HTML viewer, or to keep in docs/).
writeFileSync(
  `${dir}/combined.json`,
  JSON.stringify({ schemaVersion: '2', thresholds: { high: 90, low: 80 }, files: combined }),
);
