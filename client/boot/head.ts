/**
 * The page's first script, a bundle of its own run from the head as soon as it arrives, before the
 * application's bundle has downloaded or been compiled: it asks for the session and, on a review's
 * address, the review, its framework and its websocket, so the server answers (and loads the
 * review) while the browser is busy with the bundle. The application takes what was started here
 * (early-load.ts); without this script (`npm run dev:client`) it starts the same itself.
 */
import { openEarlySocket } from './early-socket.ts';
import { startedAt, type EarlyStart } from './early-start.ts';

const path = window.location.pathname;
const start: EarlyStart = { path, session: fetch('/api/auth/session') };
const id = /^\/reviews\/([^/]+)$/.exec(path)?.[1];
if (id) {
  const reviewId = decodeURIComponent(id);
  const { protocol, host } = window.location;
  openEarlySocket(`${protocol === 'https:' ? 'wss:' : 'ws:'}//${host}/collab/${reviewId}`);
  const json = { headers: { 'content-type': 'application/json' } };
  start.review = {
    id: reviewId,
    review: fetch(`/api/reviews/${id}`, json),
    framework: fetch(`/api/reviews/${id}/framework`, json),
  };
}
startedAt(start);
