/** y-websocket message types (the stock provider's), plus Bestfit's own. */
export const MessageType = {
  sync: 0,
  awareness: 1,
  auth: 2,
  queryAwareness: 3,
  /**
   * Client → server: varUint token. Server → client: the same token, sent once every message the
   * client sent before it has been stored. Stock clients never send it, so they never receive it.
   */
  saved: 100,
  /** Silent rating rounds: JSON both ways (shared/protocol/meeting.ts), only after a client says hello. */
  meeting: 101,
} as const;

/** Sub-types of a sync message (y-protocols/sync). */
export const SyncType = { step1: 0, step2: 1, update: 2 } as const;
