import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import type { WebsocketProvider } from 'y-websocket';
import type * as Y from 'yjs';
import { MessageType } from '../../shared/protocol/messages.ts';

/**
 * Knows which local changes the server has stored. After local changes it asks the server
 * (MessageType.saved with a token); the server answers once everything sent before is stored.
 */
export class SaveTracker {
  /** Local transactions so far. */
  private localSeq = 0;
  /** Local transactions the server has confirmed stored. */
  private storedSeq = 0;
  private token = 0;
  private readonly covers = new Map<number, number>();
  private queryScheduled = false;

  constructor(
    private readonly doc: Y.Doc,
    private readonly provider: WebsocketProvider,
    private readonly onChange: () => void,
  ) {
    provider.messageHandlers[MessageType.saved] = (_encoder, decoder) => this.onSaved(decoding.readVarUint(decoder));
    doc.on('update', this.onUpdate);
    provider.on('sync', this.onSync);
  }

  /** Changes made here that the server has not yet confirmed stored. */
  get unsaved(): number {
    return this.localSeq - this.storedSeq;
  }

  /** The tracker's 'update' listener (see quietSyncStep2). */
  readonly onUpdate = (_update: Uint8Array, origin: unknown) => {
    // Remote changes arrive with the provider as origin; everything else was made here.
    if (origin === this.provider) return;
    this.localSeq++;
    this.onChange();
    if (this.queryScheduled) return;
    this.queryScheduled = true;
    // After the provider's own update handler has sent the change, so the query follows it.
    queueMicrotask(() => {
      this.queryScheduled = false;
      this.query();
    });
  };

  private readonly onSync = (synced: boolean) => {
    // A reconnect resends everything in the sync handshake; ask once it is through.
    if (synced && this.unsaved > 0) this.query();
  };

  private query(): void {
    const ws = this.provider.ws;
    if (!this.provider.wsconnected || !ws || ws.readyState !== ws.OPEN) return;
    this.token++;
    this.covers.set(this.token, this.localSeq);
    const e = encoding.createEncoder();
    encoding.writeVarUint(e, MessageType.saved);
    encoding.writeVarUint(e, this.token);
    ws.send(encoding.toUint8Array(e));
  }

  private onSaved(token: number): void {
    const covered = this.covers.get(token);
    if (covered === undefined) return;
    for (const t of this.covers.keys()) if (t <= token) this.covers.delete(t);
    if (covered > this.storedSeq) this.storedSeq = covered;
    this.onChange();
  }

  destroy(): void {
    this.doc.off('update', this.onUpdate);
    this.provider.off('sync', this.onSync);
  }
}
