import { expect, it } from 'vitest';

// Imported inside the test: a schema that throws as the module loads fails this test by name
// instead of leaving backup-format.test.ts uncollected.
it('the backup format loads, with its schema refusing a file that is not a backup', async () => {
  const { backupSchema, BACKUP_FORMAT } = await import('./backup-format.ts');
  expect(BACKUP_FORMAT).toBe('bestfit-review-backup');
  expect(backupSchema.safeParse({ format: 'something else' }).success).toBe(false);
});
