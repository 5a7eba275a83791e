import { randomNonce, randomPKCECodeVerifier, randomState } from 'openid-client';

export interface PendingSignIn {
  nonce: string;
  codeVerifier: string;
  expiresAt: number;
}

/** How long a person has at their identity provider before the sign-in must start again. */
export const PENDING_SECONDS = 600;
export const MAX_PENDING = 10_000;

/**
 * Sign-ins sent to the provider and not yet back, by state. Each is taken once, so a replayed
 * callback finds nothing. Kept in memory: a restart mid-sign-in only means starting again.
 */
export class PendingSignIns {
  private readonly byState = new Map<string, PendingSignIn>();

  constructor(private readonly now: () => number = Date.now) {}

  start(): { state: string; pending: PendingSignIn } {
    this.prune();
    const state = randomState();
    const pending = {
      nonce: randomNonce(),
      codeVerifier: randomPKCECodeVerifier(),
      expiresAt: this.now() + PENDING_SECONDS * 1000,
    };
    this.byState.set(state, pending);
    return { state, pending };
  }

  /** The sign-in for a state, once; null if unknown, expired or already taken. */
  take(state: string): PendingSignIn | null {
    const pending = this.byState.get(state);
    this.byState.delete(state);
    return pending && pending.expiresAt > this.now() ? pending : null;
  }

  private prune(): void {
    const now = this.now();
    for (const [state, p] of this.byState) if (p.expiresAt <= now) this.byState.delete(state);
    // A flood of unfinished starts drops the oldest rather than growing without bound.
    for (const state of this.byState.keys()) {
      if (this.byState.size < MAX_PENDING) break;
      this.byState.delete(state);
    }
  }
}
