import { Hono, type Context } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import * as client from 'openid-client';
import { checkIdentity } from '../auth/oidc/claims.ts';
import { accountForIdentity, MisconfiguredError } from '../auth/oidc/link.ts';
import { PENDING_SECONDS, PendingSignIns } from '../auth/oidc/pending.ts';
import type { OidcProvider } from '../auth/oidc/provider.ts';
import type { AuthEnv } from '../auth/middleware.ts';
import { publicOrigin, reachedOverHttps } from '../auth/request-origin.ts';
import type { SecurityConfig } from '../config.ts';
import type { Store } from '../store/types.ts';
import { signIn } from './auth.ts';
import { errorPage } from './error-page.ts';

const STATE_COOKIE = 'bestfit_oidc_state';
const COOKIE_PATH = '/api/auth/oidc';
export const CALLBACK_PATH = '/api/auth/oidc/callback';

export interface OidcRouteDeps {
  provider: OidcProvider;
  security: SecurityConfig;
  log: (message: string, error?: unknown) => void;
  pending?: PendingSignIns;
}

/** Sign-in with the organisation's identity provider: authorization code flow with PKCE, state and nonce. */
export function oidcRoutes(store: Store, { provider, security, log, pending = new PendingSignIns() }: OidcRouteDeps) {
  const redirectUri = (c: Context) => `${publicOrigin(c, security)}${CALLBACK_PATH}`;
  const refuse = (c: Context, status: 400 | 403 | 500 | 502, message: string) =>
    c.html(errorPage(`Sign-in with ${provider.config.name} did not work`, message), status);

  return new Hono<AuthEnv>()
    .get('/start', async (c) => {
      let configuration: client.Configuration;
      try {
        configuration = await provider.get();
      } catch (error) {
        log(`OIDC discovery at ${provider.config.issuer} failed`, error);
        return refuse(c, 502, `${provider.config.name} could not be reached; try again in a minute`);
      }
      const { state, pending: p } = pending.start();
      // Binds the callback to this browser: a link carrying someone else's state cannot sign you in.
      setCookie(c, STATE_COOKIE, state, {
        httpOnly: true,
        sameSite: 'Lax',
        secure: reachedOverHttps(c, security),
        path: COOKIE_PATH,
        maxAge: PENDING_SECONDS,
      });
      const url = client.buildAuthorizationUrl(configuration, {
        redirect_uri: redirectUri(c),
        scope: 'openid email profile',
        state,
        nonce: p.nonce,
        code_challenge: await client.calculatePKCECodeChallenge(p.codeVerifier),
        code_challenge_method: 'S256',
      });
      return c.redirect(url.href, 302);
    })
    .get('/callback', async (c) => {
      const state = c.req.query('state');
      const cookieState = getCookie(c, STATE_COOKIE);
      deleteCookie(c, STATE_COOKIE, { path: COOKIE_PATH, secure: reachedOverHttps(c, security) });
      if (!state) return refuse(c, 400, 'state: missing from the answer; start again from the sign-in page');
      if (state !== cookieState) {
        return refuse(
          c,
          400,
          'state: does not match the sign-in this browser started; start again from the sign-in page',
        );
      }
      const p = pending.take(state);
      if (!p) return refuse(c, 400, 'state: unknown, expired or already used; start again from the sign-in page');

      let claims: Record<string, unknown>;
      try {
        const configuration = await provider.get();
        // The URL the provider sent the browser to, as registered (a proxy may have rewritten ours).
        const current = new URL(`${redirectUri(c)}${new URL(c.req.url).search}`);
        const tokens = await client.authorizationCodeGrant(configuration, current, {
          pkceCodeVerifier: p.codeVerifier,
          expectedNonce: p.nonce,
          expectedState: state,
          idTokenExpected: true,
        });
        claims = tokens.claims() ?? {};
      } catch (error) {
        // The provider's own refusal (the person cancelled; a code already used or expired).
        if (error instanceof client.AuthorizationResponseError || error instanceof client.ResponseBodyError) {
          return refuse(c, 400, `${provider.config.name} said: ${error.error_description ?? error.error}`);
        }
        log('OIDC code exchange failed', error);
        const detail = error instanceof Error ? error.message : String(error);
        return refuse(c, 502, `the answer from ${provider.config.name} could not be checked (${detail})`);
      }

      const checked = checkIdentity(claims, provider.config);
      if (!checked.ok) return refuse(c, 403, checked.message);
      try {
        const { user } = await accountForIdentity(store.access, store.identity, {
          issuer: String(claims.iss),
          subject: String(claims.sub),
          email: checked.email,
          name: checked.name,
          workspaceId: checked.workspaceId,
        });
        // A disabled account stays out, whichever way it signs in.
        if ((await store.access.userById(user.id))?.disabledAt) {
          return refuse(c, 403, 'this account has been disabled by an administrator');
        }
        await signIn(c, store.access, security, user);
      } catch (error) {
        if (!(error instanceof MisconfiguredError)) throw error;
        log(error.message);
        return refuse(c, 500, `Bestfit is not set up for ${checked.domain} accounts yet; tell its administrator`);
      }
      return c.redirect('/', 302);
    });
}
