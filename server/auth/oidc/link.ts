import type { AccessStore, User } from '../../store/access-types.ts';
import type { IdentityStore } from '../../store/identity-types.ts';
import { newId } from '../tokens.ts';

/** Stored in place of a password hash: not an scrypt hash, so no password ever matches it. */
// Stryker disable next-line StringLiteral: equivalent, see docs/mutation.md
export const NO_PASSWORD = 'none: signs in with the identity provider';

export class MisconfiguredError extends Error {}

export interface ProvenIdentity {
  issuer: string;
  subject: string;
  email: string;
  name: string | null;
  /** The workspace a first-time account joins, from OIDC_DOMAINS (its id or exact name). */
  workspaceId: string;
}

/**
 * The account an identity signs in to: the one linked to its issuer and subject; else the
 * account with its (verified) email, now linked; else a new one, without a password, that joins
 * the domain's workspace as a member.
 */
export async function accountForIdentity(
  access: AccessStore,
  identity: IdentityStore,
  proven: ProvenIdentity,
): Promise<{ user: User; how: 'linked before' | 'linked now' | 'created' }> {
  const linked = await identity.userByIdentity(proven.issuer, proven.subject);
  if (linked) return { user: linked, how: 'linked before' };
  const at = new Date().toISOString();
  const link = { issuer: proven.issuer, subject: proven.subject, email: proven.email, at };
  const existing = await access.userByEmail(proven.email);
  if (existing) {
    await identity.linkIdentity({ ...link, userId: existing.id });
    const { passwordHash: _, ...user } = existing;
    return { user, how: 'linked now' };
  }
  // OIDC_DOMAINS may name the workspace by id or, more readably, by its exact name.
  const workspaceId = (await identity.workspaceExists(proven.workspaceId))
    ? proven.workspaceId
    : (await access.workspaceByName(proven.workspaceId))?.id;
  if (!workspaceId) {
    throw new MisconfiguredError(
      `OIDC_DOMAINS names workspace "${proven.workspaceId}" for this domain, and there is no such workspace`,
    );
  }
  const user: User = {
    id: newId(),
    email: proven.email,
    name: proven.name ?? proven.email.slice(0, proven.email.indexOf('@')),
    isAdmin: false,
    createdAt: at,
  };
  await access.createUser({ ...user, passwordHash: NO_PASSWORD });
  await access.addWorkspaceMember(workspaceId, user.id, 'member');
  await identity.linkIdentity({ ...link, userId: user.id });
  return { user, how: 'created' };
}
