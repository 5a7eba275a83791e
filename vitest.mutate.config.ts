import { defineConfig } from 'vitest/config';
import mutationGroups from './bench/mutation/groups.json' with { type: 'json' };
import base from './vitest.config.ts';

// The test files mutants are run against: those MUTATE_TESTS names (comma-separated globs), else
// those of the group MUTATE_GROUP names, else all of them. Replaced, not merged: mergeConfig would
// append to the base include list.
const group = process.env.MUTATE_GROUP;
const only =
  process.env.MUTATE_TESTS?.split(',').filter(Boolean) ??
  (group ? (mutationGroups as Record<string, { tests: string[] } | undefined>)[group]?.tests : undefined);

export default defineConfig({ ...base, test: { ...base.test, ...(only ? { include: only } : {}) } });
