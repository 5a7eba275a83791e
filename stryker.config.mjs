// @ts-check
import mutationGroups from './bench/mutation/groups.json' with { type: 'json' };

// One group of modules against its own tests (MUTATE_GROUP, see bench/mutation/groups.json), or every
// configured module against every test when no group is named. Each group keeps its own incremental
// file and report so groups can be rerun alone and combined (`npm run mutate`).
const name = process.env.MUTATE_GROUP;
const group = name ? mutationGroups[name] : undefined;
if (name && !group) throw new Error(`unknown mutation group "${name}": ${Object.keys(mutationGroups).join(', ')}`);
// MUTATE_PART names a run over part of a group (`--mutate` some of its files): its report sits beside
// the group's, and the combined score merges the reports mutant by mutant, the newest result winning.
const tag = [name ?? 'all', process.env.MUTATE_PART].filter(Boolean).join('-');

/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  testRunner: 'vitest',
  vitest: { configFile: 'vitest.mutate.config.ts' },
  mutate: group
    ? group.mutate
    : [...Object.values(mutationGroups).flatMap((g) => g.mutate.filter((p) => !p.startsWith('!'))), '!**/*.test.ts'],
  coverageAnalysis: 'perTest',
  incremental: true,
  incrementalFile: `bench/results/mutation/${tag}-incremental.json`,
  reporters: ['clear-text', 'progress', 'html', 'json'],
  htmlReporter: { fileName: `bench/results/mutation/${tag}.html` },
  jsonReporter: { fileName: `bench/results/mutation/${tag}.json` },
  concurrency: 1,
  timeoutMS: 30000,
  thresholds: { high: 90, low: 80, break: null },
  tempDirName: '.stryker-tmp',
  cleanTempDir: 'always',
};
