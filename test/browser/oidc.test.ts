import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser } from '../../server/auth/accounts.ts';
import { clientDir, launchBrowser } from '../helpers/browser.ts';
import { startIdentityProvider, type TestIdentityProvider } from '../helpers/oidc.ts';
import { startTestServer, type TestServer } from '../helpers/server.ts';

const SCHOOL = 'ws-school';
let idp: TestIdentityProvider;
let server: TestServer;
let browser: Browser;

beforeAll(async () => {
  idp = await startIdentityProvider();
  server = await startTestServer({
    CLIENT_DIR: clientDir,
    OIDC_ISSUER: idp.issuer,
    OIDC_CLIENT_ID: idp.clientId,
    OIDC_CLIENT_SECRET: idp.clientSecret,
    OIDC_NAME: 'Test IdP',
    OIDC_DOMAINS: `school.example=${SCHOOL}`,
  });
  await server.store.access.createWorkspace(SCHOOL, 'Oak School');
  idp.allowRedirect(`${server.url}/api/auth/oidc/callback`);
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
  await idp?.close();
});

/** From Bestfit's sign-in page, through the provider's own login form as `login`, and back. */
async function signInAtProvider(login: string): Promise<Page> {
  const context = await browser.newContext();
  // The provider's development form imports a web font; this machine has no internet to fetch it.
  await context.route('https://fonts.googleapis.com/**', (route) => route.abort());
  const page = await context.newPage();
  await page.goto(server.url);
  await page.getByRole('link', { name: 'Sign in with Test IdP' }).click();
  await page.waitForURL((url) => url.origin === idp.issuer);
  await page.locator('input[name=login]').fill(login);
  await page.locator('input[name=password]').fill('any password');
  await page.getByRole('button', { name: 'Sign-in' }).click();
  await page.waitForURL((url) => url.origin === server.url);
  return page;
}

const whoAmI = (page: Page) =>
  page.evaluate(async () => {
    const res = await fetch('/api/auth/me');
    return (await res.json()) as { user: { id: string; email: string }; workspaces: { id: string; role: string }[] };
  });

describe('sign-in with the identity provider, in a browser', () => {
  it('creates a first-time account in the domain’s workspace and opens the app', async () => {
    idp.accounts.set('amy', { email: 'amy@school.example', email_verified: true, name: 'Amy Adeyemi' });
    const page = await signInAtProvider('amy');
    await page.getByRole('button', { name: 'Sign out' }).waitFor();
    const me = await whoAmI(page);
    expect(me.user.email).toBe('amy@school.example');
    expect(me.workspaces).toEqual([{ id: SCHOOL, name: 'Oak School', role: 'member' }]);
    await page.context().close();
  });

  it('links to an existing password account with the same email', async () => {
    const ben = await createUser(server.store.access, {
      email: 'ben@school.example',
      name: 'Ben Bell',
      password: 'a long enough passphrase 42',
    });
    idp.accounts.set('ben', { email: 'ben@school.example', email_verified: true, name: 'Ben at the IdP' });
    const page = await signInAtProvider('ben');
    await page.getByRole('button', { name: 'Sign out' }).waitFor();
    expect((await whoAmI(page)).user.id).toBe(ben.id);
    expect((await server.store.identity.userByIdentity(idp.issuer, 'ben'))?.id).toBe(ben.id);
    await page.context().close();
  });

  it('refuses a domain that is not allowed, saying so on the page', async () => {
    idp.accounts.set('cat', { email: 'cat@elsewhere.example', email_verified: true });
    const page = await signInAtProvider('cat');
    await page
      .getByRole('alert')
      .getByText('Sign-in with elsewhere.example accounts is not allowed on this Bestfit')
      .waitFor();
    await page.getByRole('link', { name: 'Back to the sign-in page' }).click();
    await page.getByRole('link', { name: 'Sign in with Test IdP' }).waitFor();
    expect(await server.store.access.userByEmail('cat@elsewhere.example')).toBeNull();
    await page.context().close();
  });

  it('tells a member of an SSO-only workspace who tries a password to use the button', async () => {
    const password = 'a long enough passphrase 42';
    const dee = await createUser(server.store.access, { email: 'dee@school.example', name: 'Dee', password });
    await server.store.access.addWorkspaceMember(SCHOOL, dee.id, 'member');
    await server.store.identity.setSsoOnly(SCHOOL, true);
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(server.url);
    await page.getByLabel('Email').fill('dee@school.example');
    await page.getByLabel('Password').fill(password);
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await page.getByRole('alert').getByText('use "Sign in with Test IdP" instead of a password').waitFor();
    await context.close();
  });
});
