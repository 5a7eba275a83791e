/** Limits shared by server (enforced) and client (to warn before sending). */
export const Limits = {
  /** Largest websocket message accepted. */
  maxMessageBytes: 1024 * 1024,
  /** A socket whose unsent data passes this is closed and left to resync. */
  maxBufferedBytes: 8 * 1024 * 1024,
  /** Longest development focus, evidence note or table cell, in characters. */
  maxTextLength: 20_000,
  /** Longest name of a row added to a table. */
  maxRowNameLength: 200,
  /** Largest awareness (presence) state of one client, in bytes of JSON. */
  maxAwarenessBytes: 4096,
  /** Largest stored review; past it, edits are refused with a clear close code. */
  maxDocumentBytes: 32 * 1024 * 1024,
  /** Messages per second one connection may send, on average, and in a burst. */
  messagesPerSecond: 200,
  messageBurst: 2000,
  /** Keepalive ping interval; a socket that has not answered the previous ping is dropped. */
  pingIntervalMs: 30_000,
} as const;
