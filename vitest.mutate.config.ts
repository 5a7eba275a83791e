import { defineConfig } from 'vitest/config';
import base from './vitest.config.ts';

// The test files mutants are run against: all of them unless MUTATE_TESTS names some (comma-separated
// globs), to mutate one module against its own tests on a small machine. Replaced, not merged:
// mergeConfig would append to the base include list.
const only = process.env.MUTATE_TESTS?.split(',').filter(Boolean);

export default defineConfig({ ...base, test: { ...base.test, ...(only ? { include: only } : {}) } });
