import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { hashSecret } from '../auth/tokens.ts';
import type { AccessStore, Invite, ReviewRole } from '../store/access-types.ts';
import { AccessError, acceptInvite, can, createInvite, usableInvite } from './access.ts';

const DAY = 24 * 3600 * 1000;
const T = new Date('2026-03-02T09:00:00.000Z');

/** The part of the access store invites use, in memory, recording every membership it is asked to set. */
function fakeAccess() {
  const invites = new Map<string, Invite & { tokenHash: string }>();
  const roles = new Map<string, ReviewRole>();
  const removals = new Map<string, string>();
  const memberships: [reviewId: string, userId: string, role: ReviewRole, inviteId: string | null][] = [];
  const access: Pick<AccessStore, 'createInvite' | 'inviteByToken' | 'removedAt' | 'reviewRole' | 'setReviewMember'> = {
    createInvite: (invite) => {
      invites.set(invite.tokenHash, invite);
      return Promise.resolve();
    },
    inviteByToken: (tokenHash) => {
      const found = invites.get(tokenHash);
      if (!found) return Promise.resolve(null);
      const { tokenHash: _hash, ...invite } = found;
      return Promise.resolve(invite);
    },
    removedAt: (reviewId, userId) => Promise.resolve(removals.get(`${reviewId}/${userId}`) ?? null),
    reviewRole: (reviewId, userId) => Promise.resolve(roles.get(`${reviewId}/${userId}`) ?? null),
    setReviewMember: (reviewId, userId, role, inviteId) => {
      memberships.push([reviewId, userId, role, inviteId]);
      roles.set(`${reviewId}/${userId}`, role);
      return Promise.resolve();
    },
  };
  return { access: access as AccessStore, invites, roles, removals, memberships };
}

/** The AccessError a promise rejects with, failing the test when it resolves or throws anything else. */
async function accessError(promise: Promise<unknown>): Promise<AccessError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error, 'an AccessError').toBeInstanceOf(AccessError);
  return error as AccessError;
}

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(T);
});
afterEach(() => {
  vi.useRealTimers();
});

describe('what each role may do', () => {
  it('lets editors and facilitators edit, and only facilitators facilitate', () => {
    expect([can.edit('observer'), can.edit('editor'), can.edit('facilitator')]).toEqual([false, true, true]);
    expect([can.facilitate('observer'), can.facilitate('editor'), can.facilitate('facilitator')]).toEqual([
      false,
      false,
      true,
    ]);
  });
});

describe('invite links', () => {
  it('are stored by the hash of their secret only, expiring the given number of days from now', async () => {
    const f = fakeAccess();
    const { invite, secret } = await createInvite(f.access, {
      reviewId: 'r1',
      role: 'editor',
      createdBy: 'u-fac',
      expiresInDays: 7,
    });
    expect(invite).toEqual({
      id: invite.id,
      reviewId: 'r1',
      role: 'editor',
      createdBy: 'u-fac',
      createdAt: T.toISOString(),
      expiresAt: new Date(T.getTime() + 7 * DAY).toISOString(),
      revokedAt: null,
    });
    expect(invite.id).toMatch(/^[\w-]{16}$/);
    expect([...f.invites.keys()]).toEqual([hashSecret(secret)]);
    expect(JSON.stringify([...f.invites.values()])).not.toContain(secret);
    expect(await usableInvite(f.access, secret)).toEqual(invite);
  });

  it('are refused with 404 when unknown, 410 when revoked, and 410 from the instant they expire', async () => {
    const f = fakeAccess();
    const unknown = await accessError(usableInvite(f.access, 'no-such-secret'));
    expect([unknown.status, unknown.message]).toEqual([404, 'this invite link is not valid']);

    const { invite, secret } = await createInvite(f.access, {
      reviewId: 'r1',
      role: 'observer',
      createdBy: 'u-fac',
      expiresInDays: 1,
    });
    vi.setSystemTime(T.getTime() + DAY - 1);
    expect((await usableInvite(f.access, secret)).id).toBe(invite.id);
    vi.setSystemTime(T.getTime() + DAY);
    const expired = await accessError(usableInvite(f.access, secret));
    expect([expired.status, expired.message]).toEqual([410, 'this invite link has expired']);

    vi.setSystemTime(T);
    f.invites.get(hashSecret(secret))!.revokedAt = T.toISOString();
    const revoked = await accessError(usableInvite(f.access, secret));
    expect([revoked.status, revoked.message]).toEqual([410, 'this invite link has been revoked']);
  });
});

describe('accepting an invite', () => {
  async function invited(role: ReviewRole) {
    const f = fakeAccess();
    const made = await createInvite(f.access, { reviewId: 'r1', role, createdBy: 'u-fac', expiresInDays: 7 });
    return { ...f, ...made };
  }

  it('makes a newcomer a member with the invite’s role, recording which link let them in', async () => {
    const f = await invited('editor');
    expect(await acceptInvite(f.access, f.secret, 'u-new')).toEqual({ reviewId: 'r1', role: 'editor' });
    expect(f.memberships).toEqual([['r1', 'u-new', 'editor', f.invite.id]]);
  });

  it('keeps an existing role as strong or stronger, and raises a weaker one', async () => {
    const f = await invited('editor');
    f.roles.set('r1/u-fac', 'facilitator');
    f.roles.set('r1/u-ed', 'editor');
    f.roles.set('r1/u-obs', 'observer');
    expect(await acceptInvite(f.access, f.secret, 'u-fac')).toEqual({ reviewId: 'r1', role: 'facilitator' });
    expect(await acceptInvite(f.access, f.secret, 'u-ed')).toEqual({ reviewId: 'r1', role: 'editor' });
    expect(f.memberships).toEqual([]);
    expect(await acceptInvite(f.access, f.secret, 'u-obs')).toEqual({ reviewId: 'r1', role: 'editor' });
    expect(f.memberships).toEqual([['r1', 'u-obs', 'editor', f.invite.id]]);

    const observerLink = await invited('observer');
    observerLink.roles.set('r1/u-ed', 'editor');
    expect(await acceptInvite(observerLink.access, observerLink.secret, 'u-ed')).toEqual({
      reviewId: 'r1',
      role: 'editor',
    });
    const facilitatorLink = await invited('facilitator');
    facilitatorLink.roles.set('r1/u-ed', 'editor');
    expect(await acceptInvite(facilitatorLink.access, facilitatorLink.secret, 'u-ed')).toEqual({
      reviewId: 'r1',
      role: 'facilitator',
    });
  });

  it('refuses, with 403, someone removed after the link was made (or at the same instant), but not before', async () => {
    const f = await invited('editor');
    for (const removed of [T.getTime() + 1, T.getTime()]) {
      f.removals.set('r1/u-gone', new Date(removed).toISOString());
      const error = await accessError(acceptInvite(f.access, f.secret, 'u-gone'));
      expect([error.status, error.message]).toEqual([
        403,
        'you were removed from this review; ask a facilitator for a new invite link',
      ]);
    }
    expect(f.memberships).toEqual([]);
    f.removals.set('r1/u-gone', new Date(T.getTime() - 1).toISOString());
    expect(await acceptInvite(f.access, f.secret, 'u-gone')).toEqual({ reviewId: 'r1', role: 'editor' });
  });

  it('refuses an unusable link before looking at the person', async () => {
    const f = await invited('editor');
    vi.setSystemTime(T.getTime() + 8 * DAY);
    expect((await accessError(acceptInvite(f.access, f.secret, 'u-new'))).status).toBe(410);
    expect(f.memberships).toEqual([]);
  });
});
