import * as client from 'openid-client';
import { allowsInsecureIssuer, type OidcConfig } from './config.ts';

/**
 * The provider's metadata and keys, fetched (discovery) on first use and kept; a failed fetch is
 * forgotten, so the next sign-in tries again.
 */
export class OidcProvider {
  private configuration: Promise<client.Configuration> | null = null;

  constructor(readonly config: OidcConfig) {}

  get(): Promise<client.Configuration> {
    this.configuration ??= client
      .discovery(
        new URL(this.config.issuer),
        this.config.clientId,
        this.config.clientSecret,
        undefined,
        // Plain http only for a provider on localhost (see OIDC_ISSUER's check).
        allowsInsecureIssuer(this.config) ? { execute: [client.allowInsecureRequests] } : undefined,
      )
      .catch((error: unknown) => {
        this.configuration = null;
        throw error;
      });
    return this.configuration;
  }
}
