/** Sign-in with the organisation's identity provider, as set by OIDC_* variables (see the README). */
export interface OidcConfig {
  /** The provider's issuer URL, e.g. https://login.microsoftonline.com/<tenant-id>/v2.0. */
  issuer: string;
  clientId: string;
  clientSecret: string;
  /** Shown on the sign-in button: "Sign in with <name>". */
  name: string;
  /** Allowed email domains (lower case), each with the workspace its new accounts join. */
  domains: ReadonlyMap<string, string>;
}

const domainPattern = /^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/;

/** `school.example=<workspaceId>,la.example=<workspaceId>` as a map; an error names the bad entry. */
export function parseOidcDomains(value: string): Map<string, string> {
  const domains = new Map<string, string>();
  for (const entry of value.split(',').map((e) => e.trim())) {
    if (!entry) continue;
    const [rawDomain = '', workspaceId = '', ...rest] = entry.split('=').map((p) => p.trim());
    const domain = rawDomain.toLowerCase();
    if (!domainPattern.test(domain) || !workspaceId || rest.length > 0) {
      throw new Error(`OIDC_DOMAINS: "${entry}" must be domain=workspaceId (e.g. school.example=${'<workspace id>'})`);
    }
    if (domains.has(domain)) throw new Error(`OIDC_DOMAINS: ${domain} is listed twice`);
    domains.set(domain, workspaceId);
  }
  if (domains.size === 0) throw new Error('OIDC_DOMAINS: list at least one domain=workspaceId');
  return domains;
}

/** Plain http is allowed only for a provider on this machine (development and tests). */
const isLocal = (url: URL) => url.hostname === 'localhost' || url.hostname === '127.0.0.1' || url.hostname === '[::1]';

export function issuerUrl(value: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new Error(`OIDC_ISSUER: "${value}" is not a URL (e.g. https://accounts.google.com)`);
  }
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && isLocal(url))) {
    throw new Error(`OIDC_ISSUER: "${value}" must start with https:// (plain http only for localhost)`);
  }
  return value.replace(/\/$/, '');
}

/** Null when OIDC_ISSUER is unset; otherwise every OIDC setting, checked. */
export function oidcFromEnv(env: NodeJS.ProcessEnv): OidcConfig | null {
  const issuer = env.OIDC_ISSUER?.trim();
  if (!issuer) return null;
  const clientId = env.OIDC_CLIENT_ID?.trim();
  const clientSecret = env.OIDC_CLIENT_SECRET?.trim();
  if (!clientId) throw new Error('OIDC_CLIENT_ID is required when OIDC_ISSUER is set');
  if (!clientSecret) throw new Error('OIDC_CLIENT_SECRET is required when OIDC_ISSUER is set');
  return {
    issuer: issuerUrl(issuer),
    clientId,
    clientSecret,
    name: env.OIDC_NAME?.trim() || 'your organisation',
    domains: parseOidcDomains(env.OIDC_DOMAINS ?? ''),
  };
}

export const allowsInsecureIssuer = (config: OidcConfig): boolean => config.issuer.startsWith('http:');
