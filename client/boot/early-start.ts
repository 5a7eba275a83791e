/** The requests the head script (head.ts) started, handed to the application's bundle on the window. */
export interface EarlyStart {
  /** The address they were started for. */
  path: string;
  session: Promise<Response>;
  review?: { id: string; review: Promise<Response>; framework: Promise<Response> };
}

const slot = globalThis as { bestfitEarlyStart?: EarlyStart | null };

export function startedAt(start: EarlyStart): void {
  slot.bestfitEarlyStart = start;
}

/** What the head script started for `path`, once; null without it, or for another address. */
export function takeStart(path: string): EarlyStart | null {
  const start = slot.bestfitEarlyStart;
  slot.bestfitEarlyStart = null;
  return start?.path === path ? start : null;
}
