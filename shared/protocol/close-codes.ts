/**
 * WebSocket close codes the server uses. y-websocket stops reconnecting on 4400–4499 (permanent)
 * and keeps trying on anything else, so "try again" faults live in 4500–4599.
 */
export const CloseCode = {
  /** A frame that cannot be decoded: bad varint, truncated update, unknown message type. */
  malformed: 4400,
  /** No valid session or token. */
  unauthenticated: 4401,
  /** Signed in, but not allowed in this review. */
  forbidden: 4403,
  /** No review with this id. */
  notFound: 4404,
  /** A message over the size limit. */
  tooLarge: 4413,
  /** The review needs what this server lacks (its framework, or a newer document schema); retrying cannot help. */
  cannotOpen: 4424,
  /** An update the review schema or framework does not allow; the client must reload. */
  invalidUpdate: 4422,
  /** Too many messages per second. */
  rateLimited: 4429,
  /** The server failed to store; reconnecting resends what was not stored. */
  serverError: 4500,
  /** The client could not keep up (send buffer full) or the server is shutting down; reconnect and resync. */
  tryAgain: 4503,
} as const;

export type CloseCodeValue = (typeof CloseCode)[keyof typeof CloseCode];

/** What a person is told when the connection closes with each code. */
export const closeMessages: Record<CloseCodeValue, string> = {
  [CloseCode.malformed]: 'The connection sent data the server could not read. Reload the page.',
  [CloseCode.unauthenticated]: 'You are not signed in. Sign in and reload.',
  [CloseCode.forbidden]: 'You do not have access to this review.',
  [CloseCode.notFound]: 'This review does not exist (it may have been deleted).',
  [CloseCode.cannotOpen]:
    'This review cannot be opened on this server, and reconnecting will not help. Ask your administrator.',
  [CloseCode.tooLarge]: 'A change was too large to send. Reload the page; shorten very long text.',
  [CloseCode.invalidUpdate]: 'The server refused a change this review does not allow. Reloading from the server.',
  [CloseCode.rateLimited]: 'Too many changes too quickly. Reload the page to continue.',
  [CloseCode.serverError]: 'The server could not save. Reconnecting…',
  [CloseCode.tryAgain]: 'The server asked to reconnect. Reconnecting…',
};

export const isPermanentClose = (code: number): boolean => code >= 4400 && code < 4500;
