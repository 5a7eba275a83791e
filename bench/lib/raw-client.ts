/**
 * A thin load client on a raw `ws` socket: it speaks the y-websocket handshake like the stock
 * provider (step 1 with its state vector, answers the server's step 1 with step 2) but keeps no
 * document of what it receives, so one process can hold thousands of them.
 */
import { WebSocket } from 'ws';
import * as Y from 'yjs';
import {
  EMPTY_STATE_VECTOR,
  EMPTY_UPDATE,
  awarenessFrame,
  decodeFrame,
  syncStep1,
  syncStep2,
  syncUpdate,
} from './protocol.ts';

export interface RawClientOptions {
  /** A document whose state is announced and whose diffs answer the server's step 1 (writers). */
  doc?: Y.Doc;
  /** Sent right after the socket opens, before step 1 (seeding the reference). */
  initialUpdate?: Uint8Array;
  /** Presence sent right after the socket opens, as the stock provider does. */
  initialAwareness?: Uint8Array;
  onUpdate?: (update: Uint8Array, receivedAt: number) => void;
  onAwareness?: (update: Uint8Array, receivedAt: number) => void;
  /** Also called for the first step 2 (the document as the server has it). */
  onStep2?: (update: Uint8Array, receivedAt: number) => void;
}

export class RawClient {
  readonly ws: WebSocket;
  /** Resolves when the first step 2 (the server's document) has arrived. */
  readonly synced: Promise<void>;
  syncedAt = 0;
  openedAt = 0;
  closeCode: number | null = null;
  closeReason = '';
  messages = 0;
  bytes = 0;
  private resolveSynced!: () => void;
  private rejectSynced!: (error: Error) => void;
  private barriers: (() => void)[] = [];
  private gotStep2 = false;

  constructor(
    url: string,
    private readonly options: RawClientOptions = {},
  ) {
    this.synced = new Promise((resolve, reject) => {
      this.resolveSynced = resolve;
      this.rejectSynced = reject;
    });
    this.synced.catch(() => {});
    this.ws = new WebSocket(url, { perMessageDeflate: false });
    this.ws.binaryType = 'nodebuffer';
    this.ws.on('open', () => {
      this.openedAt = performance.now();
      if (options.initialUpdate) this.send(syncUpdate(options.initialUpdate));
      this.send(syncStep1(options.doc ? Y.encodeStateVector(options.doc) : EMPTY_STATE_VECTOR));
      if (options.initialAwareness) this.send(awarenessFrame(options.initialAwareness));
    });
    this.ws.on('message', (data: Buffer) => this.onMessage(data));
    this.ws.on('close', (code: number, reason: Buffer) => {
      this.closeCode = code;
      this.closeReason = reason.toString();
      this.rejectSynced(new Error(`closed ${code} ${this.closeReason}`));
      for (const b of this.barriers.splice(0)) b();
    });
    this.ws.on('error', () => {
      // A close event follows; the error itself is reported through closeCode.
    });
  }

  private onMessage(data: Buffer): void {
    const now = performance.now();
    this.messages++;
    this.bytes += data.byteLength;
    const message = decodeFrame(new Uint8Array(data.buffer, data.byteOffset, data.byteLength));
    switch (message.kind) {
      case 'step1': {
        const reply = this.options.doc ? Y.encodeStateAsUpdate(this.options.doc, message.payload) : EMPTY_UPDATE;
        this.send(syncStep2(reply));
        return;
      }
      case 'step2':
        if (!this.gotStep2) {
          this.gotStep2 = true;
          this.syncedAt = now;
          this.options.onStep2?.(message.payload, now);
          this.resolveSynced();
        } else {
          this.barriers.shift()?.();
        }
        return;
      case 'update':
        this.options.onUpdate?.(message.payload, now);
        return;
      case 'awareness':
        this.options.onAwareness?.(message.payload, now);
        return;
      default:
        return;
    }
  }

  get open(): boolean {
    return this.ws.readyState === WebSocket.OPEN;
  }

  send(data: Uint8Array): void {
    if (this.ws.readyState === WebSocket.OPEN) this.ws.send(data);
  }

  sendUpdate(update: Uint8Array): void {
    this.send(syncUpdate(update));
  }

  sendAwareness(update: Uint8Array): void {
    this.send(awarenessFrame(update));
  }

  /**
   * Resolves once the server has handled everything sent before: a step 1 announcing `stateVector`
   * (what the server already has, so the answer is small) is answered in order on both servers.
   */
  barrier(stateVector: Uint8Array): Promise<void> {
    return new Promise((resolve) => {
      if (!this.open) return resolve();
      this.barriers.push(resolve);
      this.send(syncStep1(stateVector));
    });
  }

  close(): Promise<void> {
    if (this.ws.readyState === WebSocket.CLOSED) return Promise.resolve();
    return new Promise((resolve) => {
      this.ws.once('close', () => resolve());
      if (this.ws.readyState === WebSocket.CONNECTING) this.ws.terminate();
      else this.ws.close();
    });
  }
}

/** Wait for the clients to sync, failing after `timeoutMs`; returns how many synced. */
export async function allSynced(clients: RawClient[], timeoutMs: number): Promise<number> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<void>((resolve) => (timer = setTimeout(resolve, timeoutMs)));
  await Promise.race([Promise.allSettled(clients.map((c) => c.synced)), timeout]);
  clearTimeout(timer);
  return clients.filter((c) => c.syncedAt > 0).length;
}
