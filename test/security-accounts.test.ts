import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readFrameworkFile } from '../server/frameworks/files.ts';
import viteConfig from '../vite.config.ts';
import { cheapPasswordHash, signInCookie } from './helpers/cookies.ts';
import { liveServer } from './helpers/live.ts';
import { createReviewOver, repoRoot, type TestServer } from './helpers/server.ts';

const framework = await readFrameworkFile(`${repoRoot}frameworks/ba-partnership-sef.yaml`);
const live = liveServer();

type ErrorBody = { error: { code: string; message: string; field?: string } };

/** Store the user's password with cheap hashing parameters, for tests that sign in many times. */
const cheapen = (server: TestServer, user: { id: string; password: string }) =>
  server.store.access.setPasswordHash(user.id, cheapPasswordHash(user.password));

const login = (server: TestServer, email: string, password: string, headers: Record<string, string> = {}) =>
  fetch(`${server.url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ email, password }),
  });

/** A facilitator's new invite link for a review; resolves with its secret. */
async function inviteSecret(server: TestServer, reviewId: string, role = 'editor'): Promise<string> {
  const res = await fetch(`${server.url}/api/reviews/${reviewId}/invites`, {
    method: 'POST',
    headers: { authorization: `Bearer ${server.owner.token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ role, expiresInDays: 7 }),
  });
  expect(res.status).toBe(201);
  return ((await res.json()) as { url: string }).url.split('/invite/')[1]!;
}

const accept = (server: TestServer, secret: string, body: unknown, headers: Record<string, string> = {}) =>
  fetch(`${server.url}/api/invites/${secret}/accept`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });

describe('session cookie attributes', () => {
  it('is Secure and __Host- prefixed when PUBLIC_URL is https, and still authenticates', async () => {
    const server = await live.start({ PUBLIC_URL: 'https://bestfit.la.example' });
    const res = await login(server, server.owner.email, server.owner.password);
    const setCookie = res.headers.get('set-cookie')!;
    expect(setCookie).toMatch(/^__Host-bestfit_session=/);
    expect(setCookie).toMatch(/; Secure/i);
    expect(setCookie).toMatch(/; Path=\//i);
    expect(setCookie).not.toMatch(/Domain=/i);
    const cookie = setCookie.split(';')[0]!;
    expect((await fetch(`${server.url}/api/auth/me`, { headers: { cookie } })).status).toBe(200);
    // Invite links point at the public address, not whatever Host the request used.
    const reviewId = await createReviewOver(server.url, server.owner.token, framework.id);
    const invite = await fetch(`${server.url}/api/reviews/${reviewId}/invites`, {
      method: 'POST',
      headers: { authorization: `Bearer ${server.owner.token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ role: 'observer' }),
    });
    expect(((await invite.json()) as { url: string }).url).toMatch(/^https:\/\/bestfit\.la\.example\/invite\//);
  });

  it('believes X-Forwarded-Proto only behind TRUST_PROXY', async () => {
    const direct = await live.start();
    const plain = await login(direct, direct.owner.email, direct.owner.password, { 'x-forwarded-proto': 'https' });
    expect(plain.headers.get('set-cookie')).toMatch(/^bestfit_session=/);
    expect(plain.headers.get('set-cookie')).not.toMatch(/Secure/i);
    await direct.close();
    const proxied = await live.start({ TRUST_PROXY: '1' });
    const secure = await login(proxied, proxied.owner.email, proxied.owner.password, {
      'x-forwarded-proto': 'https',
    });
    expect(secure.headers.get('set-cookie')).toMatch(/; Secure/i);
  });

  it('refuses a PUBLIC_URL or ALLOWED_ORIGINS that is not an http(s) URL, naming the variable', async () => {
    await expect(live.start({ PUBLIC_URL: 'bestfit.la.example' })).rejects.toThrow(/PUBLIC_URL/);
    await expect(live.start({ ALLOWED_ORIGINS: 'ftp://files.example' })).rejects.toThrow(/ALLOWED_ORIGINS/);
    await expect(live.start({ TRUST_PROXY: 'yes please' })).rejects.toThrow(/TRUST_PROXY/);
  });
});

describe('sign-in limits', () => {
  it('never count successful sign-ins: 101 from one address lock no one out; wrong passwords are still limited', async () => {
    const server = await live.start();
    await cheapen(server, server.owner);
    for (let i = 0; i < 101; i++) {
      const res = await login(server, server.owner.email, server.owner.password);
      expect(res.status, `sign-in ${i + 1}`).toBe(200);
    }
    const other = await server.addMember(
      await createReviewOver(server.url, server.owner.token, framework.id),
      'editor',
    );
    await cheapen(server, other);
    const statuses: number[] = [];
    for (let i = 0; i < 11; i++) statuses.push((await login(server, other.email, 'a wrong password')).status);
    expect(statuses.slice(0, 10)).toEqual(Array(10).fill(401));
    expect(statuses[10]).toBe(429);
    // That account is held from this address even with its right password; others are not.
    expect((await login(server, other.email, other.password)).status).toBe(429);
    expect((await login(server, server.owner.email, server.owner.password)).status).toBe(200);
  });

  it('take the address from X-Forwarded-For only behind TRUST_PROXY', async () => {
    const proxied = await live.start({ TRUST_PROXY: '1' });
    await cheapen(proxied, proxied.owner);
    const fromA = { 'x-forwarded-for': '203.0.113.7' };
    const fromB = { 'x-forwarded-for': '198.51.100.2, 203.0.113.9' };
    for (let i = 0; i < 10; i++) await login(proxied, proxied.owner.email, 'a wrong password', fromA);
    expect((await login(proxied, proxied.owner.email, proxied.owner.password, fromA)).status).toBe(429);
    // Another client behind the same proxy is a different address.
    expect((await login(proxied, proxied.owner.email, proxied.owner.password, fromB)).status).toBe(200);
    await proxied.close();

    const direct = await live.start();
    await cheapen(direct, direct.owner);
    // Without TRUST_PROXY the header is anyone's to forge, so it changes nothing.
    for (let i = 0; i < 10; i++) {
      await login(direct, direct.owner.email, 'a wrong password', { 'x-forwarded-for': `192.0.2.${i}` });
    }
    expect(
      (await login(direct, direct.owner.email, direct.owner.password, { 'x-forwarded-for': '192.0.2.200' })).status,
    ).toBe(429);
  });
});

describe('removal lasts', () => {
  it('refuses an invite link made before someone was removed, until a facilitator makes a new one', async () => {
    const server = await live.start();
    const reviewId = await createReviewOver(server.url, server.owner.token, framework.id);
    const secret = await inviteSecret(server, reviewId, 'editor');
    const joined = await accept(server, secret, {
      name: 'Removed Editor',
      email: 'removed.editor@example.test',
      password: 'a long enough password',
    });
    expect(joined.status).toBe(200);
    const cookie = joined.headers.get('set-cookie')!.split(';')[0]!;
    const { user } = (await joined.json()) as { user: { id: string } };
    const removed = await fetch(`${server.url}/api/reviews/${reviewId}/members/${user.id}`, {
      method: 'DELETE',
      headers: { authorization: `Bearer ${server.owner.token}` },
    });
    expect(removed.status).toBe(200);

    const again = await accept(server, secret, {}, { cookie, origin: server.url });
    expect(again.status).toBe(403);
    expect(((await again.json()) as ErrorBody).error.message).toContain('removed from this review');
    expect((await fetch(`${server.url}/api/reviews/${reviewId}`, { headers: { cookie } })).status).toBe(404);
    expect(await server.store.access.reviewRole(reviewId, user.id)).toBeNull();

    // Re-invited: a link made after the removal lets them back in.
    const fresh = await inviteSecret(server, reviewId, 'observer');
    const back = await accept(server, fresh, {}, { cookie, origin: server.url });
    expect(back.status).toBe(200);
    expect(((await back.json()) as { role: string }).role).toBe('observer');
  });
});

describe('no email enumeration', () => {
  it('answers a sign-up through an invite link without saying whether the email has an account', async () => {
    const server = await live.start();
    const reviewId = await createReviewOver(server.url, server.owner.token, framework.id);
    const secret = await inviteSecret(server, reviewId);
    const existing = server.owner.email;

    const taken = await accept(server, secret, { name: 'Mallory', email: existing, password: 'a guessed passphrase' });
    expect(taken.status).toBe(401);
    const text = await taken.text();
    expect(text).not.toContain(existing);
    expect(text).not.toMatch(/already has an account/i);
    expect((JSON.parse(text) as ErrorBody).error.message).toContain('sign in to accept');
    expect(taken.headers.get('set-cookie')).toBeNull();

    // Details that break the rules are refused with the same words whether or not the email is known.
    const bodies = await Promise.all(
      [existing, 'nobody.here@example.test'].map(async (email) =>
        (await accept(server, secret, { name: 'X', email, password: 'password12' })).text(),
      ),
    );
    expect(bodies[0]).toBe(bodies[1]);

    // The account's owner who signs up with their own password is simply signed in and joined.
    const own = await accept(server, secret, { name: 'Owner', email: existing, password: server.owner.password });
    expect(own.status).toBe(200);
    expect(own.headers.get('set-cookie')).toMatch(/bestfit_session=/);
  });

  it('counts wrong passwords given through an invite sign-up against the sign-in limit', async () => {
    const server = await live.start();
    const reviewId = await createReviewOver(server.url, server.owner.token, framework.id);
    const secret = await inviteSecret(server, reviewId);
    await cheapen(server, server.owner);
    for (let i = 0; i < 10; i++) {
      await accept(server, secret, { name: 'M', email: server.owner.email, password: `guess number ${i}!` });
    }
    expect((await login(server, server.owner.email, server.owner.password)).status).toBe(429);
  });
});

describe('passwords', () => {
  it('refuses common and repetitive passwords with a message saying why, without composition rules', async () => {
    const server = await live.start();
    const reviewId = await createReviewOver(server.url, server.owner.token, framework.id);
    const secret = await inviteSecret(server, reviewId);
    const signUp = (password: string) =>
      accept(server, secret, { name: 'New Person', email: 'new.person@example.test', password });
    const common = await signUp('password12');
    expect(common.status).toBe(400);
    const commonError = ((await common.json()) as ErrorBody).error;
    expect(commonError.field).toBe('password');
    expect(commonError.message).toContain('most common passwords');
    const repeated = await signUp('aaaaaaaaaa');
    expect(repeated.status).toBe(400);
    expect(((await repeated.json()) as ErrorBody).error.message).toContain('too few characters');
    expect((await signUp('Password123')).status).toBe(400);
    // A long lower-case passphrase needs no digit or symbol.
    expect((await signUp('walnut orchard in april')).status).toBe(200);
  });
});

describe('changing a password', () => {
  it('needs a signed-in person, both fields, and a same-site page for a cookie', async () => {
    const server = await live.start();
    const change = (headers: Record<string, string>, body: unknown) =>
      fetch(`${server.url}/api/auth/password`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body: JSON.stringify(body),
      });
    const full = { currentPassword: server.owner.password, newPassword: 'another long passphrase' };
    expect((await change({}, full)).status).toBe(401);
    const missing = await change({ authorization: `Bearer ${server.owner.token}` }, { currentPassword: 'x' });
    expect(missing.status).toBe(400);
    expect(((await missing.json()) as ErrorBody).error.field).toBe('newPassword');
    const cookie = await signInCookie(server.url, server.owner.email, server.owner.password);
    expect((await change({ cookie, origin: 'https://evil.example' }, full)).status).toBe(403);
    // Nothing changed: the old password still signs in.
    expect((await login(server, server.owner.email, server.owner.password)).status).toBe(200);
    // A script with its API token may change it; the token keeps working.
    expect((await change({ authorization: `Bearer ${server.owner.token}` }, full)).status).toBe(200);
    expect((await login(server, server.owner.email, full.newPassword)).status).toBe(200);
    expect(
      (await fetch(`${server.url}/api/auth/me`, { headers: { authorization: `Bearer ${server.owner.token}` } })).status,
    ).toBe(200);
  });
});

describe('what observers see', () => {
  it('shows members by name to observers and editors, and emails only to facilitators', async () => {
    const server = await live.start();
    const reviewId = await createReviewOver(server.url, server.owner.token, framework.id);
    const observer = await server.addMember(reviewId, 'observer');
    const editor = await server.addMember(reviewId, 'editor');
    const members = async (token: string) =>
      (await (
        await fetch(`${server.url}/api/reviews/${reviewId}/members`, { headers: { authorization: `Bearer ${token}` } })
      ).json()) as { name: string; email?: string }[];
    for (const who of [observer, editor]) {
      const seen = await members(who.token);
      expect(seen.map((m) => m.name).sort()).toEqual([observer.name, editor.name, 'Owner'].sort());
      expect(JSON.stringify(seen)).not.toContain('@');
    }
    expect((await members(server.owner.token)).map((m) => m.email)).toContain(observer.email);
  });
});

describe('cookie writes and where they come from', () => {
  it('refuses a cookie write with neither Origin nor Referer, allows a same-site Referer and any bearer-token write', async () => {
    const server = await live.start({ ALLOWED_ORIGINS: 'https://intranet.la.example' });
    const cookie = await signInCookie(server.url, server.owner.email, server.owner.password);
    const create = (headers: Record<string, string>, title: string) =>
      fetch(`${server.url}/api/reviews`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body: JSON.stringify({ frameworkId: framework.id, title }),
      });
    const bare = await create({ cookie }, 'No origin');
    expect(bare.status, 'a cookie write with neither Origin nor Referer must be refused').toBe(403);
    expect(((await bare.json()) as ErrorBody).error.message).toMatch(/Origin or Referer/);
    const foreignReferer = await create({ cookie, referer: 'https://evil.example/page' }, 'Foreign referer');
    expect(foreignReferer.status, 'a cookie write from another site’s Referer must be refused').toBe(403);
    expect((await create({ cookie, referer: `${server.url}/reviews` }, 'Own referer')).status).toBe(201);
    expect((await create({ cookie, origin: 'https://intranet.la.example' }, 'Allowed origin')).status).toBe(201);
    expect((await create({ authorization: `Bearer ${server.owner.token}` }, 'Script')).status).toBe(201);
    const titles = (await server.store.listReviews()).map((r) => r.title);
    expect(titles, 'a refused cookie write must store nothing').not.toContain('No origin');
    expect(titles, 'a refused cookie write must store nothing').not.toContain('Foreign referer');
  });
});

describe('headers and served files', () => {
  it("limits connect-src to 'self' and ALLOWED_ORIGINS", async () => {
    const server = await live.start({ ALLOWED_ORIGINS: 'https://intranet.la.example' });
    const csp = (await fetch(`${server.url}/healthz`)).headers.get('content-security-policy')!;
    const connect = csp.split(';').find((d) => d.trim().startsWith('connect-src'))!;
    expect(connect.trim()).toBe("connect-src 'self' https://intranet.la.example");
  });

  it('builds no source maps and serves none', async () => {
    expect(viteConfig.build?.sourcemap).toBeFalsy();
    const server = await live.start();
    await server.close();
    const clientDir = join(server.dataDir, 'client');
    await mkdir(join(clientDir, 'assets'), { recursive: true });
    await writeFile(join(clientDir, 'index.html'), '<!doctype html><title>Bestfit</title>');
    await writeFile(join(clientDir, 'assets', 'app.js'), 'console.log(1);');
    await writeFile(join(clientDir, 'assets', 'app.js.map'), '{"version":3,"sources":["secret.ts"]}');
    const withClient = await live.start({ CLIENT_DIR: clientDir }, server.dataDir);
    expect((await fetch(`${withClient.url}/assets/app.js`)).status).toBe(200);
    const map = await fetch(`${withClient.url}/assets/app.js.map`);
    expect(map.status).toBe(404);
    expect(await map.text()).not.toContain('secret.ts');
  });
});
