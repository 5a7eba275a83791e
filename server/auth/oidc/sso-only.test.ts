import { describe, expect, it } from 'vitest';
import type { IdentityStore } from '../../store/identity-types.ts';
import type { OidcConfig } from './config.ts';
import { passwordSignInRefusal } from './sso-only.ts';

/** An identity store that knows only who must use single sign-on. */
const identity = (ssoOnly: string[]) =>
  ({ mustUseSso: (userId: string) => Promise.resolve(ssoOnly.includes(userId)) }) as unknown as IdentityStore;
const oidc: OidcConfig = {
  issuer: 'https://login.example',
  clientId: 'c',
  clientSecret: 's',
  name: 'Microsoft 365',
  domains: new Map([['school.example', 'ws1']]),
};

describe('why an account may not sign in with a password', () => {
  it('lets an account in no SSO-only workspace use its password', async () => {
    expect(await passwordSignInRefusal(identity(['u2']), 'u1', oidc)).toBeNull();
    expect(await passwordSignInRefusal(identity([]), 'u1', null)).toBeNull();
  });

  it('names the provider’s button to use instead', async () => {
    expect(await passwordSignInRefusal(identity(['u1']), 'u1', oidc)).toBe(
      'your workspace signs in with Microsoft 365: use "Sign in with Microsoft 365" instead of a password',
    );
  });

  it('sends the person to their administrator when this server has no provider configured', async () => {
    expect(await passwordSignInRefusal(identity(['u1']), 'u1', null)).toBe(
      'your workspace signs in with your organisation’s account, not a password; ask your administrator',
    );
  });
});
