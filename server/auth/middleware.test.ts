import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { defaultSecurity, type SecurityConfig } from '../config.ts';
import type { AccessStore, User } from '../store/access-types.ts';
import {
  authenticate,
  credentialOf,
  requireUser,
  sameOriginWrites,
  socketCredentialOf,
  type AuthEnv,
  type PresentedCredential,
} from './middleware.ts';
import { hashSecret } from './tokens.ts';

const security = (over: Partial<SecurityConfig> = {}): SecurityConfig => ({ ...defaultSecurity, ...over });
const ada: User = { id: 'u-ada', email: 'ada@la.example', name: 'Ada', isAdmin: false, createdAt: '2026-01-01' };
const TOKEN = 'bf_token-secret';
const SESSION = 'session-secret';

/** Only the lookups authentication makes: one API token and one unexpired session, both Ada's. */
const access = {
  tokenUser: (hash: string) => Promise.resolve(hash === hashSecret(TOKEN) ? ada : null),
  sessionById: (hash: string) =>
    Promise.resolve(hash === hashSecret(SESSION) ? { user: ada, expiresAt: '2099-01-01T00:00:00.000Z' } : null),
} as Pick<AccessStore, 'tokenUser' | 'sessionById'> as AccessStore;

async function presented(
  read: typeof credentialOf,
  url: string,
  headers: Record<string, string>,
  config = security(),
): Promise<PresentedCredential | null> {
  let result: PresentedCredential | null = null;
  const app = new Hono();
  app.get('*', (c) => {
    result = read(c, config);
    return c.body(null, 204);
  });
  await app.request(url, { headers });
  return result;
}

describe('credentialOf: the credential on an API request', () => {
  const of = (headers: Record<string, string>, config?: SecurityConfig) =>
    presented(credentialOf, 'http://bestfit.test/api/reviews', headers, config);

  it('is a Bearer token, trimmed, before the session cookie', async () => {
    expect(await of({ authorization: `Bearer  ${TOKEN} `, cookie: `bestfit_session=${SESSION}` })).toEqual({
      secret: TOKEN,
      via: 'token',
    });
  });

  it('is the session cookie, under the configured name, when there is no Bearer token', async () => {
    expect(await of({ cookie: `bestfit_session=${SESSION}` })).toEqual({ secret: SESSION, via: 'cookie' });
    expect(await of({ authorization: `Basic ${TOKEN}`, cookie: `bestfit_session=${SESSION}` })).toEqual({
      secret: SESSION,
      via: 'cookie',
    });
    const https = security({ publicUrl: 'https://bestfit.la.example' });
    expect(await of({ cookie: `bestfit_session=${SESSION}` }, https)).toBeNull();
    expect(await of({ cookie: `__Host-bestfit_session=${SESSION}` }, https)).toEqual({
      secret: SESSION,
      via: 'cookie',
    });
  });

  it('is nothing without either, and never the query string', async () => {
    expect(await of({})).toBeNull();
    expect(await presented(credentialOf, `http://bestfit.test/api/reviews?token=${TOKEN}`, {})).toBeNull();
  });
});

describe('socketCredentialOf: the credential on a /collab upgrade', () => {
  const of = (query: string, headers: Record<string, string> = {}) =>
    presented(socketCredentialOf, `http://bestfit.test/collab/r1${query}`, headers);

  it('takes an API token from ?token=, as browsers’ WebSocket cannot send headers', async () => {
    expect(await of(`?token=${TOKEN}`)).toEqual({ secret: TOKEN, via: 'token' });
  });

  it('is as on the API without a token in the query', async () => {
    expect(await of('', { cookie: `bestfit_session=${SESSION}` })).toEqual({ secret: SESSION, via: 'cookie' });
    expect(await of('', { authorization: `Bearer ${TOKEN}` })).toEqual({ secret: TOKEN, via: 'token' });
    expect(await of('')).toBeNull();
  });

  it('ignores a session secret in the URL, and prefers an Authorization header to the query', async () => {
    expect(await of(`?token=${SESSION}`)).toBeNull();
    expect(await of(`?token=${SESSION}`, { cookie: `bestfit_session=${SESSION}` })).toEqual({
      secret: SESSION,
      via: 'cookie',
    });
    expect(await of(`?token=${TOKEN}`, { authorization: 'Bearer bf_other' })).toEqual({
      secret: 'bf_other',
      via: 'token',
    });
  });
});

/** An API with authentication, same-origin writes and a signed-in-only route, as the server mounts them. */
function api(config = security()) {
  const app = new Hono<AuthEnv>();
  app.use('/api/*', authenticate(access, config));
  app.use('/api/*', sameOriginWrites(config));
  app.all('/api/open', (c) => c.json({ user: c.get('user')?.id ?? null, via: c.get('authVia') }));
  app.use('/api/private', requireUser());
  app.all('/api/private', (c) => c.json({ user: c.get('user')!.id, kind: c.get('credential')!.kind }));
  return app;
}

const body = async (response: Response) => ({ status: response.status, json: (await response.json()) as unknown });

describe('authenticate', () => {
  it('sets the user and how they were proven, or null for a signed-out or unknown credential', async () => {
    const app = api();
    expect(await body(await app.request('/api/open', { headers: { authorization: `Bearer ${TOKEN}` } }))).toEqual({
      status: 200,
      json: { user: 'u-ada', via: 'token' },
    });
    expect(await body(await app.request('/api/open', { headers: { cookie: `bestfit_session=${SESSION}` } }))).toEqual({
      status: 200,
      json: { user: 'u-ada', via: 'cookie' },
    });
    expect(await body(await app.request('/api/open', { headers: { authorization: 'Bearer bf_unknown' } }))).toEqual({
      status: 200,
      json: { user: null, via: null },
    });
    expect(await body(await app.request('/api/open'))).toEqual({ status: 200, json: { user: null, via: null } });
  });

  it('refuses a token in the URL with 400, naming the field, even an empty one', async () => {
    for (const query of [`?token=${TOKEN}`, '?token='])
      expect(await body(await api().request(`/api/open${query}`))).toEqual({
        status: 400,
        json: {
          error: {
            code: 'invalid_request',
            message: 'token: credentials are not accepted in the URL; send an Authorization: Bearer header',
            field: 'token',
          },
        },
      });
  });
});

describe('requireUser', () => {
  it('answers 401 to the signed out, and lets the signed in through with their credential', async () => {
    expect(await body(await api().request('/api/private'))).toEqual({
      status: 401,
      json: { error: { code: 'unauthenticated', message: 'sign in first' } },
    });
    expect(
      await body(await api().request('/api/private', { headers: { cookie: `bestfit_session=${SESSION}` } })),
    ).toEqual({ status: 200, json: { user: 'u-ada', kind: 'session' } });
  });
});

describe('sameOriginWrites', () => {
  const write = (method: string, headers: Record<string, string>, config?: SecurityConfig) =>
    api(config).request('http://bestfit.test/api/open', {
      method,
      headers: { host: 'bestfit.test', ...headers },
    });
  const cookie = `bestfit_session=${SESSION}`;

  it('refuses a cookie write from another site, naming the header it came by', async () => {
    expect(await body(await write('POST', { cookie, origin: 'https://evil.example' }))).toEqual({
      status: 403,
      json: {
        error: {
          code: 'forbidden',
          message: 'cross-site request refused (Origin https://evil.example is not this site)',
        },
      },
    });
    expect(await body(await write('DELETE', { cookie, referer: 'https://evil.example/page' }))).toEqual({
      status: 403,
      json: {
        error: {
          code: 'forbidden',
          message: 'cross-site request refused (Referer https://evil.example/page is not this site)',
        },
      },
    });
  });

  it('refuses a cookie write with neither Origin nor Referer, saying what to send', async () => {
    for (const method of ['POST', 'PUT', 'PATCH', 'DELETE'])
      expect(await body(await write(method, { cookie })), method).toEqual({
        status: 403,
        json: {
          error: {
            code: 'forbidden',
            message:
              'cross-site request refused (a change made with the session cookie must send an Origin or Referer header)',
          },
        },
      });
  });

  it('allows a cookie write from the app’s own pages, reads with the cookie, and anything with a Bearer token', async () => {
    expect((await write('POST', { cookie, origin: 'http://bestfit.test' })).status).toBe(200);
    expect((await write('POST', { cookie, referer: 'http://bestfit.test/reviews/r1' })).status).toBe(200);
    for (const method of ['GET', 'HEAD', 'OPTIONS']) expect((await write(method, { cookie })).status, method).toBe(200);
    expect(
      (await write('POST', { cookie, origin: 'https://evil.example', authorization: `Bearer ${TOKEN}` })).status,
    ).toBe(200);
    // No session cookie at all: nothing ambient to misuse.
    expect((await write('POST', { origin: 'https://evil.example' })).status).toBe(200);
  });

  it('still checks the origin when a cookie comes with a Bearer token nobody issued', async () => {
    expect(
      (await write('POST', { cookie, origin: 'https://evil.example', authorization: 'Bearer bf_unknown' })).status,
    ).toBe(403);
  });
});
