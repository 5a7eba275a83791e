import { WebSocket } from 'ws';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { syncUpdate } from '../../server/collab/messages.ts';
import { WAIT_MS, waitFor } from './deadline.ts';

export interface StockClient {
  doc: Y.Doc;
  provider: WebsocketProvider;
  destroy(): void;
}

/** A stock y-websocket client, exactly as a script would connect (Node, `ws` as the WebSocket). */
export function connectClient(
  wsUrl: string,
  reviewId: string,
  options: { token?: string; doc?: Y.Doc; WebSocketPolyfill?: typeof globalThis.WebSocket } = {},
): StockClient {
  const doc = options.doc ?? new Y.Doc();
  const provider = new WebsocketProvider(wsUrl, reviewId, doc, {
    WebSocketPolyfill: options.WebSocketPolyfill ?? (WebSocket as unknown as typeof globalThis.WebSocket),
    disableBc: true,
    // Scripts authenticate with an API token in the URL (see README).
    params: options.token ? { token: options.token } : {},
  });
  return {
    doc,
    provider,
    destroy() {
      provider.destroy();
      doc.destroy();
    },
  };
}

/** Resolves once the provider has completed its first sync with the server. */
export function synced(client: StockClient, what = 'the first sync with the server'): Promise<void> {
  return waitFor(what, (done) => {
    const onSync = (state: boolean) => {
      if (state) done();
    };
    client.provider.on('sync', onSync);
    if (client.provider.synced) done();
    return () => client.provider.off('sync', onSync);
  });
}

/** Wait, on document updates (never by polling), until `predicate` holds. */
export function until(doc: Y.Doc, predicate: () => boolean, what = 'condition', timeoutMs = WAIT_MS): Promise<void> {
  return waitFor(
    what,
    (done) => {
      const check = () => {
        if (predicate()) done();
      };
      doc.on('update', check);
      check();
      return () => doc.off('update', check);
    },
    timeoutMs,
  );
}

export interface CloseEventLike {
  code: number;
  reason: string;
}

/** Resolves with the close event of the provider's connection the server ends for good (a 44xx code). */
export function closedFor(
  client: StockClient,
  what = 'the server to close the connection for good',
): Promise<CloseEventLike> {
  return waitFor(what, (done) => {
    const on = (event: CloseEventLike) => done({ code: event.code, reason: event.reason });
    client.provider.on('closed', on);
    return () => client.provider.off('closed', on);
  });
}

/** Resolves with the next close of the provider's connection, whatever its code (the provider may reconnect). */
export function connectionClosed(client: StockClient, what = 'the connection to close'): Promise<CloseEventLike> {
  return waitFor(what, (done) => {
    const on = (event: CloseEvent | null) => done({ code: event?.code ?? 0, reason: event?.reason ?? '' });
    client.provider.on('connection-close', on);
    return () => client.provider.off('connection-close', on);
  });
}

/**
 * Resolves with the permission-denied reason a stock client reports: y-websocket only logs it
 * with console.warn, so the wait listens there (and restores console.warn however it ends).
 */
export function permissionDenied(what = 'a permission-denied message from the server'): Promise<string> {
  return waitFor(what, (done) => {
    const original = console.warn;
    console.warn = (message: unknown) => {
      console.warn = original;
      done(String(message));
    };
    return () => {
      if (console.warn !== original) console.warn = original;
    };
  });
}

/** JSON with object keys sorted: two replicas list map keys in the order each integrated them. */
function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.keys(value)
      .sort()
      .map((key) => [key, canonical((value as Record<string, unknown>)[key])]),
  );
}

/** True when both documents hold the same content, whatever order their maps' keys arrived in. */
export function sameContent(a: Y.Doc, b: Y.Doc): boolean {
  return JSON.stringify(canonical(a.toJSON())) === JSON.stringify(canonical(b.toJSON()));
}

/** Wait, on presence changes, until `predicate` holds for the client's view of everyone's presence. */
export function presenceUntil(
  client: StockClient,
  predicate: () => boolean,
  what = 'a presence condition',
): Promise<void> {
  const awareness = client.provider.awareness;
  return waitFor(what, (done) => {
    const check = () => {
      if (predicate()) done();
    };
    awareness.on('change', check);
    check();
    return () => awareness.off('change', check);
  });
}

/** Resolves when the provider next reports `status` ('connected', 'disconnected', …). */
export function nextStatus(
  client: StockClient,
  status: string,
  what = `the connection status "${status}"`,
): Promise<void> {
  return waitFor(what, (done) => {
    const on = (event: { status: string }) => {
      if (event.status === status) done();
    };
    client.provider.on('status', on);
    return () => client.provider.off('status', on);
  });
}

/** Send a raw Yjs update over the client's socket, as a forged client would (bypassing its own document). */
export function sendUpdate(client: StockClient, update: Uint8Array): void {
  client.provider.ws!.send(syncUpdate(update));
}
