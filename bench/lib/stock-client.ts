/** Stock y-websocket providers, exactly as a script connects (Node, `ws` as the WebSocket). */
import { WebSocket } from 'ws';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';

export interface StockClient {
  doc: Y.Doc;
  provider: WebsocketProvider;
  synced: Promise<void>;
  /** Closes the server made (code and reason), in order. */
  closes: string[];
  destroy(): void;
}

export function stockClient(
  baseWsUrl: string,
  room: string,
  token: string | undefined,
  options: { doc?: Y.Doc; timeoutMs?: number } = {},
): StockClient {
  const doc = options.doc ?? new Y.Doc();
  const provider = new WebsocketProvider(baseWsUrl, room, doc, {
    WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
    disableBc: true,
    params: token ? { token } : {},
  });
  const synced = new Promise<void>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`stock client for ${room} did not sync`)),
      options.timeoutMs ?? 30_000,
    );
    const onSync = (state: boolean) => {
      if (!state) return;
      clearTimeout(timer);
      provider.off('sync', onSync);
      resolve();
    };
    provider.on('sync', onSync);
  });
  synced.catch(() => {});
  const closes: string[] = [];
  let destroyed = false;
  provider.on('connection-close', (event) => {
    const e = event as { code?: number; reason?: string } | null;
    if (!destroyed && e?.code !== undefined) closes.push(`${e.code} ${e.reason ?? ''}`.trim());
  });
  return {
    doc,
    provider,
    synced,
    closes,
    destroy() {
      destroyed = true;
      provider.destroy();
      doc.destroy();
    },
  };
}
