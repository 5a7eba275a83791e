import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { defaultSecurity, type SecurityConfig } from '../config.ts';
import { SESSION_DAYS } from './accounts.ts';
import { clearSessionCookie, readSessionCookie, sessionCookieName, writeSessionCookie } from './session-cookie.ts';

const security = (over: Partial<SecurityConfig> = {}): SecurityConfig => ({ ...defaultSecurity, ...over });
const expires = new Date('2026-04-01T09:00:00.000Z');

/** The Set-Cookie attributes a sign-in (write) or sign-out (clear) response carries, by name, lower-cased. */
async function setCookie(
  what: 'write' | 'clear',
  config: SecurityConfig,
  url = 'http://bestfit.test/api/auth/login',
  headers: Record<string, string> = {},
): Promise<{ name: string; value: string; attributes: Map<string, string> }> {
  const app = new Hono();
  app.post('*', (c) => {
    if (what === 'write') writeSessionCookie(c, config, 'the-secret', expires);
    else clearSessionCookie(c, config);
    return c.body(null, 204);
  });
  const response = await app.request(url, { method: 'POST', headers });
  const [cookie, ...more] = response.headers.getSetCookie();
  expect(more).toEqual([]);
  const [pair, ...attributes] = cookie!.split(';').map((p) => p.trim());
  const [name, value] = pair!.split('=') as [string, string];
  return {
    name,
    value,
    attributes: new Map(
      attributes.map((a) => {
        const [k, v] = a.split('=');
        return [k!.toLowerCase(), v ?? ''];
      }),
    ),
  };
}

describe('the session cookie', () => {
  it('is named with the __Host- prefix only when PUBLIC_URL is https', () => {
    expect(sessionCookieName(security())).toBe('bestfit_session');
    expect(sessionCookieName(security({ publicUrl: 'http://bestfit.school.example' }))).toBe('bestfit_session');
    expect(sessionCookieName(security({ publicUrl: 'https://bestfit.la.example' }))).toBe('__Host-bestfit_session');
  });

  it('is HttpOnly, SameSite=Lax, for the whole site, lasting the session’s days, and not Secure over plain http', async () => {
    const { name, value, attributes } = await setCookie('write', security());
    expect([name, value]).toEqual(['bestfit_session', 'the-secret']);
    expect(attributes.get('httponly')).toBe('');
    expect(attributes.get('samesite')).toBe('Lax');
    expect(attributes.get('path')).toBe('/');
    expect(attributes.get('max-age')).toBe(String(SESSION_DAYS * 24 * 3600));
    expect(attributes.get('expires')).toBe(expires.toUTCString());
    expect(attributes.has('secure')).toBe(false);
    expect(attributes.has('domain')).toBe(false);
  });

  it('is Secure under the __Host- name, and whenever the browser reached us over https', async () => {
    const prefixed = await setCookie('write', security({ publicUrl: 'https://bestfit.la.example' }));
    expect(prefixed.name).toBe('__Host-bestfit_session');
    expect(prefixed.attributes.has('secure')).toBe(true);
    expect(prefixed.attributes.get('path')).toBe('/');
    const overHttps = await setCookie('write', security(), 'https://bestfit.test/api/auth/login');
    expect(overHttps.name).toBe('bestfit_session');
    expect(overHttps.attributes.has('secure')).toBe(true);
    const viaProxy = await setCookie('write', security({ trustProxy: 1 }), undefined, { 'x-forwarded-proto': 'https' });
    expect(viaProxy.attributes.has('secure')).toBe(true);
  });

  it('is cleared under the same name, path and Secure flag it was set with', async () => {
    const plain = await setCookie('clear', security());
    expect(plain.name).toBe('bestfit_session');
    expect(plain.value).toBe('');
    expect(plain.attributes.get('path')).toBe('/');
    expect(plain.attributes.get('max-age')).toBe('0');
    expect(plain.attributes.has('secure')).toBe(false);
    const prefixed = await setCookie('clear', security({ publicUrl: 'https://bestfit.la.example' }));
    expect(prefixed.name).toBe('__Host-bestfit_session');
    expect(prefixed.attributes.has('secure')).toBe(true);
    const overHttps = await setCookie('clear', security(), 'https://bestfit.test/api/auth/logout');
    expect(overHttps.attributes.has('secure')).toBe(true);
  });

  it('is read back under its name only', async () => {
    const read = async (config: SecurityConfig, cookie: string) => {
      let found: string | undefined;
      const app = new Hono();
      app.get('*', (c) => {
        found = readSessionCookie(c, config);
        return c.body(null, 204);
      });
      await app.request('http://bestfit.test/', { headers: { cookie } });
      return found;
    };
    expect(await read(security(), 'bestfit_session=abc; other=x')).toBe('abc');
    expect(await read(security(), '__Host-bestfit_session=abc')).toBeUndefined();
    expect(await read(security({ publicUrl: 'https://bestfit.la.example' }), '__Host-bestfit_session=abc')).toBe('abc');
    expect(await read(security({ publicUrl: 'https://bestfit.la.example' }), 'bestfit_session=abc')).toBeUndefined();
  });
});
