import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser } from '../server/auth/accounts.ts';
import { CookieJar } from './helpers/cookie-jar.ts';
import { cheapPasswordHash } from './helpers/cookies.ts';
import { startIdentityProvider, type TestIdentityProvider } from './helpers/oidc.ts';
import { createReviewOver, startTestServer, type TestServer } from './helpers/server.ts';

const SCHOOL = 'ws-school';
const PASSWORD = 'a long enough passphrase 42';
let idp: TestIdentityProvider;
let server: TestServer;

beforeAll(async () => {
  idp = await startIdentityProvider();
  server = await startTestServer({
    OIDC_ISSUER: idp.issuer,
    OIDC_CLIENT_ID: idp.clientId,
    OIDC_CLIENT_SECRET: idp.clientSecret,
    OIDC_NAME: 'Test IdP',
    OIDC_DOMAINS: `School.Example=${SCHOOL}, la.example=ws-missing, trust.example=Oak School`,
  });
  await server.store.access.createWorkspace(SCHOOL, 'Oak School');
  idp.allowRedirect(`${server.url}/api/auth/oidc/callback`);
});

afterAll(async () => {
  await server?.close();
  await idp?.close();
});

type ErrorBody = { error: { code: string; message: string; field?: string } };
type Me = { user: { id: string; email: string; name: string }; workspaces: { id: string; role: string }[] };

const isApp = (u: URL) => u.origin === server.url && u.pathname === '/';

/**
 * Start at Bestfit's button, sign in at the provider's own login form as `login`, and come back:
 * resolves with the callback's answer (a redirect to the app, or a refusal page) and the jar.
 */
async function providerSignIn(login: string, jar = new CookieJar()) {
  const atProvider = await jar.follow(`${server.url}/api/auth/oidc/start`);
  expect(atProvider.url.origin).toBe(idp.issuer);
  const form = await atProvider.res.text();
  const action = /<form[^>]*action="([^"]+)"/.exec(form)?.[1];
  if (!action) throw new Error(`no login form at the provider:\n${form}`);
  const state = jar.get(server.url, 'bestfit_oidc_state');
  const back = await jar.follow(
    new URL(action, atProvider.url),
    {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ prompt: 'login', login, password: 'any password' }),
    },
    isApp,
  );
  expect(back.url.pathname).toBe('/api/auth/oidc/callback');
  return { res: back.res, callback: back.url, jar, state };
}

async function me(jar: CookieJar): Promise<Me> {
  const res = await jar.fetch(`${server.url}/api/auth/me`);
  expect(res.status).toBe(200);
  return (await res.json()) as Me;
}

const passwordLogin = (email: string, password = PASSWORD) =>
  fetch(`${server.url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password }),
  });

/** A password account with cheap hashing, optionally a member of a workspace. */
async function passwordUser(email: string, workspaceId?: string, isAdmin = false) {
  const user = await createUser(server.store.access, {
    email,
    name: email.split('@')[0]!,
    password: PASSWORD,
    isAdmin,
  });
  await server.store.access.setPasswordHash(user.id, cheapPasswordHash(PASSWORD));
  if (workspaceId) await server.store.access.addWorkspaceMember(workspaceId, user.id, 'member');
  return user;
}

describe('sign-in with the identity provider', () => {
  it('offers the button only when configured, by name', async () => {
    const setup = (await (await fetch(`${server.url}/api/auth/setup`)).json()) as { oidc: { name: string } | null };
    expect(setup.oidc).toEqual({ name: 'Test IdP' });
    const plain = await startTestServer();
    try {
      const none = (await (await fetch(`${plain.url}/api/auth/setup`)).json()) as { oidc: unknown };
      expect(none.oidc).toBeNull();
      const start = await fetch(`${plain.url}/api/auth/oidc/start`, { redirect: 'manual' });
      expect(start.status).toBe(404);
      expect(((await start.json()) as ErrorBody).error.message).toMatch(/OIDC_ISSUER is unset/);
    } finally {
      await plain.close();
    }
  });

  it('sends the browser to the provider with state, nonce and PKCE, remembered in an HttpOnly cookie', async () => {
    const res = await fetch(`${server.url}/api/auth/oidc/start`, { redirect: 'manual' });
    expect(res.status).toBe(302);
    const to = new URL(res.headers.get('location')!);
    expect(to.origin).toBe(idp.issuer);
    expect(to.searchParams.get('redirect_uri')).toBe(`${server.url}/api/auth/oidc/callback`);
    expect(to.searchParams.get('code_challenge_method')).toBe('S256');
    expect(to.searchParams.get('nonce')).toBeTruthy();
    expect(to.searchParams.get('scope')).toBe('openid email profile');
    const cookie = res.headers.getSetCookie().find((c) => c.startsWith('bestfit_oidc_state='))!;
    expect(cookie).toContain(`bestfit_oidc_state=${to.searchParams.get('state')}`);
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Lax/i);
    expect(cookie).toMatch(/Path=\/api\/auth\/oidc/);
  });

  it('creates a first-time account without a password, in the domain’s workspace, and signs it in', async () => {
    idp.accounts.set('alice', { email: 'Alice@school.example', email_verified: true, name: 'Alice Adams' });
    const { res, jar } = await providerSignIn('alice');
    expect(res.status).toBe(302);
    expect(res.headers.get('location')).toBe('/');
    const { user, workspaces } = await me(jar);
    expect(user).toMatchObject({ email: 'Alice@school.example', name: 'Alice Adams' });
    expect(workspaces).toEqual([{ id: SCHOOL, name: 'Oak School', role: 'member' }]);
    // The account has no password: no password opens it, the empty one included.
    for (const password of [PASSWORD, 'none: signs in with the identity provider', '']) {
      expect((await passwordLogin('Alice@school.example', password)).status).not.toBe(200);
    }
    // A member of the workspace can use it at once.
    const token = (await jar.fetch(`${server.url}/api/reviews`)).status;
    expect(token).toBe(200);
  });

  it('matches a returning person by issuer and subject before email', async () => {
    const first = await me((await providerSignIn('alice')).jar);
    idp.accounts.set('alice', { email: 'alice.adams@school.example', email_verified: true, name: 'Alice Adams' });
    const again = await me((await providerSignIn('alice')).jar);
    expect(again.user.id).toBe(first.user.id);
    expect(await server.store.access.userByEmail('alice.adams@school.example')).toBeNull();
  });

  it('links an existing password account with the same verified email, which keeps its password', async () => {
    const bob = await passwordUser('bob@school.example');
    idp.accounts.set('bob-at-idp', { email: 'BOB@School.Example', email_verified: true });
    const { res, jar } = await providerSignIn('bob-at-idp');
    expect(res.status).toBe(302);
    expect((await me(jar)).user.id).toBe(bob.id);
    expect((await server.store.identity.userByIdentity(idp.issuer, 'bob-at-idp'))?.id).toBe(bob.id);
    expect((await passwordLogin('bob@school.example')).status).toBe(200);
  });

  it('keeps a disabled account out: refused with a message, no session', async () => {
    const dora = await passwordUser('dora@school.example');
    await server.store.admin.setDisabled(dora.id, new Date().toISOString(), {
      at: new Date().toISOString(),
      actorId: null,
      actorName: 'tests',
      action: 'user.disable',
      subject: dora.id,
      detail: 'disabled Dora',
    });
    idp.accounts.set('dora', { email: 'dora@school.example', email_verified: true });
    const { res, jar } = await providerSignIn('dora');
    expect(res.status).toBe(403);
    expect(await res.text()).toContain('this account has been disabled by an administrator');
    expect((await jar.fetch(`${server.url}/api/auth/me`)).status).toBe(401);
  });

  it('refuses a domain that is not allowed, with a clear message and no account or session', async () => {
    idp.accounts.set('carol', { email: 'carol@elsewhere.example', email_verified: true });
    const { res, jar } = await providerSignIn('carol');
    expect(res.status).toBe(403);
    expect(await res.text()).toContain('Sign-in with elsewhere.example accounts is not allowed on this Bestfit');
    expect(res.headers.getSetCookie().some((c) => c.startsWith('bestfit_session='))).toBe(false);
    expect((await jar.fetch(`${server.url}/api/auth/me`)).status).toBe(401);
    expect(await server.store.access.userByEmail('carol@elsewhere.example')).toBeNull();
  });

  it('refuses an email the provider does not say is verified, and an account with no email', async () => {
    idp.accounts.set('dan', { email: 'dan@school.example', email_verified: false });
    const unverified = await providerSignIn('dan');
    expect(unverified.res.status).toBe(403);
    expect(await unverified.res.text()).toContain('does not confirm that dan@school.example is verified');
    idp.accounts.set('eve', { email: 'eve@school.example' });
    expect((await providerSignIn('eve')).res.status).toBe(403);
    idp.accounts.set('nobody', { name: 'No Email' } as never);
    const noEmail = await providerSignIn('nobody');
    expect(noEmail.res.status).toBe(403);
    expect(await noEmail.res.text()).toContain('did not send an email address');
    expect(await server.store.access.userByEmail('dan@school.example')).toBeNull();
  });

  it('finds the workspace by its exact name too', async () => {
    idp.accounts.set('hal', { email: 'hal@trust.example', email_verified: true });
    const { jar } = await providerSignIn('hal');
    expect((await me(jar)).workspaces).toEqual([{ id: SCHOOL, name: 'Oak School', role: 'member' }]);
  });

  it('says so when OIDC_DOMAINS names a workspace that does not exist', async () => {
    idp.accounts.set('fay', { email: 'fay@la.example', email_verified: true });
    const { res } = await providerSignIn('fay');
    expect(res.status).toBe(500);
    expect(await res.text()).toContain('not set up for la.example accounts');
  });
});

describe('the callback refuses bad state', () => {
  const callback = (query: string, cookie?: string) =>
    fetch(`${server.url}/api/auth/oidc/callback${query}`, {
      redirect: 'manual',
      headers: cookie ? { cookie: `bestfit_oidc_state=${cookie}` } : {},
    });

  it('missing, not this browser’s, or never issued: 400 with a message', async () => {
    const missing = await callback('?code=abc');
    expect(missing.status).toBe(400);
    expect(await missing.text()).toContain('state: missing');

    const jar = new CookieJar();
    await jar.fetch(`${server.url}/api/auth/oidc/start`);
    const mine = jar.get(server.url, 'bestfit_oidc_state')!;
    const forged = await callback('?code=abc&state=forged', mine);
    expect(forged.status).toBe(400);
    expect(await forged.text()).toContain('state: does not match the sign-in this browser started');
    const noCookie = await callback(`?code=abc&state=${mine}`);
    expect(noCookie.status).toBe(400);

    const invented = await callback('?code=abc&state=invented', 'invented');
    expect(invented.status).toBe(400);
    expect(await invented.text()).toContain('state: unknown, expired or already used');
  });

  it('a replayed callback is refused, even with its cookie', async () => {
    idp.accounts.set('gus', { email: 'gus@school.example', email_verified: true });
    const { res, callback: url, state } = await providerSignIn('gus');
    expect(res.status).toBe(302);
    const replay = await callback(url.search, state);
    expect(replay.status).toBe(400);
    expect(await replay.text()).toContain('state: unknown, expired or already used');
    expect(replay.headers.getSetCookie().some((c) => c.startsWith('bestfit_session='))).toBe(false);
  });

  it('a code the provider never issued is refused by the provider, and the page says so', async () => {
    const jar = new CookieJar();
    await jar.fetch(`${server.url}/api/auth/oidc/start`);
    const state = jar.get(server.url, 'bestfit_oidc_state')!;
    const res = await callback(`?${new URLSearchParams({ code: 'forged', state, iss: idp.issuer })}`, state);
    expect(res.status).toBe(400);
    expect(await res.text()).toMatch(/Test IdP said: .*grant/);
    expect(res.headers.getSetCookie().some((c) => c.startsWith('bestfit_session='))).toBe(false);
  });

  it('an error from the provider is shown, not a session', async () => {
    const jar = new CookieJar();
    await jar.fetch(`${server.url}/api/auth/oidc/start`);
    const state = jar.get(server.url, 'bestfit_oidc_state')!;
    const query = new URLSearchParams({
      error: 'access_denied',
      error_description: 'User cancelled',
      state,
      iss: idp.issuer,
    });
    const res = await callback(`?${query}`, state);
    expect(res.status).toBe(400);
    expect(await res.text()).toContain('Test IdP said: User cancelled');
  });
});

describe('SSO-only workspaces', () => {
  const setSsoOnly = (workspaceId: string, body: unknown, token?: string) =>
    fetch(`${server.url}/api/workspaces/${workspaceId}`, {
      method: 'PATCH',
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify(body),
    });

  it('only an administrator may set it; bad input is named', async () => {
    const { createApiToken } = await import('../server/auth/accounts.ts');
    const admin = await passwordUser('admin@la.example', undefined, true);
    const adminToken = await createApiToken(server.store.access, admin.id, 'tests');
    const member = await passwordUser('member@school.example', SCHOOL);
    const memberToken = await createApiToken(server.store.access, member.id, 'tests');

    expect((await setSsoOnly(SCHOOL, { ssoOnly: true })).status).toBe(401);
    const notAdmin = await setSsoOnly(SCHOOL, { ssoOnly: true }, memberToken);
    expect(notAdmin.status).toBe(403);
    expect(((await notAdmin.json()) as ErrorBody).error.message).toMatch(/only an administrator/);
    // The owner of another workspace is no administrator either.
    const ownerWorkspace = (await server.store.access.workspacesOf(server.owner.id))[0]!;
    expect(ownerWorkspace.role).toBe('owner');
    expect((await setSsoOnly(ownerWorkspace.id, { ssoOnly: true }, server.owner.token)).status).toBe(403);

    for (const [body, field] of [
      [{ ssoOnly: 'yes' }, 'ssoOnly'],
      [{}, 'ssoOnly'],
      [{ ssoOnly: true, name: 'x' }, ''],
    ] as const) {
      const bad = await setSsoOnly(SCHOOL, body, adminToken);
      expect(bad.status).toBe(400);
      expect(((await bad.json()) as ErrorBody).error.message).toContain(field);
    }
    const unknown = await setSsoOnly('no-such-workspace', { ssoOnly: true }, adminToken);
    expect(unknown.status).toBe(404);
    expect(((await unknown.json()) as ErrorBody).error.message).toBe('no workspace no-such-workspace');
    expect(await server.store.identity.ssoOnly(SCHOOL)).toBe(false);

    const ok = await setSsoOnly(SCHOOL, { ssoOnly: true }, adminToken);
    expect(ok.status).toBe(200);
    expect(await ok.json()).toEqual({ id: SCHOOL, ssoOnly: true });
    expect(await server.store.identity.ssoOnly(SCHOOL)).toBe(true);

    // Its members can no longer use a password, and are told what to use; others still can.
    const refused = await passwordLogin('member@school.example');
    expect(refused.status).toBe(403);
    expect(((await refused.json()) as ErrorBody).error).toEqual({
      code: 'sso_required',
      message: 'your workspace signs in with Test IdP: use "Sign in with Test IdP" instead of a password',
    });
    expect(refused.headers.getSetCookie()).toEqual([]);
    expect((await passwordLogin('admin@la.example')).status).toBe(200);

    // Nor through an invite link's sign-in.
    const reviewId = await createReviewOver(server.url, server.owner.token, 'ba-partnership-sef');
    const invite = await fetch(`${server.url}/api/reviews/${reviewId}/invites`, {
      method: 'POST',
      headers: { authorization: `Bearer ${server.owner.token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ role: 'editor', expiresInDays: 7 }),
    });
    const secret = ((await invite.json()) as { url: string }).url.split('/invite/')[1]!;
    const viaInvite = await fetch(`${server.url}/api/invites/${secret}/accept`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'Member', email: 'member@school.example', password: PASSWORD }),
    });
    expect(viaInvite.status).toBe(403);
    expect(await server.store.access.reviewRole(reviewId, member.id)).toBeNull();

    // The identity provider still signs them in.
    idp.accounts.set('member', { email: 'member@school.example', email_verified: true });
    const { res, jar } = await providerSignIn('member');
    expect(res.status).toBe(302);
    expect((await me(jar)).user.id).toBe(member.id);

    expect((await setSsoOnly(SCHOOL, { ssoOnly: false }, adminToken)).status).toBe(200);
    expect((await passwordLogin('member@school.example')).status).toBe(200);
  });
});
