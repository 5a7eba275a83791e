/**
 * What the first screen needs, asked for as the bundle runs rather than after React has mounted,
 * rendered and run its effects: who is signed in and, on a review's address, the review, its
 * framework and its live connection, all at once instead of one after the other. The page takes
 * each once; anything asked again later (a refresh, another review) is fetched as before.
 */
import type { Framework } from '../../shared/framework/schema.ts';
import { api, readReply, sessionOf, type Me, type Review } from '../api.ts';
import { defaultServerUrl, ReviewConnection } from '../collab/connection.ts';
import { VIRTUALISE_ABOVE } from '../grid/RubricGrid.tsx';
import { loadVirtualRows } from '../grid/virtual-rows-loader.ts';
import { colourOf } from '../session.ts';
import { discardEarlySocket, openEarlySocket } from './early-socket.ts';
import { takeStart } from './early-start.ts';

export interface OpenedReview {
  review: Review;
  framework: Framework;
}

/** A connection the page has not taken by then (it went elsewhere) is closed. */
const UNCLAIMED_MS = 30_000;

let session: Promise<Me> | null = null;
let opened: { reviewId: string; value: Promise<OpenedReview> } | null = null;
let connection: ReviewConnection | null = null;
let unclaimed: ReturnType<typeof setTimeout> | null = null;

/** The review and the framework at the review's version, asked for together. */
export async function openReview(reviewId: string): Promise<OpenedReview> {
  const [review, framework] = await Promise.all([api.review(reviewId), api.reviewFramework(reviewId)]);
  return { review, framework };
}

/** The session asked for at start, once; then null. */
export function takeEarlySession(): Promise<Me> | null {
  const s = session;
  session = null;
  return s;
}

/** The review asked for at start when it is this one, once; then null. */
export function takeEarlyReview(reviewId: string): Promise<OpenedReview> | null {
  if (opened?.reviewId !== reviewId) return null;
  const value = opened.value;
  opened = null;
  return value;
}

/** The connection opened at start, when it is to this review with this framework as this person; then null. */
export function takeEarlyConnection(
  reviewId: string,
  framework: Framework,
  user: { id: string; name: string; role: Review['role'] },
): ReviewConnection | null {
  const c = connection;
  if (!c || !c.matches(reviewId, framework, user)) return null;
  connection = null;
  if (unclaimed) clearTimeout(unclaimed);
  return c;
}

/**
 * Starts the requests for the page at `path` (the address bar's, at start), or takes those the
 * head script started (head.ts).
 */
export function startEarlyLoad(path: string): void {
  const start = takeStart(path);
  session = start ? sessionOf(start.session) : api.me();
  // Failures are the page's to show when it takes the promise; unhandled here they would be logged twice.
  session.catch(() => {});
  const reviewId = /^\/reviews\/([^/]+)$/.exec(path)?.[1];
  if (!reviewId) return;
  const id = decodeURIComponent(reviewId);
  if (!start) openEarlySocket(`${defaultServerUrl()}/${id}`);
  const asked = start?.review;
  const value = asked
    ? Promise.all([readReply<Review>(asked.review), readReply<Framework>(asked.framework)]).then(
        ([review, framework]) => ({ review, framework }),
      )
    : openReview(id);
  value.catch(() => {});
  opened = { reviewId: id, value };
  void Promise.all([session, value]).then(
    ([me, { review, framework }]) => {
      // The grid's virtualiser, before the grid asks for it, for reviews large enough to need it.
      if (framework.sections.reduce((n, s) => n + s.criteria.length, 0) > VIRTUALISE_ABOVE)
        loadVirtualRows().catch(() => {}); // the grid asks again and says if it fails
      const user = { id: me.user.id, role: review.role, name: me.user.name, color: colourOf(me.user.id) };
      connection = new ReviewConnection(review.id, framework, user);
      unclaimed = setTimeout(() => {
        connection?.destroy();
        connection = null;
      }, UNCLAIMED_MS);
    },
    // Signed out, or no such review: the page says so, and the socket has nothing to wait for.
    () => discardEarlySocket(),
  );
}
