/**
 * `npm run mutate [-- group… ] [-- --force]`: Stryker over each group of bench/mutation/groups.json
 * in turn (one runner, each group against its own tests), then one combined score from the groups'
 * reports (`npm run mutate -- --report-only` just combines), written to bench/results/mutation/summary.json.
 */
import { spawnSync } from 'node:child_process';
import { readdirSync, statSync, writeFileSync } from 'node:fs';
import groups from './groups.json' with { type: 'json' };
import { add, emptyTally, score, tallyReport, type Tally } from './score.ts';

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
// a file mutated in several runs of a group (parts, MUTATE_PART) counts once, from the newest report.
const dir = 'bench/results/mutation';
const reports = readdirSync(dir)
  .filter((f) => f.endsWith('.json') && !f.endsWith('-incremental.json') && f !== 'summary.json')
  .map((f) => ({ f, mtime: statSync(`${dir}/${f}`).mtimeMs }))
  .sort((a, b) => a.mtime - b.mtime);
const pct = (n: number) => `${n.toFixed(2)}%`;
const rows: { group: string; file: string; tally: Tally; report: string }[] = [];
let total = emptyTally();
for (const name of names) {
  const files = new Map<string, { tally: Tally; report: string }>();
  for (const { f } of reports.filter(({ f }) => f === `${name}.json` || f.startsWith(`${name}-`))) {
    for (const [file, tally] of tallyReport(`${dir}/${f}`)) files.set(file, { tally, report: f });
  }
  if (files.size === 0) {
    console.log(`${name}: no report yet (npm run mutate -- ${name})`);
    continue;
  }
  let groupTally = emptyTally();
  for (const [file, { tally, report }] of files) {
    rows.push({ group: name, file, tally, report });
    groupTally = add(groupTally, tally);
    console.log(
      `  ${file}: ${pct(score(tally))} (${tally.killed}/${tally.timeout}/${tally.survived}/${tally.noCoverage})`,
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
