import { createServer, type RequestListener, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import Provider, { type KoaContextWithOIDC } from 'oidc-provider';

export interface TestAccount {
  email: string;
  email_verified?: boolean;
  name?: string;
}

export interface TestIdentityProvider {
  /** http://localhost:<port>: a real OpenID Provider (oidc-provider), with its development login form. */
  issuer: string;
  clientId: string;
  clientSecret: string;
  /** Accounts by login name (what to type in the provider's login form); add more at any time. */
  accounts: Map<string, TestAccount>;
  /** Register the client's redirect URI, once the app's port is known. */
  allowRedirect(uri: string): void;
  close(): Promise<void>;
}

/**
 * A real OpenID Provider in this process. It listens first (port 0, every loopback address, so
 * "localhost" works over IPv4 and IPv6) and is configured when the redirect URI is known.
 */
export async function startIdentityProvider(): Promise<TestIdentityProvider> {
  const accounts = new Map<string, TestAccount>();
  let handler: RequestListener | null = null;
  const server: Server = createServer((req, res) => {
    if (handler) return handler(req, res);
    res.writeHead(503).end('provider not configured yet');
  });
  await new Promise<void>((resolve) => server.listen(0, resolve));
  const issuer = `http://localhost:${(server.address() as AddressInfo).port}`;
  const clientId = 'bestfit-test';
  const clientSecret = 'a client secret long enough for HS256 and the tests';
  return {
    issuer,
    clientId,
    clientSecret,
    accounts,
    allowRedirect(uri) {
      const provider = new Provider(issuer, {
        clients: [
          {
            client_id: clientId,
            client_secret: clientSecret,
            redirect_uris: [uri],
            token_endpoint_auth_method: 'client_secret_post',
          },
        ],
        claims: { openid: ['sub'], email: ['email', 'email_verified'], profile: ['name'] },
        // The email and name go in the ID token itself, as Entra ID and Google send them.
        conformIdTokenClaims: false,
        findAccount: (_ctx, id) => {
          const account = accounts.get(id);
          if (!account) return undefined;
          return { accountId: id, claims: () => ({ sub: id, ...account }) };
        },
        features: { devInteractions: { enabled: true } },
        pkce: { required: () => true },
        cookies: { keys: ['test cookie signing key'] },
        // First-party client: consent is granted without asking, as an organisation's admin would set it.
        loadExistingGrant: async (ctx: KoaContextWithOIDC) => {
          const accountId = ctx.oidc.session?.accountId;
          if (!accountId || !ctx.oidc.client) return undefined;
          const grant = new ctx.oidc.provider.Grant({ clientId: ctx.oidc.client.clientId, accountId });
          grant.addOIDCScope('openid email profile');
          await grant.save();
          return grant;
        },
      });
      const callback = provider.callback();
      handler = (req, res) => void callback(req, res);
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
