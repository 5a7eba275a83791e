/**
 * The Store contract for accounts, sessions, tokens, review membership, invites, identity links and
 * silent rating rounds: through the Store interface only, so every engine runs the same tests.
 */
import { describe, expect, it } from 'vitest';
import type { Store } from './types.ts';

const at = '2024-02-01T00:00:00.000Z';
const future = '2999-01-01T00:00:00.000Z';

/** `store()` is the fresh store of the running test; `review(id)` creates a review in it. */
export function peopleContract(store: () => Store, review: (id: string) => Promise<unknown>): void {
  async function person(id: string, extra: { isAdmin?: boolean } = {}): Promise<void> {
    await store().access.createUser({
      id,
      email: `${id}@example.test`,
      name: `Name ${id}`,
      isAdmin: extra.isAdmin ?? false,
      createdAt: at,
      passwordHash: `hash-${id}`,
    });
  }

  describe('accounts and sessions', () => {
    it('counts, finds and keeps accounts with their password hash', async () => {
      const s = store();
      expect(await s.access.countUsers()).toBe(0);
      await person('ann', { isAdmin: true });
      await person('bob');
      expect(await s.access.countUsers()).toBe(2);
      expect(await s.access.userByEmail('ann@example.test')).toEqual({
        id: 'ann',
        email: 'ann@example.test',
        name: 'Name ann',
        isAdmin: true,
        createdAt: at,
        disabledAt: null,
        passwordHash: 'hash-ann',
      });
      expect(await s.access.userById('bob')).toEqual({
        id: 'bob',
        email: 'bob@example.test',
        name: 'Name bob',
        isAdmin: false,
        createdAt: at,
        disabledAt: null,
      });
      expect(await s.access.userByEmail('nobody@example.test')).toBeNull();
      expect(await s.access.userById('nobody')).toBeNull();
      await s.access.setPasswordHash('bob', 'changed');
      expect((await s.access.userByEmail('bob@example.test'))?.passwordHash).toBe('changed');
      expect((await s.access.userByEmail('ann@example.test'))?.passwordHash).toBe('hash-ann');
    });

    it('refuses a second account with the same email', async () => {
      await person('ann');
      await expect(
        store().access.createUser({
          id: 'other',
          email: 'ann@example.test',
          name: 'Other',
          isAdmin: false,
          createdAt: at,
          passwordHash: 'x',
        }),
      ).rejects.toThrow();
      expect(await store().access.countUsers()).toBe(1);
    });

    it('answers a session until it expires or is deleted, and ends every session of a person at once', async () => {
      const s = store();
      await person('ann');
      await person('bob');
      await s.access.createSession('s1', 'ann', '2024-03-01T00:00:00.000Z');
      await s.access.createSession('s2', 'ann', future);
      await s.access.createSession('s3', 'bob', future);
      expect((await s.access.sessionUser('s1', at))?.id).toBe('ann');
      const session = await s.access.sessionById('s1', at);
      expect(session?.expiresAt).toBe('2024-03-01T00:00:00.000Z');
      expect(session?.user).toEqual(await s.access.userById('ann'));
      // At the moment it expires, a session is over.
      expect(await s.access.sessionUser('s1', '2024-03-01T00:00:00.000Z')).toBeNull();
      expect(await s.access.sessionById('s1', '2024-03-01T00:00:00.000Z')).toBeNull();
      expect(await s.access.sessionUser('missing', at)).toBeNull();
      expect(await s.access.sessionById('missing', at)).toBeNull();
      await s.access.deleteSession('s2');
      expect(await s.access.sessionUser('s2', at)).toBeNull();
      expect((await s.access.sessionUser('s1', at))?.id).toBe('ann');
      await s.access.deleteSessionsOf('ann');
      expect(await s.access.sessionUser('s1', at)).toBeNull();
      expect((await s.access.sessionUser('s3', at))?.id).toBe('bob');
    });

    it('answers an API token with its owner, and nothing for an unknown one', async () => {
      const s = store();
      await person('ann');
      await s.access.createApiToken({ id: 't1', tokenHash: 'th', userId: 'ann', name: 'script' });
      expect((await s.access.tokenUser('th'))?.id).toBe('ann');
      expect(await s.access.tokenUser('other')).toBeNull();
    });
  });

  describe('workspaces', () => {
    it('finds a workspace by its exact name and lists a person’s workspaces by name with their role', async () => {
      const s = store();
      await person('ann');
      await person('bob');
      await s.access.createWorkspace('w2', 'South');
      await s.access.createWorkspace('w1', 'North');
      expect(await s.access.workspaceByName('South')).toEqual({ id: 'w2', name: 'South' });
      expect(await s.access.workspaceByName('West')).toBeNull();
      await s.access.addWorkspaceMember('w2', 'ann', 'member');
      await s.access.addWorkspaceMember('w1', 'ann', 'member');
      await s.access.addWorkspaceMember('w1', 'ann', 'owner');
      await s.access.addWorkspaceMember('w1', 'bob', 'member');
      expect(await s.access.workspacesOf('ann')).toEqual([
        { id: 'w1', name: 'North', role: 'owner' },
        { id: 'w2', name: 'South', role: 'member' },
      ]);
      expect(await s.access.workspacesOf('nobody')).toEqual([]);
    });

    it('knows which workspaces exist, which use single sign-on only, and who must use it', async () => {
      const s = store();
      await person('ann');
      await person('bob');
      await s.access.createWorkspace('w1', 'North');
      await s.access.createWorkspace('w2', 'South');
      await s.access.addWorkspaceMember('w1', 'ann', 'member');
      await s.access.addWorkspaceMember('w2', 'bob', 'member');
      expect(await s.identity.workspaceExists('w1')).toBe(true);
      expect(await s.identity.workspaceExists('w9')).toBe(false);
      expect(await s.identity.ssoOnly('w1')).toBe(false);
      expect(await s.identity.ssoOnly('w9')).toBe(false);
      expect(await s.identity.mustUseSso('ann')).toBe(false);
      await s.identity.setSsoOnly('w1', true);
      expect(await s.identity.ssoOnly('w1')).toBe(true);
      expect(await s.identity.ssoOnly('w2')).toBe(false);
      expect(await s.identity.mustUseSso('ann')).toBe(true);
      expect(await s.identity.mustUseSso('bob')).toBe(false);
      await s.identity.setSsoOnly('w1', false);
      expect(await s.identity.ssoOnly('w1')).toBe(false);
      expect(await s.identity.mustUseSso('ann')).toBe(false);
    });

    it('links an identity provider’s subject to one account', async () => {
      const s = store();
      await person('ann', { isAdmin: true });
      await s.identity.linkIdentity({ issuer: 'https://idp', subject: 'sub-1', userId: 'ann', email: 'a@idp', at });
      expect(await s.identity.userByIdentity('https://idp', 'sub-1')).toEqual({
        id: 'ann',
        email: 'ann@example.test',
        name: 'Name ann',
        isAdmin: true,
        createdAt: at,
      });
      expect(await s.identity.userByIdentity('https://other', 'sub-1')).toBeNull();
      // Another subject of the same issuer is another person, with their own rights.
      await person('bob');
      await s.identity.linkIdentity({ issuer: 'https://idp', subject: 'sub-3', userId: 'bob', email: 'b@idp', at });
      expect(await s.identity.userByIdentity('https://idp', 'sub-3')).toMatchObject({ id: 'bob', isAdmin: false });
      expect(await s.identity.userByIdentity('https://idp', 'sub-2')).toBeNull();
    });
  });

  describe('review membership and invites', () => {
    it('gives each member their role, lists the members with their invite, and the reviews of each', async () => {
      const s = store();
      await person('ann');
      await person('bob');
      await review('r1');
      await review('r2');
      await s.access.createInvite({
        id: 'inv',
        reviewId: 'r1',
        role: 'observer',
        createdBy: 'ann',
        createdAt: at,
        expiresAt: future,
        revokedAt: null,
        tokenHash: 'tok',
      });
      await s.access.setReviewMember('r1', 'bob', 'editor', null);
      await s.access.setReviewMember('r1', 'ann', 'facilitator', null);
      await s.access.setReviewMember('r2', 'ann', 'observer', null);
      await s.access.setReviewMember('r1', 'bob', 'observer', 'inv');
      expect(await s.access.reviewRole('r1', 'bob')).toBe('observer');
      expect(await s.access.reviewRole('r2', 'ann')).toBe('observer');
      expect(await s.access.reviewRole('r2', 'bob')).toBeNull();
      expect((await s.access.reviewMembers('r1')).sort((a, b) => a.userId.localeCompare(b.userId))).toEqual([
        { userId: 'ann', name: 'Name ann', email: 'ann@example.test', role: 'facilitator', inviteId: null },
        { userId: 'bob', name: 'Name bob', email: 'bob@example.test', role: 'observer', inviteId: 'inv' },
      ]);
      expect((await s.access.reviewIdsOf('ann')).sort()).toEqual(['r1', 'r2']);
      expect(await s.access.reviewIdsOf('nobody')).toEqual([]);
    });

    it('removes members, remembering when, until they are let back in', async () => {
      const s = store();
      await person('ann');
      await person('bob');
      await review('r1');
      await s.access.setReviewMember('r1', 'ann', 'editor', null);
      expect(await s.access.removedAt('r1', 'ann')).toBeNull();
      expect(await s.access.removeReviewMembers('r1', ['ann', 'bob'])).toEqual(['ann']);
      expect(await s.access.reviewRole('r1', 'ann')).toBeNull();
      const removed = await s.access.removedAt('r1', 'ann');
      expect(removed).toMatch(/^\d{4}-\d\d-\d\dT/);
      // Bob was no member: nothing is remembered for him.
      expect(await s.access.removedAt('r1', 'bob')).toBeNull();
      await s.access.setReviewMember('r1', 'ann', 'observer', null);
      expect(await s.access.removedAt('r1', 'ann')).toBeNull();
      expect(await s.access.reviewRole('r1', 'ann')).toBe('observer');
    });

    it('keeps invites, finds one by its token, and revoking one removes only those it let in', async () => {
      const s = store();
      await person('ann');
      await person('bob');
      await person('cat');
      await review('r1');
      await review('r2');
      const invite = (id: string, reviewId: string, createdAt: string) => ({
        id,
        reviewId,
        role: 'editor' as const,
        createdBy: 'ann',
        createdAt,
        expiresAt: future,
        revokedAt: null,
      });
      await s.access.createInvite({ ...invite('i2', 'r1', '2024-02-02T00:00:00.000Z'), tokenHash: 'tok-2' });
      await s.access.createInvite({ ...invite('i1', 'r1', at), tokenHash: 'tok-1' });
      await s.access.createInvite({ ...invite('i3', 'r2', at), tokenHash: 'tok-3' });
      expect(await s.access.inviteByToken('tok-1')).toEqual(invite('i1', 'r1', at));
      expect(await s.access.inviteByToken('nope')).toBeNull();
      expect((await s.access.invites('r1')).map((i) => i.id)).toEqual(['i1', 'i2']);
      await s.access.setReviewMember('r1', 'bob', 'editor', 'i1');
      await s.access.setReviewMember('r1', 'cat', 'editor', 'i2');
      await s.access.setReviewMember('r2', 'bob', 'editor', 'i1');
      expect(await s.access.revokeInvite('r1', 'i1', '2024-02-03T00:00:00.000Z')).toEqual(['bob']);
      expect(await s.access.reviewRole('r1', 'bob')).toBeNull();
      expect(await s.access.reviewRole('r1', 'cat')).toBe('editor');
      expect(await s.access.reviewRole('r2', 'bob')).toBe('editor');
      expect((await s.access.inviteByToken('tok-1'))?.revokedAt).toBe('2024-02-03T00:00:00.000Z');
      expect((await s.access.inviteByToken('tok-2'))?.revokedAt).toBeNull();
      // Revoking again keeps the first time.
      expect(await s.access.revokeInvite('r1', 'i1', '2024-02-04T00:00:00.000Z')).toEqual([]);
      expect((await s.access.inviteByToken('tok-1'))?.revokedAt).toBe('2024-02-03T00:00:00.000Z');
    });
  });

  describe('silent rating rounds', () => {
    const round = (id: string, openedAt: string, autoReveal = false) => ({
      id,
      reviewId: 'r1',
      criterion: 'c1',
      phase: '-',
      track: 'self',
      status: 'open' as const,
      autoReveal,
      openedBy: 'ann',
      openedAt,
      revealedAt: null,
      closedAt: null,
      agreed: null,
      votes: [],
    });

    it('keeps rounds in the order they opened, each with its votes, a later vote replacing an earlier one', async () => {
      const s = store();
      await person('ann');
      await person('bob');
      await review('r1');
      await review('r2');
      await s.meeting.openRound(round('second', '2024-02-02T00:00:00.000Z', true));
      await s.meeting.openRound(round('first', at));
      await s.meeting.openRound({ ...round('elsewhere', at), reviewId: 'r2' });
      await s.meeting.castVote('first', { userId: 'bob', name: 'Bob', level: 'low' }, '2024-02-01T00:01:00.000Z');
      await s.meeting.castVote('first', { userId: 'ann', name: 'Ann', level: 'high' }, '2024-02-01T00:02:00.000Z');
      await s.meeting.castVote('first', { userId: 'bob', name: 'Bob', level: 'high' }, '2024-02-01T00:03:00.000Z');
      // Two votes in the same millisecond (a restored backup's votes all share one time) come in a fixed order.
      await s.meeting.castVote('second', { userId: 'bob', name: 'Bob', level: 'low' }, at);
      await s.meeting.castVote('second', { userId: 'ann', name: 'Ann', level: 'low' }, at);
      const rounds = await s.meeting.rounds('r1');
      expect(rounds.map((r) => r.id)).toEqual(['first', 'second']);
      expect(rounds[0]).toEqual({
        ...round('first', at),
        votes: [
          { userId: 'ann', name: 'Ann', level: 'high', at: '2024-02-01T00:02:00.000Z' },
          { userId: 'bob', name: 'Bob', level: 'high', at: '2024-02-01T00:03:00.000Z' },
        ],
      });
      expect(rounds[1]?.votes.map((v) => v.userId)).toEqual(['ann', 'bob']);
      // A round nobody has voted in yet holds no votes.
      expect(await s.meeting.rounds('r2')).toEqual([{ ...round('elsewhere', at), reviewId: 'r2' }]);
      expect(await s.meeting.rounds('r3')).toEqual([]);
    });

    it('reveals an open round once, and closes it with what was agreed', async () => {
      const s = store();
      await person('ann');
      await review('r1');
      await s.meeting.openRound(round('first', at));
      await s.meeting.openRound(round('other', at));
      await s.meeting.revealRound('first', '2024-02-01T01:00:00.000Z');
      await s.meeting.revealRound('first', '2024-02-01T02:00:00.000Z');
      let [first, other] = await s.meeting.rounds('r1');
      expect(first).toMatchObject({ status: 'revealed', revealedAt: '2024-02-01T01:00:00.000Z', closedAt: null });
      expect(other).toMatchObject({ status: 'open', revealedAt: null });
      await s.meeting.closeRound('first', '2024-02-01T03:00:00.000Z', 'high');
      await s.meeting.closeRound('other', '2024-02-01T03:00:00.000Z', null);
      [first, other] = await s.meeting.rounds('r1');
      expect(first).toMatchObject({ status: 'closed', closedAt: '2024-02-01T03:00:00.000Z', agreed: 'high' });
      expect(other).toMatchObject({ status: 'closed', revealedAt: null, agreed: null });
      // A closed round is not revealed afterwards.
      await s.meeting.revealRound('other', '2024-02-01T04:00:00.000Z');
      expect((await s.meeting.rounds('r1'))[1]).toMatchObject({ status: 'closed', revealedAt: null });
    });
  });
}
