import { upgradeWebSocket } from '@hono/node-server';
import { serveStatic } from '@hono/node-server/serve-static';
import { Hono, type MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { HTTPException } from 'hono/http-exception';
import { secureHeaders } from 'hono/secure-headers';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { WebSocket } from 'ws';
import { CloseCode } from '../shared/protocol/close-codes.ts';
import { resolveCredential } from './auth/accounts.ts';
import { authenticate, requireUser, sameOriginWrites, socketCredentialOf, type AuthEnv } from './auth/middleware.ts';
import { allowedSource } from './auth/request-origin.ts';
import { SignInLimits } from './auth/sign-in-limits.ts';
import type { OidcConfig } from './auth/oidc/config.ts';
import { OidcProvider } from './auth/oidc/provider.ts';
import { defaultSecurity, type SecurityConfig } from './config.ts';
import { Peer } from './collab/peer.ts';
import type { Room } from './collab/room.ts';
import type { Rooms } from './collab/rooms.ts';
import type { FrameworkLibrary } from './frameworks/library.ts';
import { can } from './reviews/access.ts';
import { agreements as processAgreements, type Agreements } from './agreement/agreements.ts';
import { adminRoutes } from './routes/admin.ts';
import { agreementRoutes } from './routes/agreement.ts';
import { authRoutes } from './routes/auth.ts';
import { exportRoutes } from './routes/export.ts';
import { recordExtras } from './export/record-extras.ts';
import { cycleRoutes, overviewRoutes } from './routes/cycles.ts';
import { snapshotWhenFinalised } from './cycles/final-snapshot.ts';
import { frameworkRoutes } from './routes/frameworks.ts';
import { inviteRoutes } from './routes/invites.ts';
import { jsonDepthLimit } from './routes/json-depth.ts';
import { passwordResetRoutes } from './routes/password-resets.ts';
import { oidcRoutes } from './routes/oidc.ts';
import { reviewRoutes } from './routes/reviews.ts';
import { IMPORT_PATH, reviewBackupRoutes } from './routes/review-backup.ts';
import { reviewRecordRoutes, type RecordHooks } from './routes/review-records.ts';
import { workspaceSignInRoutes } from './routes/workspace-sign-in.ts';
import { errorBody } from './routes/validate.ts';
import type { Store } from './store/types.ts';

const IMMUTABLE = 'public, max-age=31536000, immutable';

/** A file served by `serve`, with this Cache-Control; nothing added when there was no such file. */
const cached =
  (cacheControl: string, serve: MiddlewareHandler): MiddlewareHandler =>
  async (c, next) => {
    const res = await serve(c, next);
    if (res instanceof Response) res.headers.set('cache-control', cacheControl);
    return res;
  };

export interface AppDeps {
  store: Store;
  library: FrameworkLibrary;
  rooms: Rooms;
  /** Built client to serve at /, when it exists. */
  clientDir?: string;
  log: (message: string, error?: unknown) => void;
  /** Open sockets one user may hold at once, across reviews. */
  maxConnectionsPerUser?: number;
  /** PUBLIC_URL, TRUST_PROXY and ALLOWED_ORIGINS. */
  security?: SecurityConfig;
  /** Sign-in with the organisation's identity provider, when configured. */
  oidc?: OidcConfig | null;
  /** Called after a review is made final (e.g. to take a snapshot of it). */
  onFinalised?: RecordHooks['onFinalised'];
  /** Where agreement is worked out (off the event loop); the process's own unless given. */
  agreements?: Agreements;
  /** With REDIS_URL: whether this process is connected to the others (for /readyz). */
  cluster?: { readonly connected: boolean } | null;
}

/** The whole HTTP surface: API, websocket sync and the built client, on one port. */
export function createApp({
  store,
  library,
  rooms,
  clientDir,
  log,
  maxConnectionsPerUser = 20,
  security = defaultSecurity,
  oidc = null,
  onFinalised,
  agreements = processAgreements,
  cluster = null,
}: AppDeps) {
  const app = new Hono<AuthEnv>();
  const signInLimits = new SignInLimits();

  app.use(
    '*',
    secureHeaders({
      contentSecurityPolicy: {
        defaultSrc: ["'self'"],
        // 'self' covers the same-origin websocket (ws: and wss: match 'self' in CSP Level 3).
        connectSrc: ["'self'", ...security.allowedOrigins],
        imgSrc: ["'self'", 'data:'],
        styleSrc: ["'self'", "'unsafe-inline'"],
        scriptSrc: ["'self'"],
        frameAncestors: ["'none'"],
      },
    }),
  );
  // Refused unread: closing the connection keeps the unread rest from being taken as a request.
  const smallBodies = bodyLimit({
    maxSize: 1024 * 1024,
    onError: (c) => c.json(errorBody('too_large', 'request body over 1 MiB'), 413, { connection: 'close' }),
  });
  // Before anyone signs in: deep JSON is refused before it is parsed.
  const shallowJson = jsonDepthLimit({ maxDepth: 64 });
  // A backup being restored has its own size limit, and is read on a worker thread, never here.
  const exceptImport =
    (middleware: MiddlewareHandler): MiddlewareHandler =>
    (c, next) =>
      c.req.path === IMPORT_PATH ? next() : middleware(c, next);
  app.use('/api/*', exceptImport(smallBodies));
  app.use('/api/*', exceptImport(shallowJson));
  app.use('/api/*', authenticate(store.access, security));
  app.use('/api/*', sameOriginWrites(security));

  app.get('/healthz', (c) => c.json({ ok: true, openReviews: rooms.openCount }));
  // Ready to take traffic: the store answers and, with several processes, Redis connects them.
  app.get('/readyz', async (c) => {
    const checks: Record<string, string> = {};
    try {
      await store.getReview('readyz-probe');
      checks.store = 'ok';
    } catch (error) {
      // Unauthenticated: the driver's message can name the database's host and port, so it stays in the log.
      log('readiness: the store is not answering', error);
      checks.store = 'not answering';
    }
    if (cluster) checks.redis = cluster.connected ? 'ok' : 'not connected';
    const ok = Object.values(checks).every((v) => v === 'ok');
    return c.json({ ok, checks }, ok ? 200 : 503);
  });
  if (oidc) app.route('/api/auth/oidc', oidcRoutes(store, { provider: new OidcProvider(oidc), security, log }));
  else {
    app.all('/api/auth/oidc/*', (c) =>
      c.json(
        errorBody('not_found', 'sign-in with an identity provider is not set up here (OIDC_ISSUER is unset)'),
        404,
      ),
    );
  }
  app.route('/api/auth', authRoutes(store, { security, limits: signInLimits, rooms, oidc }));
  app.route('/api/invites', inviteRoutes(store, { security, limits: signInLimits, oidc }));
  app.route('/api/workspaces', workspaceSignInRoutes(store.identity));
  app.use('/api/frameworks/*', requireUser());
  app.use('/api/frameworks', requireUser());
  app.route('/api/frameworks', frameworkRoutes(library, store.access));
  app.route('/api/admin', adminRoutes(store, rooms));
  app.route('/api/password-resets', passwordResetRoutes(store, rooms));
  app.use('/api/reviews/*', requireUser());
  app.use('/api/reviews', requireUser());
  // Before reviewRoutes: /deleted and /import would otherwise be taken for review ids.
  app.route('/api/reviews', reviewBackupRoutes(store));
  app.route(
    '/api/reviews',
    reviewRecordRoutes(store, rooms, { onFinalised: onFinalised ?? snapshotWhenFinalised(store, rooms), log }),
  );
  app.route('/api/reviews', exportRoutes(store, library, { extras: recordExtras(store) }));
  app.route('/api/reviews', agreementRoutes(store, library, agreements));
  app.route('/api/reviews', reviewRoutes(store, library, rooms, security));
  app.route('/api/reviews', cycleRoutes(store, library, rooms, agreements));
  app.route(
    '/api/workspaces',
    overviewRoutes(store, library, rooms, async (id) => (await store.records.state(id))?.status ?? null),
  );
  app.all('/api/*', (c) => c.json(errorBody('not_found', `no API route ${c.req.method} ${c.req.path}`), 404));

  app.get(
    '/collab/:reviewId',
    upgradeWebSocket(async (c) => {
      const reviewId = c.req.param('reviewId') ?? '';
      // Decide before the upgrade; refuse after it, with a code the client understands (a refused
      // upgrade makes y-websocket retry forever).
      const presented = socketCredentialOf(c, security);
      const credential = presented ? await resolveCredential(store.access, presented.secret) : null;
      const user = credential?.user ?? null;
      // A browser sends the cookie whichever site opened the socket (SameSite does not stop a
      // sibling subdomain or port): a cookie-authenticated socket must come from an allowed page.
      const crossSite = presented?.via === 'cookie' && !allowedSource(c, security, c.req.header('origin'));
      const role = user && !crossSite ? await store.access.reviewRole(reviewId, user.id) : null;
      let peer: Peer | null = null;
      let room: Room | null = null;
      return {
        onOpen(_event, ws) {
          const raw = ws.raw as WebSocket;
          if (!user || !credential) return raw.close(CloseCode.unauthenticated, 'sign in first');
          if (crossSite)
            return raw.close(CloseCode.forbidden, 'cross-site connection refused (Origin is not this site)');
          // An unknown review and one you may not see look the same from outside.
          if (!role) return raw.close(CloseCode.forbidden, 'no access to this review');
          if (rooms.connectionsOf(user.id) >= maxConnectionsPerUser) {
            return raw.close(CloseCode.rateLimited, `more than ${maxConnectionsPerUser} open connections`);
          }
          peer = new Peer(raw, reviewId, { id: user.id, name: user.name }, role, can.edit(role), can.facilitate(role), {
            kind: credential.kind,
            hash: credential.hash,
            expiresAt: credential.expiresAt,
          });
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
    // Source maps would publish the client's source; production builds make none, and none is served.
    app.get('*', async (c, next) =>
      c.req.path.endsWith('.map') ? c.json(errorBody('not_found', `nothing at ${c.req.path}`), 404) : next(),
    );
    // Hashed file names: a new build has new names, so browsers keep these for good. The build
    // writes .br and .gz copies beside them, sent to browsers that take them, compressed once.
    app.use('/assets/*', cached(IMMUTABLE, serveStatic({ root: clientDir, precompressed: true })));
    // The page names the current build's files: asked again each time, so a deployment shows at once.
    app.use('*', cached('no-cache', serveStatic({ root: clientDir })));
    // Client-side routes (/reviews/…) all load the same page.
    app.get('*', cached('no-cache', serveStatic({ root: clientDir, path: 'index.html' })));
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
