import { describe, expect, it } from 'vitest';
import { checkIdentity } from './claims.ts';
import { oidcFromEnv, parseOidcDomains, type OidcConfig } from './config.ts';
import { MAX_PENDING, PENDING_SECONDS, PendingSignIns } from './pending.ts';

const tenant = '0b5b1c8e-1f3a-4b6e-9d2a-3c4d5e6f7a8b';
const config = (issuer: string): OidcConfig => ({
  issuer,
  clientId: 'c',
  clientSecret: 's',
  name: 'Microsoft 365',
  domains: new Map([['school.example', 'ws1']]),
});

describe('which ID token claims may sign in', () => {
  const entra = config(`https://login.microsoftonline.com/${tenant}/v2.0`);
  const google = config('https://accounts.google.com');

  it('takes a verified email of an allowed domain, whatever its case, with the domain’s workspace', () => {
    expect(
      checkIdentity(
        { email: 'Ann@School.EXAMPLE', email_verified: true, name: ' Ann ' },
        config('https://idp.example'),
      ),
    ).toEqual({ ok: true, email: 'Ann@School.EXAMPLE', domain: 'school.example', workspaceId: 'ws1', name: 'Ann' });
  });

  it('refuses other domains, and look-alikes, naming the domain', () => {
    for (const email of [
      'a@elsewhere.example',
      'a@school.example.evil',
      'a@sub.school.example',
      'a@evil@school.example.org',
    ]) {
      const result = checkIdentity({ email, email_verified: true }, config('https://idp.example'));
      expect(result).toEqual({
        ok: false,
        message: `Sign-in with ${email.slice(email.lastIndexOf('@') + 1)} accounts is not allowed on this Bestfit`,
      });
    }
  });

  it('refuses an unverified or missing email (email_verified absent counts as unverified)', () => {
    const idp = config('https://idp.example');
    expect(checkIdentity({ email: 'a@school.example', email_verified: false }, idp).ok).toBe(false);
    expect(checkIdentity({ email: 'a@school.example', email_verified: 'true' }, idp).ok).toBe(false);
    expect(checkIdentity({ email: 'a@school.example' }, idp).ok).toBe(false);
    expect(checkIdentity({ email_verified: true }, idp)).toMatchObject({
      ok: false,
      message: expect.stringContaining('did not send an email') as unknown,
    });
  });

  it('Entra ID: email without email_verified only from the configured tenant, unless Entra says the domain is unverified', () => {
    expect(checkIdentity({ email: 'a@school.example', tid: tenant }, entra).ok).toBe(true);
    expect(checkIdentity({ email: 'a@school.example', tid: tenant.toUpperCase() }, entra).ok).toBe(true);
    expect(checkIdentity({ email: 'a@school.example', tid: 'another-tenant' }, entra).ok).toBe(false);
    expect(checkIdentity({ email: 'a@school.example' }, entra).ok).toBe(false);
    expect(checkIdentity({ email: 'a@school.example', tid: tenant, xms_edov: false }, entra).ok).toBe(false);
    // The multi-tenant endpoints vouch for no tenant in particular.
    const common = config('https://login.microsoftonline.com/organizations/v2.0');
    expect(checkIdentity({ email: 'a@school.example', tid: tenant }, common).ok).toBe(false);
  });

  it('Google: only a Google Workspace account hosted on that domain (hd)', () => {
    expect(checkIdentity({ email: 'a@school.example', email_verified: true, hd: 'school.example' }, google).ok).toBe(
      true,
    );
    expect(checkIdentity({ email: 'a@school.example', email_verified: true }, google).ok).toBe(false);
    expect(checkIdentity({ email: 'a@school.example', email_verified: true, hd: 'other.example' }, google).ok).toBe(
      false,
    );
  });
});

describe('OIDC settings', () => {
  const env = { OIDC_ISSUER: 'https://idp.example/', OIDC_CLIENT_ID: 'id', OIDC_CLIENT_SECRET: 'secret' };

  it('are off without OIDC_ISSUER, and complete with it', () => {
    expect(oidcFromEnv({})).toBeNull();
    expect(
      oidcFromEnv({ ...env, OIDC_DOMAINS: 'School.example=ws1, la.example = ws2', OIDC_NAME: 'Microsoft 365' }),
    ).toEqual({
      issuer: 'https://idp.example',
      clientId: 'id',
      clientSecret: 'secret',
      name: 'Microsoft 365',
      domains: new Map([
        ['school.example', 'ws1'],
        ['la.example', 'ws2'],
      ]),
    });
  });

  it('name what is wrong', () => {
    expect(() => oidcFromEnv({ ...env, OIDC_CLIENT_ID: '', OIDC_DOMAINS: 'a.example=w' })).toThrow(
      'OIDC_CLIENT_ID is required',
    );
    expect(() => oidcFromEnv({ ...env, OIDC_CLIENT_SECRET: ' ', OIDC_DOMAINS: 'a.example=w' })).toThrow(
      'OIDC_CLIENT_SECRET is required',
    );
    expect(() => oidcFromEnv({ ...env, OIDC_ISSUER: 'http://idp.example', OIDC_DOMAINS: 'a.example=w' })).toThrow(
      'must start with https://',
    );
    expect(() => oidcFromEnv({ ...env, OIDC_ISSUER: 'not a url', OIDC_DOMAINS: 'a.example=w' })).toThrow(
      'is not a URL',
    );
    expect(() => oidcFromEnv(env)).toThrow('OIDC_DOMAINS: list at least one');
    expect(() => parseOidcDomains('school.example')).toThrow('"school.example" must be domain=workspaceId');
    expect(() => parseOidcDomains('@school.example=w')).toThrow('must be domain=workspaceId');
    expect(() => parseOidcDomains('a.example=w,A.example=v')).toThrow('a.example is listed twice');
    expect(oidcFromEnv({ ...env, OIDC_ISSUER: 'http://localhost:9000', OIDC_DOMAINS: 'a.example=w' })?.issuer).toBe(
      'http://localhost:9000',
    );
  });
});

describe('sign-ins waiting at the provider', () => {
  it('are taken once, and not after they expire', () => {
    let now = 1_000_000;
    const pending = new PendingSignIns(() => now);
    const a = pending.start();
    const b = pending.start();
    expect(a.state).not.toBe(b.state);
    expect(pending.take(a.state)).toEqual(a.pending);
    expect(pending.take(a.state)).toBeNull();
    now += PENDING_SECONDS * 1000;
    expect(pending.take(b.state)).toBeNull();
    expect(pending.take('never issued')).toBeNull();
  });

  it('are bounded: a flood of unfinished starts drops the oldest', () => {
    const pending = new PendingSignIns();
    const first = pending.start().state;
    const second = pending.start().state;
    for (let i = 2; i < MAX_PENDING; i++) pending.start();
    const last = pending.start().state;
    expect(pending.take(first)).toBeNull();
    expect(pending.take(second)).not.toBeNull();
    expect(pending.take(last)).not.toBeNull();
  });

  it('when full, forget expired sign-ins before dropping a live one, even after the clock stepped back', () => {
    let now = 1_000;
    const pending = new PendingSignIns(() => now);
    const oldest = pending.start().state;
    now = 0;
    for (let i = 1; i < MAX_PENDING; i++) pending.start();
    // Every later start expires at this instant; the oldest, started a second later by the clock, lives on.
    now = PENDING_SECONDS * 1000;
    const last = pending.start().state;
    expect(pending.take(oldest), 'a live sign-in dropped while expired ones were kept').not.toBeNull();
    expect(pending.take(last)).not.toBeNull();
  });
});
