// The modules that carry Bestfit's guarantees, in groups small enough to mutate on a two-core
// machine, each against the tests that exercise it (MUTATE_TESTS globs, read by vitest.mutate.config.ts).
export const mutationGroups = {
  store: {
    mutate: ['server/store/sqlite*.ts', '!server/store/*.test.ts'],
    tests: ['server/store/*.test.ts'],
  },
  review: {
    mutate: ['shared/review/validate-update.ts', 'shared/review/judgement.ts'],
    tests: [
      'shared/review/validate-update.test.ts',
      'shared/review/validate-marks.test.ts',
      'shared/review/validate-decisions.test.ts',
      'shared/review/example-rows.test.ts',
      'shared/review/judgement.test.ts',
    ],
  },
  reviews: {
    mutate: ['server/reviews/*.ts', '!server/reviews/*.test.ts'],
    tests: ['server/reviews/*.test.ts', 'test/review-backup.test.ts', 'test/moderation-track.test.ts'],
  },
  auth: {
    mutate: ['server/auth/**/*.ts', '!server/auth/**/*.test.ts'],
    tests: ['server/auth/**/*.test.ts'],
  },
  collab: {
    mutate: ['server/collab/*.ts', '!server/collab/*.test.ts'],
    tests: ['server/collab/*.test.ts', 'test/collab.test.ts', 'test/access.test.ts', 'test/meeting.test.ts', 'test/store-failure.test.ts', 'test/security-sockets.test.ts'],
  },
};
