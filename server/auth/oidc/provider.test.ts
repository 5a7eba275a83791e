import type * as client from 'openid-client';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { OidcConfig } from './config.ts';

// Discovery is openid-client's own (tested end to end in test/oidc.test.ts); here only what this
// module asks of it, and when.
const discovery = vi.hoisted(() => vi.fn());
vi.mock('openid-client', async (importOriginal) => ({
  ...(await importOriginal<typeof client>()),
  discovery,
}));
const { allowInsecureRequests } = await import('openid-client');
const { OidcProvider } = await import('./provider.ts');

const config = (issuer: string): OidcConfig => ({
  issuer,
  clientId: 'bestfit',
  clientSecret: 'a secret',
  name: 'Test IdP',
  domains: new Map([['school.example', 'ws1']]),
});

beforeEach(() => {
  discovery.mockReset();
});

describe('the identity provider’s metadata', () => {
  it('is fetched once from the issuer with the client’s credentials, and kept', async () => {
    const configuration = { issuer: 'fetched' };
    discovery.mockResolvedValue(configuration);
    const provider = new OidcProvider(config('https://login.example/tenant/v2.0'));
    expect(await provider.get()).toBe(configuration);
    expect(await provider.get()).toBe(configuration);
    expect(discovery).toHaveBeenCalledTimes(1);
    const [url, clientId, secret, auth, options] = discovery.mock.calls[0] as unknown[];
    expect(url).toBeInstanceOf(URL);
    expect((url as URL).href).toBe('https://login.example/tenant/v2.0');
    expect([clientId, secret, auth]).toEqual(['bestfit', 'a secret', undefined]);
    // An https provider gets openid-client's defaults: no plain http anywhere.
    expect(options).toBeUndefined();
  });

  it('allows plain http only for a provider on this machine', async () => {
    discovery.mockResolvedValue({});
    await new OidcProvider(config('http://localhost:9000')).get();
    expect(discovery.mock.calls[0]?.[4]).toEqual({ execute: [allowInsecureRequests] });
  });

  it('forgets a failed fetch, so the next sign-in tries again', async () => {
    const configuration = { issuer: 'fetched' };
    discovery.mockRejectedValueOnce(new Error('provider unreachable')).mockResolvedValueOnce(configuration);
    const provider = new OidcProvider(config('https://login.example'));
    await expect(provider.get()).rejects.toThrow('provider unreachable');
    expect(await provider.get()).toBe(configuration);
    expect(discovery).toHaveBeenCalledTimes(2);
  });
});
