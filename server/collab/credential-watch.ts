import type { AccessStore } from '../store/access-types.ts';
import type { Peer } from './peer.ts';

/** setTimeout's longest delay (2^31 − 1 ms); sessions last longer, so their timers are re-armed. */
const MAX_TIMER_MS = 2 ** 31 - 1;

/** The sessions and API tokens open sockets were opened with: one timer per session's end, and a check against the store. */
export class CredentialWatch {
  private readonly timers = new Map<Peer, NodeJS.Timeout>();

  constructor(private readonly access: AccessStore) {}

  /** Call `ended` when the peer's session ends (timers are capped at ~24 days, so re-armed). */
  watch(peer: Peer, ended: (peer: Peer) => void): void {
    const expiresAt = peer.credential?.expiresAt;
    if (expiresAt == null) return;
    const wait = Math.min(expiresAt - Date.now(), MAX_TIMER_MS);
    const timer = setTimeout(
      () => {
        this.timers.delete(peer);
        if (Date.now() >= expiresAt) ended(peer);
        else this.watch(peer, ended);
      },
      Math.max(0, wait),
    );
    timer.unref();
    this.timers.set(peer, timer);
  }

  forget(peer: Peer): void {
    clearTimeout(this.timers.get(peer));
    this.timers.delete(peer);
  }

  stop(): void {
    for (const timer of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
  }

  /**
   * The open peers whose session or API token is no longer valid in the store, e.g. ended by
   * another process such as the admin CLI. One query per credential.
   */
  async invalid(peers: Iterable<Peer>): Promise<Peer[]> {
    const byHash = new Map<string, Peer[]>();
    for (const peer of peers) {
      if (peer.closed || !peer.credential) continue;
      const list = byHash.get(peer.credential.hash) ?? [];
      list.push(peer);
      byHash.set(peer.credential.hash, list);
    }
    const now = new Date().toISOString();
    const invalid: Peer[] = [];
    let checked = 0;
    for (const [hash, list] of byHash) {
      // The store answers synchronously: yield now and then so thousands of sockets cannot stall the loop.
      // Stryker disable next-line UpdateOperator: equivalent, see docs/mutation.md
      if (++checked % 100 === 0) await new Promise((resolve) => setImmediate(resolve));
      if (list.every((p) => p.closed)) continue;
      const valid =
        list[0]!.credential!.kind === 'session'
          ? (await this.access.sessionById(hash, now)) !== null
          : (await this.access.tokenUser(hash)) !== null;
      if (!valid) invalid.push(...list);
    }
    return invalid;
  }
}
