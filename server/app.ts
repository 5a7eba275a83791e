import { upgradeWebSocket } from '@hono/node-server';
import { serveStatic } from '@hono/node-server/serve-static';
import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { HTTPException } from 'hono/http-exception';
import { secureHeaders } from 'hono/secure-headers';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { WebSocket } from 'ws';
import { CloseCode } from '../shared/protocol/close-codes.ts';
import { authenticate, credentialOf, requireUser, sameOriginWrites, type AuthEnv } from './auth/middleware.ts';
import { userForSecret } from './auth/accounts.ts';
import { Peer } from './collab/peer.ts';
import type { Room } from './collab/room.ts';
import type { Rooms } from './collab/rooms.ts';
import type { FrameworkLibrary } from './frameworks/library.ts';
import { can } from './reviews/access.ts';
import { authRoutes } from './routes/auth.ts';
import { frameworkRoutes } from './routes/frameworks.ts';
import { inviteRoutes } from './routes/invites.ts';
import { jsonDepthLimit } from './routes/json-depth.ts';
import { reviewRoutes } from './routes/reviews.ts';
import { errorBody } from './routes/validate.ts';
import type { Store } from './store/types.ts';

export interface AppDeps {
  store: Store;
  library: FrameworkLibrary;
  rooms: Rooms;
  /** Built client to serve at /, when it exists. */
  clientDir?: string;
  log: (message: string, error?: unknown) => void;
  /** Open sockets one user may hold at once, across reviews. */
  maxConnectionsPerUser?: number;
}

/** The whole HTTP surface: API, websocket sync and the built client, on one port. */
export function createApp({ store, library, rooms, clientDir, log, maxConnectionsPerUser = 20 }: AppDeps) {
  const app = new Hono<AuthEnv>();

  app.use(
    '*',
    secureHeaders({
      contentSecurityPolicy: {
        defaultSrc: ["'self'"],
        connectSrc: ["'self'", 'ws:', 'wss:'],
        imgSrc: ["'self'", 'data:'],
        styleSrc: ["'self'", "'unsafe-inline'"],
        scriptSrc: ["'self'"],
        frameAncestors: ["'none'"],
      },
    }),
  );
  app.use(
    '/api/*',
    // Refused unread: closing the connection keeps the unread rest from being taken as a request.
    bodyLimit({
      maxSize: 1024 * 1024,
      onError: (c) => c.json(errorBody('too_large', 'request body over 1 MiB'), 413, { connection: 'close' }),
    }),
  );
  // Before anyone signs in: deep JSON is refused before it is parsed.
  app.use('/api/*', jsonDepthLimit({ maxDepth: 64 }));
  app.use('/api/*', authenticate(store.access));
  app.use('/api/*', sameOriginWrites());

  app.get('/healthz', (c) => c.json({ ok: true, openReviews: rooms.openCount }));
  app.route('/api/auth', authRoutes(store.access));
  app.route('/api/invites', inviteRoutes(store));
  app.use('/api/frameworks/*', requireUser());
  app.use('/api/frameworks', requireUser());
  app.route('/api/frameworks', frameworkRoutes(library, store.access));
  app.use('/api/reviews/*', requireUser());
  app.use('/api/reviews', requireUser());
  app.route('/api/reviews', reviewRoutes(store, library, rooms));
  app.all('/api/*', (c) => c.json(errorBody('not_found', `no API route ${c.req.method} ${c.req.path}`), 404));

  app.get(
    '/collab/:reviewId',
    upgradeWebSocket(async (c) => {
      const reviewId = c.req.param('reviewId') ?? '';
      // Decide before the upgrade; refuse after it, with a code the client understands (a refused
      // upgrade makes y-websocket retry forever).
      const credential = credentialOf(c);
      const user = credential ? await userForSecret(store.access, credential.secret) : null;
      const role = user ? await store.access.reviewRole(reviewId, user.id) : null;
      let peer: Peer | null = null;
      let room: Room | null = null;
      return {
        onOpen(_event, ws) {
          const raw = ws.raw as WebSocket;
          if (!user) return raw.close(CloseCode.unauthenticated, 'sign in first');
          // An unknown review and one you may not see look the same from outside.
          if (!role) return raw.close(CloseCode.forbidden, 'no access to this review');
          if (rooms.connectionsOf(user.id) >= maxConnectionsPerUser) {
            return raw.close(CloseCode.rateLimited, `more than ${maxConnectionsPerUser} open connections`);
          }
          peer = new Peer(raw, reviewId, { id: user.id, name: user.name }, role, can.edit(role), can.facilitate(role));
          room = rooms.join(peer);
        },
        onMessage(event) {
          if (!peer || !room) return;
          const data = event.data;
          room.receive(
            peer,
            typeof data === 'string' ? new TextEncoder().encode(data) : new Uint8Array(data as ArrayBuffer),
          );
        },
        onClose() {
          if (peer && room) rooms.leave(peer, room);
        },
        onError(event) {
          log(`websocket error on review ${reviewId}`, event);
        },
      };
    }),
  );

  if (clientDir && existsSync(join(clientDir, 'index.html'))) {
    app.use('/assets/*', serveStatic({ root: clientDir }));
    app.use('*', serveStatic({ root: clientDir }));
    // Client-side routes (/reviews/…) all load the same page.
    app.get('*', serveStatic({ root: clientDir, path: 'index.html' }));
  }

  app.notFound((c) => c.json(errorBody('not_found', `nothing at ${c.req.path}`), 404));
  app.onError((error, c) => {
    // Hono's own 4xx (e.g. a body that is not JSON) keep their status and message.
    if (error instanceof HTTPException && error.status < 500) {
      return c.json(errorBody('invalid_request', error.message), error.status);
    }
    log(`${c.req.method} ${c.req.path} failed`, error);
    return c.json(errorBody('internal', 'something went wrong on the server'), 500);
  });
  return app;
}
