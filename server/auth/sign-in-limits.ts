import { RateLimiter } from './rate-limit.ts';

const WINDOW_MS = 15 * 60_000;

/**
 * Wrong passwords counted three ways in 15 minutes: 10 per account from one address, 50 per
 * account from anywhere (a spread-out guesser), 100 per address (one guesser, many accounts).
 * Successful sign-ins count nowhere, so a school's NAT or the LA's proxy never locks people out;
 * behind a proxy the address is the client's only when TRUST_PROXY says which header to believe.
 */
export class SignInLimits {
  private readonly perAccountAndAddress = new RateLimiter(10, WINDOW_MS);
  private readonly perAccount = new RateLimiter(50, WINDOW_MS);
  private readonly perAddress = new RateLimiter(100, WINDOW_MS);

  private static keys(address: string, email: string) {
    const account = email.trim().toLowerCase();
    return { both: `${address}|${account}`, account, address };
  }

  /** Seconds to wait before trying this account from this address; 0 when allowed. */
  retryAfter(address: string, email: string): number {
    const k = SignInLimits.keys(address, email);
    return Math.max(
      this.perAccountAndAddress.retryAfter(k.both),
      this.perAccount.retryAfter(k.account),
      this.perAddress.retryAfter(k.address),
    );
  }

  failed(address: string, email: string): void {
    const k = SignInLimits.keys(address, email);
    this.perAccountAndAddress.fail(k.both);
    this.perAccount.fail(k.account);
    this.perAddress.fail(k.address);
  }

  /** A right password clears this address's count for the account (not the address's or account's totals). */
  succeeded(address: string, email: string): void {
    this.perAccountAndAddress.reset(SignInLimits.keys(address, email).both);
  }
}
