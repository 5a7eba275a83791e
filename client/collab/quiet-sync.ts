import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import type { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { MessageType, SyncType } from '../../shared/protocol/messages.ts';

export type UpdateListener = (update: Uint8Array, origin: unknown) => void;

/**
 * Applies the server's sync step 2 (on a first load, the whole review) with the document's
 * 'update' listeners detached, then hands `listeners` the update as it arrived. Yjs encodes every
 * transaction again for its 'update' listeners; for a 1,000-row review that second encoding was a
 * third of applying it, spent on listeners that ignore the server's updates (the provider, the save
 * tracker) or only store them (the browser's copy, for which the update as received is as good).
 * `listeners` must be every 'update' listener on the document, in the order they were added.
 * Other sync messages go to the provider's own handler.
 */
export function quietSyncStep2(provider: WebsocketProvider, listeners: readonly UpdateListener[]): void {
  const handlers = provider.messageHandlers;
  const relay = handlers[MessageType.sync];
  if (!relay) throw new Error('the provider has no sync handler');
  handlers[MessageType.sync] = (encoder, decoder, p, emitSynced, messageType) => {
    const update = step2Update(decoder);
    if (!update) return relay(encoder, decoder, p, emitSynced, messageType);
    // As the stock handler: the reply starts with the message type, and a step 2 adds nothing to it.
    encoding.writeVarUint(encoder, MessageType.sync);
    const { doc } = provider;
    let applied = false;
    for (const listener of listeners) doc.off('update', listener);
    try {
      Y.applyUpdate(doc, update, provider);
      applied = true;
    } catch (error) {
      // As the stock handler: a bad update is reported and dropped, and nothing of it is stored here.
      console.error('Caught error while handling a Yjs update', error);
    } finally {
      for (const listener of listeners) doc.on('update', listener);
    }
    if (emitSynced && !provider.synced) provider.synced = true;
    // An empty update ([0, 0]) changed nothing: Yjs would not have announced it either.
    if (applied && update.byteLength > 2) for (const listener of listeners) listener(update, provider);
  };
}

/** The update of a sync step 2, the message consumed; null, the message untouched, for anything else. */
function step2Update(decoder: decoding.Decoder): Uint8Array | null {
  try {
    const peek = decoding.clone(decoder);
    if (decoding.readVarUint(peek) !== SyncType.step2) return null;
    const update = decoding.readVarUint8Array(peek);
    decoder.pos = peek.pos;
    return update;
  } catch {
    // Truncated: the stock handler reads it again and reports it as it always has.
    return null;
  }
}
