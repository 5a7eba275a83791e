import type { OidcConfig } from './config.ts';

export type IdentityCheck =
  | { ok: true; email: string; domain: string; workspaceId: string; name: string | null }
  | { ok: false; message: string };

/** A single-tenant Entra ID issuer, whose tenant id it names. */
const entraTenant = (issuer: string): string | null =>
  /^https:\/\/login\.microsoftonline\.com\/([0-9a-f-]{36})\/v2\.0$/i.exec(issuer)?.[1]!.toLowerCase() ?? null;

/**
 * Whether the provider vouches for the email. `email_verified: true` always counts. Entra ID sends
 * no email_verified: its email is accepted only from the one tenant configured as OIDC_ISSUER
 * (whose administrators own the allowed domains), and not when Entra says the domain is unverified.
 */
function emailVouched(claims: Record<string, unknown>, issuer: string): boolean {
  if (claims.email_verified === true) return true;
  if (claims.email_verified !== undefined) return false;
  const tenant = entraTenant(issuer);
  // No tenant (null) matches no tid.
  return typeof claims.tid === 'string' && claims.tid.toLowerCase() === tenant && claims.xms_edov !== false;
}

/** What a validated ID token says about who signed in, or why they may not sign in here. */
export function checkIdentity(claims: Record<string, unknown>, config: OidcConfig): IdentityCheck {
  const email = typeof claims.email === 'string' ? claims.email.trim() : '';
  const at = email.lastIndexOf('@');
  if (at < 1) {
    return {
      ok: false,
      message: `${config.name} did not send an email address for this account; ask its administrator to release the email claim`,
    };
  }
  const domain = email.slice(at + 1).toLowerCase();
  if (!emailVouched(claims, config.issuer)) {
    return {
      ok: false,
      message: `${config.name} does not confirm that ${email} is verified, so it cannot sign in here`,
    };
  }
  const workspaceId = config.domains.get(domain);
  // Google sends `hd` only for Google Workspace accounts; a personal account cannot claim a school's domain.
  const googleHostedElsewhere = config.issuer === 'https://accounts.google.com' && claims.hd !== domain;
  if (!workspaceId || googleHostedElsewhere) {
    return { ok: false, message: `Sign-in with ${domain} accounts is not allowed on this Bestfit` };
  }
  const name = typeof claims.name === 'string' && claims.name.trim() ? claims.name.trim().slice(0, 100) : null;
  return { ok: true, email, domain, workspaceId, name };
}
