import type { WebSocket } from 'ws';
import { CloseCode } from '../../shared/protocol/close-codes.ts';
import { Limits } from '../../shared/protocol/limits.ts';
import { Refusal } from './refusal.ts';

export interface PeerUser {
  id: string;
  name: string;
}

/** The session or API token a socket was opened with; the socket ends when it does. */
export interface PeerCredential {
  kind: 'session' | 'token';
  /** Stored hash of the secret: names the session or token without holding it. */
  hash: string;
  /** When a session ends (ms since the epoch); null for an API token. */
  expiresAt: number | null;
}

let nextPeerId = 1;

/** One websocket connection to one review. */
export class Peer {
  readonly id = nextPeerId++;
  /** Awareness client ids this connection has announced, removed when it leaves. */
  readonly awarenessClients = new Set<number>();
  closed = false;
  /** Cleared at each keepalive ping, set again by the pong. */
  alive = true;
  // Token bucket: refills at messagesPerSecond up to messageBurst.
  private tokens: number = Limits.messageBurst;
  private refilledAt = performance.now();

  constructor(
    readonly ws: WebSocket,
    readonly reviewId: string,
    readonly user: PeerUser | null,
    readonly role: 'facilitator' | 'editor' | 'observer',
    readonly canEdit: boolean,
    readonly canEditLocked: boolean,
    readonly credential: PeerCredential | null = null,
  ) {}

  /** Count one incoming message; false when the connection is over its rate. */
  allowMessage(now = performance.now()): boolean {
    this.tokens = Math.min(
      Limits.messageBurst,
      this.tokens + ((now - this.refilledAt) / 1000) * Limits.messagesPerSecond,
    );
    this.refilledAt = now;
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
  }

  /** Why an incoming frame is refused before it is even queued (rate or size), or null. */
  refusalOf(data: Uint8Array, now = performance.now()): Refusal | null {
    if (!this.allowMessage(now))
      return new Refusal(CloseCode.rateLimited, `more than ${Limits.messagesPerSecond} messages a second`);
    if (data.byteLength <= Limits.maxMessageBytes) return null;
    return new Refusal(
      CloseCode.tooLarge,
      `message of ${data.byteLength} bytes; the limit is ${Limits.maxMessageBytes}`,
    );
  }

  /** Send unless the socket is gone; a socket that cannot keep up is dropped and left to resync. */
  send(data: Uint8Array): void {
    if (this.closed || this.ws.readyState !== this.ws.OPEN) return;
    if (this.ws.bufferedAmount > Limits.maxBufferedBytes) {
      this.closed = true;
      this.ws.terminate();
      return;
    }
    this.ws.send(data);
  }

  close(code: number, reason: string): void {
    if (this.closed) return;
    this.closed = true;
    // Close reasons are limited to 123 bytes by the protocol.
    this.ws.close(code, Buffer.from(reason).subarray(0, 123).toString());
  }
}
