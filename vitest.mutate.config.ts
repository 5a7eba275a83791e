import { defineConfig, mergeConfig } from 'vitest/config';
import base from './vitest.config.ts';

// The test files mutants are run against: all of them unless MUTATE_TESTS names some (comma-separated
// globs), to mutate one module against its own tests on a small machine.
const only = process.env.MUTATE_TESTS?.split(',').filter(Boolean);

export default mergeConfig(base, defineConfig({ test: only ? { include: only } : {} }));
