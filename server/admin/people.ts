import { hashSecret, newSecret } from '../auth/tokens.ts';
import type { Rooms } from '../collab/rooms.ts';
import type { User } from '../store/access-types.ts';
import type { Person } from '../store/admin-types.ts';
import type { Store } from '../store/types.ts';
import { AdminError, auditBy, who } from './audit.ts';

/** How long a password-reset link works. */
export const RESET_LINK_HOURS = 24;

/** What a disabled person's open review pages are told as they close. */
export const DISABLED_REASON = 'your account has been disabled by an administrator';

async function existing(store: Store, id: string): Promise<Person> {
  const person = await store.admin.person(id);
  if (!person) throw new AdminError(404, 'not_found', `no person "${id}"`);
  return person;
}

/**
 * Disable an account (its sessions and API tokens end, its open sockets close at once with a
 * message) or enable it again.
 */
export async function setDisabled(
  store: Store,
  rooms: Rooms,
  actor: User,
  userId: string,
  disabled: boolean,
): Promise<Person> {
  const person = await existing(store, userId);
  if (disabled === (person.disabledAt !== null)) return person;
  if (disabled) {
    if (userId === actor.id)
      throw new AdminError(409, 'conflict', 'disabled: you cannot disable your own account', 'disabled');
    const at = new Date().toISOString();
    await store.admin.setDisabled(userId, at, auditBy(actor, 'user.disable', userId, `disabled ${who(person)}`));
    for (const reviewId of await store.access.reviewIdsOf(userId)) rooms.revoke(reviewId, [userId], DISABLED_REASON);
    // Any socket the loop above could not reach (e.g. a role lost meanwhile) ends with its credential.
    rooms.closeUser(userId, DISABLED_REASON);
  } else {
    await store.admin.setDisabled(userId, null, auditBy(actor, 'user.enable', userId, `enabled ${who(person)} again`));
  }
  return existing(store, userId);
}

export async function setAdministrator(store: Store, actor: User, userId: string, isAdmin: boolean): Promise<Person> {
  const person = await existing(store, userId);
  if (isAdmin === person.isAdmin) return person;
  if (!isAdmin) {
    if (userId === actor.id) {
      throw new AdminError(409, 'conflict', 'isAdmin: you cannot take away your own administration', 'isAdmin');
    }
  } else if (person.disabledAt) {
    throw new AdminError(409, 'conflict', `isAdmin: ${person.name}'s account is disabled; enable it first`, 'isAdmin');
  }
  const detail = isAdmin ? `made ${who(person)} an administrator` : `took administration away from ${who(person)}`;
  await store.admin.setAdmin(
    userId,
    isAdmin,
    auditBy(actor, isAdmin ? 'user.admin.grant' : 'user.admin.revoke', userId, detail),
  );
  return existing(store, userId);
}

/** A one-time link to set a new password; only its hash is stored, and earlier links stop working. */
export async function createResetLink(
  store: Store,
  actor: User,
  userId: string,
): Promise<{ secret: string; expiresAt: string }> {
  const person = await existing(store, userId);
  if (person.disabledAt) {
    throw new AdminError(
      409,
      'conflict',
      `${person.name}'s account is disabled; enable it before resetting its password`,
    );
  }
  const secret = newSecret();
  const now = new Date();
  const expiresAt = new Date(now.getTime() + RESET_LINK_HOURS * 3600 * 1000).toISOString();
  await store.admin.createPasswordReset(
    { tokenHash: hashSecret(secret), userId, createdBy: actor.id, createdAt: now.toISOString(), expiresAt },
    auditBy(actor, 'user.password-reset.create', userId, `created a password-reset link for ${who(person)}`),
  );
  return { secret, expiresAt };
}
