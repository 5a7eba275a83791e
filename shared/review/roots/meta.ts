import { defineRoot, fail } from './root-module.ts';

/** `meta`: schemaVersion, reviewId, frameworkId, frameworkVersion, title, createdAt; written by the server only. */
export const meta = defineRoot({
  name: 'meta',
  holds: 'values',
  checkValue: (key) => fail(`meta "${key}" is read-only`),
});
