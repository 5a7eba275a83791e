import { Hono, type Context } from 'hono';
import { describe, expect, it } from 'vitest';
import { defaultSecurity, type SecurityConfig } from '../config.ts';
import { allowedSource, clientAddress, publicOrigin, reachedOverHttps, requestSource } from './request-origin.ts';

const security = (over: Partial<SecurityConfig> = {}): SecurityConfig => ({ ...defaultSecurity, ...over });

/**
 * What `read` returns for a request to `url` with `headers`, as Hono hands it to a route. `remote`
 * is the socket's peer address as @hono/node-server passes it; left out, there is no socket at all.
 */
async function onRequest<T>(
  read: (c: Context) => T,
  url: string,
  headers: Record<string, string> = {},
  remote?: { remoteAddress?: string },
): Promise<T> {
  let result: { value: T } | undefined;
  const app = new Hono();
  app.all('*', (c) => {
    result = { value: read(c) };
    return c.body(null, 204);
  });
  const response = await app.request(url, { headers }, remote ? { incoming: { socket: remote } } : {});
  expect(response.status).toBe(204);
  if (!result) throw new Error('the route did not run');
  return result.value;
}

describe('clientAddress: who is asking, for rate limits and the audit trail', () => {
  const socket: { remoteAddress?: string } = { remoteAddress: '10.9.9.9' };
  const address = (trustProxy: number, headers: Record<string, string>, remote = socket) =>
    onRequest((c) => clientAddress(c, security({ trustProxy })), 'http://bestfit.test/x', headers, remote);

  it('is the socket’s peer, and a forwarding header is ignored without TRUST_PROXY', async () => {
    expect(await address(0, {})).toBe('10.9.9.9');
    expect(await address(0, { 'x-forwarded-for': '1.2.3.4' })).toBe('10.9.9.9');
  });

  it('is "unknown" with no socket, or a socket that does not know its peer', async () => {
    expect(await onRequest((c) => clientAddress(c, security()), 'http://bestfit.test/x')).toBe('unknown');
    expect(await address(0, {}, {})).toBe('unknown');
  });

  it('behind TRUST_PROXY proxies, is the value the nearest trusted proxy wrote, counted from the right', async () => {
    const chain = { 'x-forwarded-for': ' 1.1.1.1 , ,2.2.2.2, 3.3.3.3 ' };
    expect(await address(1, chain)).toBe('3.3.3.3');
    expect(await address(2, chain)).toBe('2.2.2.2');
    expect(await address(3, chain)).toBe('1.1.1.1');
    // More proxies trusted than the header names: the leftmost value, not nothing.
    expect(await address(5, chain)).toBe('1.1.1.1');
  });

  it('behind a proxy that sent no forwarding header, or an empty one, is the socket’s peer', async () => {
    expect(await address(1, {})).toBe('10.9.9.9');
    expect(await address(1, { 'x-forwarded-for': ' , ' })).toBe('10.9.9.9');
  });
});

describe('reachedOverHttps: whether the session cookie is Secure', () => {
  const https = (url: string, over: Partial<SecurityConfig>, headers: Record<string, string> = {}) =>
    onRequest((c) => reachedOverHttps(c, security(over)), url, headers);

  it('follows PUBLIC_URL when set, whatever the request says', async () => {
    expect(await https('http://bestfit.test/', { publicUrl: 'https://bestfit.la.example' })).toBe(true);
    expect(
      await https(
        'https://bestfit.test/',
        { publicUrl: 'http://bestfit.la.example', trustProxy: 1 },
        {
          'x-forwarded-proto': 'https',
        },
      ),
    ).toBe(false);
  });

  it('behind a trusted proxy, follows the last X-Forwarded-Proto, in any case', async () => {
    expect(await https('http://bestfit.test/', { trustProxy: 1 }, { 'x-forwarded-proto': 'HTTPS' })).toBe(true);
    expect(await https('http://bestfit.test/', { trustProxy: 1 }, { 'x-forwarded-proto': 'http, https' })).toBe(true);
    expect(await https('https://bestfit.test/', { trustProxy: 1 }, { 'x-forwarded-proto': 'https, http' })).toBe(false);
    // A proxy that says nothing: the request's own scheme.
    expect(await https('https://bestfit.test/', { trustProxy: 1 })).toBe(true);
  });

  it('without a trusted proxy, ignores X-Forwarded-Proto and follows the request’s own scheme', async () => {
    expect(await https('http://bestfit.test/', {}, { 'x-forwarded-proto': 'https' })).toBe(false);
    expect(await https('https://bestfit.test/', {})).toBe(true);
  });
});

describe('publicOrigin: where links to the app point', () => {
  const origin = (url: string, over: Partial<SecurityConfig>, headers: Record<string, string> = {}) =>
    onRequest((c) => publicOrigin(c, security(over)), url, headers);

  it('is PUBLIC_URL when set', async () => {
    expect(await origin('http://127.0.0.1:3000/', { publicUrl: 'https://bestfit.la.example' }, { host: 'x' })).toBe(
      'https://bestfit.la.example',
    );
  });

  it('is the Host the request was addressed to, with the scheme it reached us by', async () => {
    expect(await origin('http://127.0.0.1:3000/', {}, { host: 'bestfit.school.example:8080' })).toBe(
      'http://bestfit.school.example:8080',
    );
    expect(
      await origin(
        'http://127.0.0.1:3000/',
        { trustProxy: 1 },
        { host: 'bestfit.la.example', 'x-forwarded-proto': 'https' },
      ),
    ).toBe('https://bestfit.la.example');
    // No Host header: the request URL's host.
    expect(await origin('http://127.0.0.1:3000/', {})).toBe('http://127.0.0.1:3000');
  });
});

describe('allowedSource: which pages may act with the session cookie', () => {
  const allowed = (source: string | undefined, over: Partial<SecurityConfig>, host?: string) =>
    onRequest(
      (c) => allowedSource(c, security(over), source),
      'http://127.0.0.1:3000/api/reviews',
      host === undefined ? {} : { host },
    );

  it('refuses a missing, empty, "null" (sandboxed or file page) or unreadable source', async () => {
    for (const source of [undefined, '', 'null', 'not a url', '//bestfit.test/page'])
      expect(await allowed(source, {}, 'bestfit.test'), String(source)).toBe(false);
  });

  it('allows an ALLOWED_ORIGINS page, by its origin, with or without PUBLIC_URL', async () => {
    const allowedOrigins = ['https://intranet.la.example'];
    expect(await allowed('https://intranet.la.example/portal?x=1', { allowedOrigins })).toBe(true);
    expect(
      await allowed('https://intranet.la.example', { allowedOrigins, publicUrl: 'https://bestfit.la.example' }),
    ).toBe(true);
    expect(await allowed('http://intranet.la.example', { allowedOrigins }, 'bestfit.la.example')).toBe(false);
  });

  it('with PUBLIC_URL, allows exactly its origin: not another scheme, port or host', async () => {
    const publicUrl = 'https://bestfit.la.example';
    expect(await allowed('https://bestfit.la.example/reviews/1', { publicUrl }, 'bestfit.la.example')).toBe(true);
    for (const source of [
      'http://bestfit.la.example/reviews/1',
      'https://bestfit.la.example:8443/',
      'https://evil.example/',
    ])
      expect(await allowed(source, { publicUrl }, 'bestfit.la.example'), source).toBe(false);
    // The Host header does not widen it.
    expect(await allowed('https://evil.example/', { publicUrl }, 'evil.example')).toBe(false);
  });

  it('without PUBLIC_URL, allows a web page on the Host the request was sent to, over http or https', async () => {
    expect(await allowed('http://bestfit.test:3000/reviews', {}, 'bestfit.test:3000')).toBe(true);
    expect(await allowed('https://bestfit.test:3000/reviews', {}, 'bestfit.test:3000')).toBe(true);
    expect(await allowed('https://bestfit.test/reviews', {}, 'bestfit.test:3000')).toBe(false);
    expect(await allowed('https://evil.example/', {}, 'bestfit.test:3000')).toBe(false);
    expect(await allowed('ftp://bestfit.test:3000/', {}, 'bestfit.test:3000')).toBe(false);
    // No Host header to compare with: refused.
    expect(await allowed('http://127.0.0.1:3000/', {})).toBe(false);
  });
});

describe('requestSource: the page a request says it came from', () => {
  const source = (headers: Record<string, string>) => onRequest(requestSource, 'http://bestfit.test/api', headers);

  it('is Origin, failing that Referer, failing that nothing', async () => {
    expect(await source({ origin: 'https://a.example', referer: 'https://b.example/page' })).toBe('https://a.example');
    expect(await source({ referer: 'https://b.example/page' })).toBe('https://b.example/page');
    expect(await source({})).toBeUndefined();
  });
});
