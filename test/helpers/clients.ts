import { WebSocket } from 'ws';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';

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
export function synced(client: StockClient): Promise<void> {
  if (client.provider.synced) return Promise.resolve();
  return new Promise((resolve) => {
    const onSync = (state: boolean) => {
      if (!state) return;
      client.provider.off('sync', onSync);
      resolve();
    };
    client.provider.on('sync', onSync);
  });
}

/** Wait, on document updates (never by polling), until `predicate` holds. */
export function until(doc: Y.Doc, predicate: () => boolean, what = 'condition', timeoutMs = 20_000): Promise<void> {
  if (predicate()) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      doc.off('update', check);
      reject(new Error(`timed out waiting for ${what}`));
    }, timeoutMs);
    const check = () => {
      if (!predicate()) return;
      clearTimeout(timer);
      doc.off('update', check);
      resolve();
    };
    doc.on('update', check);
  });
}

/** Resolves with the close event of the provider's connection the server ends for good. */
export function closedFor(client: StockClient): Promise<{ code: number; reason: string }> {
  return new Promise((resolve) => client.provider.once('closed', (event) => resolve(event)));
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
export function presenceUntil(client: StockClient, predicate: () => boolean): Promise<void> {
  const awareness = client.provider.awareness;
  return new Promise((resolve) => {
    const check = () => {
      if (!predicate()) return;
      awareness.off('change', check);
      resolve();
    };
    awareness.on('change', check);
    check();
  });
}

/** Resolves when the provider next reports `status` ('connected', 'disconnected', …). */
export function nextStatus(client: StockClient, status: string): Promise<void> {
  return new Promise((resolve) => {
    const on = (event: { status: string }) => {
      if (event.status !== status) return;
      client.provider.off('status', on);
      resolve();
    };
    client.provider.on('status', on);
  });
}
