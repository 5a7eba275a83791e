import type { Peer } from './peer.ts';
import { Presence } from './presence.ts';
import { presenceFlushMs, presenceTimeoutMs } from './presence-window.ts';

/** Presence is coalesced over this window (50 ms unless PRESENCE_FLUSH_MS says; see presence-window.ts). */
export const PRESENCE_FLUSH_MS = presenceFlushMs(process.env.PRESENCE_FLUSH_MS);

/** Relayed presence not renewed for this long leaves (30 s unless PRESENCE_TIMEOUT_MS says). */
export const PRESENCE_TIMEOUT_MS = presenceTimeoutMs(process.env.PRESENCE_TIMEOUT_MS);

/**
 * One review's presence and the one timer that sends it on. The first change after a quiet spell
 * goes out at once; under load, at most one message per peer per PRESENCE_FLUSH_MS carries
 * everyone's moves (200 people at 2 Hz: 20 sends each a second).
 */
export class PresenceRelay {
  readonly state = new Presence();
  private timer: ReturnType<typeof setTimeout> | null = null;
  /** Armed while relayed presence is held: when the least recently renewed of it would expire. */
  private expiry: ReturnType<typeof setTimeout> | null = null;
  private lastFlush = -Infinity;
  private stopped = false;
  /** Where this process's own presence changes go beside its connections (other processes). */
  publish: ((message: Uint8Array) => void) | null = null;
  /** Called when people relayed from another process have expired (what counted them may be done). */
  onExpired: () => void = () => {};

  constructor(
    /** Send one message to everyone in the review. */
    private readonly broadcast: (message: Uint8Array) => void,
    private readonly now: () => number = () => performance.now(),
    private readonly timeoutMs = PRESENCE_TIMEOUT_MS,
  ) {}

  /** A presence update from `peer` (stamped with who they are); throws MalformedMessageError. */
  apply(update: Uint8Array, peer: Peer): void {
    if (this.state.apply(update, peer)) this.schedule();
  }

  /** Presence relayed by another process: already stamped, passed on to this process's connections. */
  applyRelayed(message: Uint8Array): void {
    if (this.state.applyRelayed(message, this.now())) this.schedule();
    this.armExpiry();
  }

  /** `peer` has gone: whoever it announced leaves. */
  leave(peer: Peer): void {
    if (this.state.leave(peer)) this.schedule();
  }

  /** One message with everyone present, for a joiner; null when nobody is. */
  everyone(): Uint8Array | null {
    return this.state.everyone();
  }

  /** No more flushes (the room is unloading). */
  stop(): void {
    // The last leaver's goodbye still has to reach the other processes.
    if (this.publish && !this.stopped) {
      const here = this.state.takeChangesHere();
      if (here) this.publish(here);
    }
    this.stopped = true;
    clearTimeout(this.timer ?? undefined);
    clearTimeout(this.expiry ?? undefined);
    this.timer = this.expiry = null;
  }

  private armExpiry(): void {
    if (this.expiry !== null || this.stopped) return;
    const oldest = this.state.oldestRelayed();
    if (oldest === null) return;
    this.expiry = setTimeout(this.expire, Math.max(0, oldest + this.timeoutMs - this.now()));
  }

  /** Relayed people whose process stopped renewing them leave, as a stock server times them out. */
  private readonly expire = (): void => {
    // Only the armed timer calls this, and stop() clears it and arms no other.
    this.expiry = null;
    const expired = this.state.expireRelayed(this.now() - this.timeoutMs);
    this.armExpiry();
    if (!expired) return;
    this.schedule();
    this.onExpired();
  };

  private schedule(): void {
    if (this.timer !== null || this.stopped) return;
    const wait = this.lastFlush + PRESENCE_FLUSH_MS - this.now();
    this.timer = setTimeout(this.flush, Math.max(0, wait));
  }

  private readonly flush = (): void => {
    this.timer = null;
    this.lastFlush = this.now();
    if (this.publish) {
      const here = this.state.takeChangesHere();
      if (here) this.publish(here);
    }
    const message = this.state.takeChanges();
    if (message === null) return;
    this.broadcast(message);
  };
}
