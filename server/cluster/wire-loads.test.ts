import { expect, it } from 'vitest';

// Imported inside the test: a schema that throws as the module loads (a control message's shape
// without its `kind`, say) fails this test by name instead of leaving wire.test.ts uncollected.
it('the bus wire format loads and reads each kind of control message', async () => {
  const { decodeControlMessage } = await import('./wire.ts');
  const messages = [
    { kind: 'closeUser', origin: 'p1', userId: 'u1', reason: 'disabled', which: 'all' },
    { kind: 'closeCredential', origin: 'p1', hash: 'h1', reason: 'signed out' },
    { kind: 'revoke', origin: 'p1', reviewId: 'r1', userIds: ['u1'], reason: 'removed' },
    { kind: 'holdReview', origin: 'p1', reviewId: 'r1', reason: 'a track is being added' },
    { kind: 'releaseReview', origin: 'p1', reviewId: 'r1', reason: 'done' },
    { kind: 'closeReview', origin: 'p1', reviewId: 'r1', code: 4410, reason: 'deleted' },
    { kind: 'state', origin: 'p1', reviewId: 'r1', state: { status: 'draft' } },
  ];
  for (const message of messages) expect(decodeControlMessage(JSON.stringify(message))).toEqual(message);
});
