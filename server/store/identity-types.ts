import type { User } from './access-types.ts';

/** Accounts linked to an identity provider's subjects, and workspaces whose members must use it. */
export interface IdentityStore {
  /** The account an issuer's subject was linked to, if any. */
  userByIdentity(issuer: string, subject: string): Promise<User | null>;
  /** Link an issuer's subject to an account (the email is kept for the record). */
  linkIdentity(link: { issuer: string; subject: string; userId: string; email: string; at: string }): Promise<void>;
  /** Whether the workspace exists. */
  workspaceExists(workspaceId: string): Promise<boolean>;
  setSsoOnly(workspaceId: string, ssoOnly: boolean): Promise<void>;
  ssoOnly(workspaceId: string): Promise<boolean>;
  /** Whether the account belongs to any SSO-only workspace (and so may not use a password). */
  mustUseSso(userId: string): Promise<boolean>;
}
