import * as decoding from 'lib0/decoding';
import type { WebsocketProvider } from 'y-websocket';
import { MessageType, SyncType } from '../../shared/protocol/messages.ts';

export type UpdateListener = (update: Uint8Array, origin: unknown) => void;

/**
 * Applies the server's sync step 2 (on a first load, the whole review) with the document's
 * 'update' listeners detached, then hands `listeners` the update as it arrived. Yjs encodes every
 * transaction again for its 'update' listeners; for a 1,000-row review that second encoding was a
 * third of applying it, spent on listeners that ignore the server's updates (the provider, the save
 * tracker) or only store them (the browser's copy, for which the update as received is as good).
 * `listeners` must be every 'update' listener on the document, in the order they were added.
 */
export function quietSyncStep2(provider: WebsocketProvider, listeners: readonly UpdateListener[]): void {
  const handlers = provider.messageHandlers;
  const relay = handlers[MessageType.sync];
  if (!relay) throw new Error('the provider has no sync handler');
  handlers[MessageType.sync] = (encoder, decoder, p, emitSynced, messageType) => {
    const peek = decoding.clone(decoder);
    if (decoding.readVarUint(peek) !== SyncType.step2) return relay(encoder, decoder, p, emitSynced, messageType);
    const update = decoding.readVarUint8Array(peek);
    const { doc } = provider;
    for (const listener of listeners) doc.off('update', listener);
    try {
      relay(encoder, decoder, p, emitSynced, messageType);
    } finally {
      for (const listener of listeners) doc.on('update', listener);
    }
    // An empty update ([0, 0]) changed nothing: Yjs would not have announced it either.
    if (update.byteLength > 2) for (const listener of listeners) listener(update, provider);
  };
}
