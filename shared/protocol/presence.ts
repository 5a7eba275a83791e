import type { ReviewRole } from './access.ts';

/** Who a presence state belongs to. The server stamps `id`, `name` and `role` from the connection; the rest is cosmetic. */
export interface PresenceUser {
  id: string | null;
  name: string;
  role: ReviewRole;
  color?: string;
  /** The colour of a collaborator's text selection. */
  colorLight?: string;
}

/**
 * One person's presence (their Yjs awareness state) in a review, as clients set it and the server
 * relays it. Text editors add their cursor fields alongside.
 */
export interface PresenceState {
  user?: Partial<PresenceUser>;
  /** The criterion they are looking at. */
  focus?: string | null;
  /** A facilitator's spotlight: the criterion everyone following is taken to. */
  spotlight?: string | null;
  /** The phase the spotlight is on (frameworks with phases), so followers see the same. */
  spotlightPhase?: string | null;
  /** The tab is hidden or nothing has been touched for a while. */
  away?: boolean;
}

/** A presence field a client sets on itself. */
export type PresenceField = Exclude<keyof PresenceState, 'user'>;
