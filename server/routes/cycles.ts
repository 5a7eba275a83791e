import { Hono, type Context } from 'hono';
import { z } from 'zod';
import { NOT_APPLICABLE } from '../../shared/review/keys.ts';
import type { Agreements } from '../agreement/agreements.ts';
import type { AuthEnv } from '../auth/middleware.ts';
import type { Rooms } from '../collab/rooms.ts';
import { chainOf, reportedOf } from '../cycles/chain.ts';
import { comparisonCsv, type Side } from '../cycles/compare.ts';
import { summaryThread } from '../cycles/summary-thread.ts';
import { NextTermError, startNextTerm, unchangedCriteria } from '../cycles/next-term.ts';
import { workspaceOverview, type OverviewFilters } from '../cycles/overview.ts';
import { committedState, takeSnapshot } from '../cycles/snapshots.ts';
import { trendsOf } from '../cycles/trends.ts';
import type { FrameworkLibrary } from '../frameworks/library.ts';
import { can } from '../reviews/access.ts';
import type { ReviewRole, User } from '../store/access-types.ts';
import type { Store } from '../store/types.ts';
import { errorBody, jsonBody } from './validate.ts';

const snapshotInput = z.strictObject({
  label: z
    .string({ error: 'is required' })
    .trim()
    .min(1, 'must not be empty')
    .max(120, 'must be at most 120 characters'),
});

const nextTermInput = z.strictObject({
  title: z
    .string({ error: 'is required' })
    .trim()
    .min(1, 'must not be empty')
    .max(200, 'must be at most 200 characters'),
  carryFocus: z.boolean({ error: 'must be true or false' }).default(true),
  upgrade: z.boolean({ error: 'must be true or false' }).default(false),
});

/** Ids in this API are short random URL-safe strings; anything else is refused before a lookup. */
const idPattern = /^[A-Za-z0-9_-]{1,64}$/;

/**
 * Terms of a review: snapshots, starting next term's review, comparing two states, trends.
 * Readers are the review's members (any role); taking a snapshot and starting a term need a facilitator.
 */
export function cycleRoutes(store: Store, library: FrameworkLibrary, rooms: Rooms, agreements: Agreements) {
  const access = store.access;
  const loadFramework = (id: string, version: number) => library.get(id, version);
  const roleOf = (c: Context<AuthEnv>, reviewId: string): Promise<ReviewRole | null> =>
    access.reviewRole(reviewId, (c.get('user') as User).id);
  const notFound = (c: Context, id: string) => c.json(errorBody('not_found', `no review "${id}"`), 404);
  const forbidden = (c: Context, what: string) => c.json(errorBody('forbidden', `only a facilitator can ${what}`), 403);

  /** Resolve `from`/`to`: a snapshot id of a term in this review's chain, `live`, or a review id in the chain. */
  async function side(c: Context<AuthEnv>, reviewId: string, value: string, name: string): Promise<Side | Response> {
    const bad = (message: string) => c.json(errorBody('invalid_request', `${name}: ${message}`, name), 400);
    if (!value) return bad('is required: a snapshot id, "live" or a review id in this review\'s chain of terms');
    if (value !== 'live' && !idPattern.test(value)) return bad('is not a snapshot id, "live" or a review id');
    const chain = await chainOf(store, reviewId);
    const readable = async (id: string) => chain.includes(id) && (await roleOf(c, id)) !== null;
    if (value === 'live' || chain.includes(value)) {
      const id = value === 'live' ? reviewId : value;
      if (!(await readable(id))) return bad('you cannot read that review');
      const review = (await store.getReview(id))!;
      if (value === 'live') {
        const framework = await loadFramework(review.frameworkId, review.frameworkVersion);
        if (!framework) return bad('its framework is missing');
        return {
          kind: 'live',
          reviewId: id,
          reviewTitle: review.title,
          snapshotId: null,
          label: 'Now',
          at: null,
          framework,
          state: await committedState(store, rooms, id),
        };
      }
      const reported = await reportedOf(store, rooms, loadFramework, id);
      if (!reported) return bad('its framework is missing');
      return {
        kind: 'review',
        reviewId: id,
        reviewTitle: review.title,
        snapshotId: reported.source.snapshotId,
        label: reported.source.label ?? review.title,
        at: reported.source.at,
        framework: reported.framework,
        state: reported.state ?? (await committedState(store, rooms, id)),
      };
    }
    const snapshot = await store.cycles.snapshot(value);
    if (!snapshot || !(await readable(snapshot.reviewId))) return bad(`no snapshot "${value}" in this review's terms`);
    const framework = await loadFramework(snapshot.meta.frameworkId, snapshot.meta.frameworkVersion);
    if (!framework) return bad('its framework is missing');
    return {
      kind: 'snapshot',
      reviewId: snapshot.reviewId,
      reviewTitle: snapshot.meta.title,
      snapshotId: snapshot.id,
      label: snapshot.label,
      at: snapshot.createdAt,
      framework,
      state: snapshot.state,
    };
  }

  return new Hono<AuthEnv>()
    .post('/:id/snapshots', jsonBody(snapshotInput), async (c) => {
      const id = c.req.param('id');
      const role = await roleOf(c, id);
      if (!role) return notFound(c, id);
      if (!can.facilitate(role)) return forbidden(c, 'take a snapshot');
      const user = c.get('user') as User;
      const snapshot = await takeSnapshot(store, rooms, id, c.req.valid('json').label, {
        id: user.id,
        name: user.name,
      });
      return c.json(snapshot, 201);
    })
    .get('/:id/snapshots', async (c) => {
      const id = c.req.param('id');
      if (!(await roleOf(c, id))) return notFound(c, id);
      return c.json(await store.cycles.snapshots(id));
    })
    .get('/:id/snapshots/:snapshotId', async (c) => {
      const id = c.req.param('id');
      if (!(await roleOf(c, id))) return notFound(c, id);
      const snapshotId = c.req.param('snapshotId');
      const snapshot = idPattern.test(snapshotId) ? await store.cycles.snapshot(snapshotId) : null;
      if (!snapshot || snapshot.reviewId !== id)
        return c.json(errorBody('not_found', `no snapshot "${snapshotId}" of this review`), 404);
      const { state, summary: _summary, ...rest } = snapshot;
      if (c.req.query('format') === 'binary' || c.req.header('accept') === 'application/octet-stream') {
        return c.body(state.slice().buffer, 200, {
          'content-type': 'application/octet-stream',
          'x-snapshot-label': encodeURIComponent(rest.label),
        });
      }
      return c.json({ ...rest, state: Buffer.from(state).toString('base64') });
    })
    .post('/:id/next', jsonBody(nextTermInput), async (c) => {
      const id = c.req.param('id');
      const role = await roleOf(c, id);
      if (!role) return notFound(c, id);
      if (!can.facilitate(role)) return forbidden(c, "start next term's review");
      const user = c.get('user') as User;
      try {
        const { review, unchanged } = await startNextTerm(
          store,
          library,
          rooms,
          { user, workspaces: await access.workspacesOf(user.id) },
          id,
          c.req.valid('json'),
        );
        return c.json({ ...review, role: 'facilitator', unchanged }, 201);
      } catch (error) {
        if (error instanceof NextTermError) {
          const code = error.status === 404 ? 'not_found' : error.status === 409 ? 'conflict' : 'invalid_request';
          return c.json(errorBody(code, error.message, error.field), error.status);
        }
        throw error;
      }
    })
    .get('/:id/cycle', async (c) => {
      const id = c.req.param('id');
      if (!(await roleOf(c, id))) return notFound(c, id);
      const review = (await store.getReview(id))!;
      const link = await store.cycles.linkOf(id);
      const next = await Promise.all(
        (await store.cycles.nextOf(id)).map(async (n) => ({
          id: n,
          title: (await store.getReview(n))?.title ?? n,
          readable: (await roleOf(c, n)) !== null,
        })),
      );
      let previous = null;
      if (link?.previousReviewId) {
        const prev = await store.getReview(link.previousReviewId);
        const framework = await loadFramework(review.frameworkId, review.frameworkVersion);
        const reported = await reportedOf(store, rooms, loadFramework, link.previousReviewId);
        if (prev && framework && reported) {
          // "Last time": last term's ratings of the criteria that mean the same now, in levels this scale has.
          const unchanged = unchangedCriteria(reported.framework, framework);
          const valid = new Set([...framework.scale.levels.map((l) => l.id), NOT_APPLICABLE]);
          const keep = (entries: Record<string, string>, part: number) =>
            Object.fromEntries(
              Object.entries(entries).filter(([k, v]) => unchanged.has(k.split('/')[part]!) && valid.has(v)),
            );
          previous = {
            id: prev.id,
            title: prev.title,
            readable: (await roleOf(c, prev.id)) !== null,
            source: reported.source,
            carriedFocus: link.carriedFocus,
            ratings: keep(reported.summary.ratings, 1),
            agreed: keep(reported.summary.agreed, 0),
          };
        }
      }
      return c.json({ previous, next });
    })
    .get('/:id/compare', async (c) => {
      const id = c.req.param('id');
      if (!(await roleOf(c, id))) return notFound(c, id);
      const format = c.req.query('format') ?? 'json';
      if (format !== 'json' && format !== 'csv')
        return c.json(errorBody('invalid_request', 'format: must be json or csv', 'format'), 400);
      const from = await side(c, id, c.req.query('from') ?? '', 'from');
      if (from instanceof Response) return from;
      const to = await side(c, id, c.req.query('to') ?? '', 'to');
      if (to instanceof Response) return to;
      const comparison = await summaryThread.run({ kind: 'compare', from, to });
      if (format === 'csv') {
        const name = `compare-${from.label}-${to.label}`.replace(/[^A-Za-z0-9_-]+/g, '-').slice(0, 80);
        return c.body(comparisonCsv(comparison), 200, {
          'content-type': 'text/csv; charset=utf-8',
          'content-disposition': `attachment; filename="${name}.csv"`,
        });
      }
      return c.json(comparison);
    })
    .get('/:id/trends', async (c) => {
      const id = c.req.param('id');
      if (!(await roleOf(c, id))) return notFound(c, id);
      const trends = await trendsOf(
        store,
        rooms,
        loadFramework,
        id,
        async (other) => (await roleOf(c, other)) !== null,
        agreements,
      );
      if (!trends) return notFound(c, id);
      return c.json(trends);
    });
}

const overviewQuery = z.strictObject({
  framework: z.string().max(100, 'must be at most 100 characters').optional(),
  status: z.string().max(40, 'must be at most 40 characters').optional(),
  category: z.string().max(200, 'must be at most 200 characters').optional(),
  phase: z.string().max(100, 'must be at most 100 characters').optional(),
  sort: z.enum(['title', 'movement', '-movement'], { error: 'must be title, movement or -movement' }).optional(),
});

/** The workspace portfolio: every review's figures side by side, for the workspace's members. */
export function overviewRoutes(
  store: Store,
  library: FrameworkLibrary,
  rooms: Rooms,
  statusOf?: (reviewId: string) => Promise<string | null>,
) {
  return new Hono<AuthEnv>().get('/:id/overview', async (c) => {
    const user = c.get('user');
    if (!user) return c.json(errorBody('unauthenticated', 'sign in first'), 401);
    const id = c.req.param('id');
    const workspace = (await store.access.workspacesOf(user.id)).find((w) => w.id === id);
    if (!workspace) return c.json(errorBody('not_found', `no workspace "${id}" of yours`), 404);
    const parsed = overviewQuery.safeParse(c.req.query());
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      const field = issue.path.join('.');
      const message = issue.code === 'unrecognized_keys' ? issue.message : `${field}: ${issue.message}`;
      return c.json(errorBody('invalid_request', message, field || undefined), 400);
    }
    const filters: OverviewFilters = parsed.data;
    const deps = { store, rooms, loadFramework: (fid: string, v: number) => library.get(fid, v), statusOf };
    return c.json(await workspaceOverview(deps, { id: workspace.id, name: workspace.name }, user.id, filters));
  });
}
