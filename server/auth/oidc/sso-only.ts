import type { IdentityStore } from '../../store/identity-types.ts';
import type { OidcConfig } from './config.ts';

/** Why this account may not sign in with a password (a workspace of theirs is SSO only), or null. */
export async function passwordSignInRefusal(
  identity: IdentityStore,
  userId: string,
  oidc: OidcConfig | null,
): Promise<string | null> {
  if (!(await identity.mustUseSso(userId))) return null;
  return oidc
    ? `your workspace signs in with ${oidc.name}: use "Sign in with ${oidc.name}" instead of a password`
    : 'your workspace signs in with your organisation’s account, not a password; ask your administrator';
}
