import { describe, expect, it } from 'vitest';
import { checkIdentity } from './claims.ts';
import { allowsInsecureIssuer, oidcFromEnv, parseOidcDomains, type OidcConfig } from './config.ts';

const tenant = '0b5b1c8e-1f3a-4b6e-9d2a-3c4d5e6f7a8b';
const config = (issuer: string): OidcConfig => ({
  issuer,
  clientId: 'c',
  clientSecret: 's',
  name: 'Microsoft 365',
  domains: new Map([['school.example', 'ws1']]),
});
const entra = config(`https://login.microsoftonline.com/${tenant}/v2.0`);

describe('which ID token claims may sign in: the edges', () => {
  it('trims the email, and says which email the provider does not confirm', () => {
    expect(checkIdentity({ email: ' a@school.example ', email_verified: true }, entra)).toMatchObject({
      ok: true,
      email: 'a@school.example',
    });
    expect(checkIdentity({ email: 'a@school.example', email_verified: false }, entra)).toEqual({
      ok: false,
      message: 'Microsoft 365 does not confirm that a@school.example is verified, so it cannot sign in here',
    });
  });

  it('Entra ID: an explicit email_verified other than true refuses, even from the configured tenant', () => {
    for (const email_verified of [false, 'true', null])
      expect(checkIdentity({ email: 'a@school.example', email_verified, tid: tenant }, entra).ok).toBe(false);
  });

  it('Entra ID: only an issuer that is exactly the tenant’s v2.0 endpoint names a tenant', () => {
    for (const issuer of [
      `https://evil.example/https://login.microsoftonline.com/${tenant}/v2.0`,
      `https://login.microsoftonline.com/${tenant}/v2.0/evil`,
    ])
      expect(checkIdentity({ email: 'a@school.example', tid: tenant }, config(issuer)).ok, issuer).toBe(false);
    // Any other issuer vouches for nothing without email_verified, and is not an error.
    expect(checkIdentity({ email: 'a@school.example', tid: tenant }, config('https://idp.example')).ok).toBe(false);
  });

  it('takes the name trimmed and at most 100 characters, or none when it is blank or not text', () => {
    const named = (name: unknown) =>
      checkIdentity({ email: 'a@school.example', email_verified: true, name }, config('https://idp.example'));
    expect(named('  Ann Smith  ')).toMatchObject({ name: 'Ann Smith' });
    expect(named(` ${'n'.repeat(150)}`)).toMatchObject({ name: 'n'.repeat(100) });
    expect(named('   ')).toMatchObject({ ok: true, name: null });
    expect(named(42)).toMatchObject({ ok: true, name: null });
  });
});

describe('OIDC_DOMAINS', () => {
  it('takes subdomains and skips empty entries', () => {
    expect(parseOidcDomains(' mail.school.example=ws1, ,la.example=ws2,')).toEqual(
      new Map([
        ['mail.school.example', 'ws1'],
        ['la.example', 'ws2'],
      ]),
    );
  });

  it('refuses a domain with a non-letter top level, over 253 characters, or an entry with two "="', () => {
    const long = `${'a'.repeat(60)}.`.repeat(5) + 'example';
    for (const entry of ['school.ex4mple=ws1', `${long}=ws1`, 'school.example=ws1=ws2'])
      expect(() => parseOidcDomains(entry), entry).toThrow(
        `OIDC_DOMAINS: "${entry}" must be domain=workspaceId (e.g. school.example=<workspace id>)`,
      );
  });
});

describe('OIDC settings: the edges', () => {
  const env = { OIDC_CLIENT_ID: ' id ', OIDC_CLIENT_SECRET: ' secret ', OIDC_DOMAINS: 'a.example=w' };

  it('trims every value, and names the organisation generically when OIDC_NAME is blank', () => {
    expect(
      oidcFromEnv({ ...env, OIDC_ISSUER: '  https://idp.example/  ', OIDC_NAME: ' Microsoft 365 ' }),
    ).toMatchObject({ issuer: 'https://idp.example', clientId: 'id', clientSecret: 'secret', name: 'Microsoft 365' });
    expect(oidcFromEnv({ ...env, OIDC_ISSUER: 'https://idp.example', OIDC_NAME: '  ' })?.name).toBe(
      'your organisation',
    );
    expect(oidcFromEnv({ ...env, OIDC_ISSUER: 'https://idp.example' })?.name).toBe('your organisation');
    expect(oidcFromEnv({ ...env, OIDC_ISSUER: '   ' })).toBeNull();
  });

  it('names a missing client id or secret, unset as well as blank', () => {
    expect(() => oidcFromEnv({ OIDC_ISSUER: 'https://idp.example', OIDC_CLIENT_SECRET: 's' })).toThrow(
      'OIDC_CLIENT_ID is required when OIDC_ISSUER is set',
    );
    expect(() => oidcFromEnv({ OIDC_ISSUER: 'https://idp.example', OIDC_CLIENT_ID: 'c' })).toThrow(
      'OIDC_CLIENT_SECRET is required when OIDC_ISSUER is set',
    );
  });

  it('allows plain http only for a provider on this machine, and says so', () => {
    for (const issuer of ['http://localhost:9000', 'http://127.0.0.1:9000', 'http://[::1]:9000']) {
      const local = oidcFromEnv({ ...env, OIDC_ISSUER: issuer })!;
      expect(local.issuer).toBe(issuer);
      expect(allowsInsecureIssuer(local)).toBe(true);
    }
    for (const issuer of ['http://192.168.1.10:9000', 'http://idp.example', 'ftp://localhost/'])
      expect(() => oidcFromEnv({ ...env, OIDC_ISSUER: issuer }), issuer).toThrow(
        `OIDC_ISSUER: "${issuer}" must start with https:// (plain http only for localhost)`,
      );
    expect(allowsInsecureIssuer(oidcFromEnv({ ...env, OIDC_ISSUER: 'https://idp.example' })!)).toBe(false);
  });
});
