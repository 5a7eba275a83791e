/**
 * A review's websocket opened as the page starts, before React, the review's framework or the
 * document exist: the server checks access and loads the review meanwhile, and the whole document
 * (asked for with an empty state vector) is on its way before the page is ready for it. The review's
 * provider then adopts the socket, with what it received so far, as if it had just opened it.
 */

/** A y-websocket sync message, step 1, with an empty state vector: "send me the whole document". */
const ASK_FOR_ALL = new Uint8Array([0, 0, 1, 0]);

interface Early {
  url: string;
  socket: WebSocket;
  /** What arrived before the provider adopted the socket, in order. */
  events: Event[];
  /** Sync step 1 with an empty state vector went out when it opened. */
  askedForAll: boolean;
  record: (event: Event) => void;
  timer: ReturnType<typeof setTimeout>;
}

const UNCLAIMED_MS = 30_000;
const kinds = ['open', 'message', 'close', 'error'] as const;
/**
 * Kept on the window: the page's head script (head.ts, a bundle of its own) opens the socket and
 * the application's bundle adopts it.
 */
const slot = globalThis as { bestfitEarlySocket?: Early | null };

/** Whether a socket opened at start waits to be adopted. */
export const hasEarlySocket = (): boolean => Boolean(slot.bestfitEarlySocket);

/** Opens the socket to `url` (no more than one at a time); closed unless adopted within half a minute. */
export function openEarlySocket(url: string): void {
  discardEarlySocket();
  const socket = new WebSocket(url);
  socket.binaryType = 'arraybuffer';
  const entry: Early = {
    url,
    socket,
    events: [],
    askedForAll: false,
    record: (event) => {
      entry.events.push(event);
      if (event.type !== 'open') return;
      socket.send(ASK_FOR_ALL);
      entry.askedForAll = true;
    },
    timer: setTimeout(discardEarlySocket, UNCLAIMED_MS),
  };
  for (const kind of kinds) socket.addEventListener(kind, entry.record);
  slot.bestfitEarlySocket = entry;
}

/** Closes a socket nobody adopted (the page went elsewhere, or nobody is signed in). */
export function discardEarlySocket(): void {
  const early = slot.bestfitEarlySocket;
  if (!early) return;
  const { socket, record, timer } = early;
  slot.bestfitEarlySocket = null;
  clearTimeout(timer);
  for (const kind of kinds) socket.removeEventListener(kind, record);
  socket.close();
}

const sameBytes = (a: Uint8Array, b: Uint8Array) => a.length === b.length && a.every((x, i) => x === b[i]);

/** The early socket when it is to `url`, handed over once: what it received is replayed to the handlers the caller sets now. */
function adopt(url: string): WebSocket | null {
  const early = slot.bestfitEarlySocket;
  if (!early || early.url !== url) return null;
  const { socket, events, askedForAll, record, timer } = early;
  slot.bestfitEarlySocket = null;
  clearTimeout(timer);
  for (const kind of kinds) socket.removeEventListener(kind, record);
  if (askedForAll) {
    // The provider's own step 1 on open repeats ours when its document is still empty: the whole
    // document is already coming, so that one is not sent twice.
    const send = socket.send.bind(socket);
    let first = true;
    socket.send = (data) => {
      const repeat = first && data instanceof Uint8Array && sameBytes(data, ASK_FOR_ALL);
      first = false;
      if (!repeat) send(data);
    };
  }
  // After the caller has set onopen, onmessage…; before any later event, which comes as a task.
  queueMicrotask(() => {
    for (const event of events) {
      if (event.type === 'open') socket.onopen?.(event);
      else if (event.type === 'message') socket.onmessage?.(event as MessageEvent);
      else if (event.type === 'close') socket.onclose?.(event as CloseEvent);
      else socket.onerror?.(event);
    }
  });
  return socket;
}

/**
 * For y-websocket's `WebSocketPolyfill`: the early socket to the same address, once; otherwise a
 * new WebSocket (every reconnection, every other review).
 */
export const EarlyOrNewWebSocket = function (url: string, protocols?: string | string[]) {
  return adopt(url) ?? new WebSocket(url, protocols);
} as unknown as typeof WebSocket;
