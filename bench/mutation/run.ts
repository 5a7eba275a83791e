/**
 * `npm run mutate [-- group… ] [-- --force]`: Stryker over each group of bench/mutation/groups.json
 * in turn (one runner, each group against its own tests), then one combined score from the groups'
 * reports, written to bench/results/mutation/summary.json.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import groups from './groups.json' with { type: 'json' };
import { add, emptyTally, score, tallyReport, type Tally } from './score.ts';

const args = process.argv.slice(2);
const names = Object.keys(groups);
const chosen = args.filter((a) => names.includes(a));
const strykerArgs = args.filter((a) => !names.includes(a));
const unknown = strykerArgs.filter((a) => !a.startsWith('-'));
if (unknown.length > 0)
  throw new Error(`unknown mutation group ${unknown.join(', ')}: the groups are ${names.join(', ')}`);

for (const name of chosen.length > 0 ? chosen : names) {
  console.log(`\n== mutation group ${name} ==`);
  const run = spawnSync('npx', ['stryker', 'run', ...strykerArgs], {
    stdio: 'inherit',
    env: { ...process.env, MUTATE_GROUP: name },
  });
  if (run.status !== 0) process.exitCode = run.status ?? 1;
}

// Every group that has a report counts, so one group can be rerun alone and the total stays whole.
const pct = (n: number) => `${n.toFixed(2)}%`;
const rows: { group: string; file: string; tally: Tally }[] = [];
let total = emptyTally();
for (const name of names) {
  const path = `bench/results/mutation/${name}.json`;
  if (!existsSync(path)) {
    console.log(`${name}: no report yet (npm run mutate -- ${name})`);
    continue;
  }
  let groupTally = emptyTally();
  for (const [file, tally] of tallyReport(path)) {
    rows.push({ group: name, file, tally });
    groupTally = add(groupTally, tally);
  }
  total = add(total, groupTally);
  console.log(
    `${name}: ${pct(score(groupTally))} (killed ${groupTally.killed}, timed out ${groupTally.timeout}, survived ${groupTally.survived}, no coverage ${groupTally.noCoverage}, ignored ${groupTally.ignored})`,
  );
}
console.log(`all groups: ${pct(score(total))}`);
writeFileSync(
  'bench/results/mutation/summary.json',
  JSON.stringify({ score: score(total), total, files: rows.map((r) => ({ ...r, score: score(r.tally) })) }, null, 2),
);
