import { Hono } from 'hono';
import type { AuthEnv } from '../auth/middleware.ts';
import { ExportFailed, exportThread, type ExportThread } from '../export/export-thread.ts';
import { exportFormats, fileName, type ExportFormat, type ExportSource } from '../export/model.ts';
import type { FrameworkLibrary } from '../frameworks/library.ts';
import type { User } from '../store/access-types.ts';
import type { Store } from '../store/types.ts';
import { errorBody } from './validate.ts';

const contentTypes: Record<ExportFormat, string> = {
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  pdf: 'application/pdf',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  csv: 'text/csv; charset=utf-8',
};

/** Every format the export path answers; `json` (the backup) is served by its own handler. */
export const acceptedFormats = [...exportFormats, 'json'] as const;

/** History read per criterion, newest first: enough to find each row's last change. */
const HISTORY_PER_CRITERION = 50;
/** Criteria whose history is read between two turns of the event loop. */
const HISTORY_BATCH = 10;

export interface ExportRouteOptions {
  thread?: ExportThread;
  /** Review status, sign-offs and recorded overall judgements, where the review has them. */
  extras?: (reviewId: string) => Promise<Pick<ExportSource, 'status' | 'signOffs' | 'overall'>>;
}

/**
 * `GET /api/reviews/:id/export?format=docx|pdf|xlsx|csv`: the review for anyone who may read it.
 * What is stored is gathered here; rebuilding the document and rendering happen on the export
 * thread, so a big review never stalls the meetings in progress.
 */
export function exportRoutes(store: Store, library: FrameworkLibrary, options: ExportRouteOptions = {}) {
  const thread = options.thread ?? exportThread;
  return new Hono<AuthEnv>().get('/:id/export', async (c, next) => {
    const format = c.req.query('format');
    if (format === 'json') return next();
    if (!format || !(exportFormats as readonly string[]).includes(format)) {
      const shown = format === undefined ? 'no format' : `"${format.slice(0, 40)}"`;
      return c.json(
        errorBody('invalid_request', `format: ${shown} is not one of ${acceptedFormats.join(', ')}`, 'format'),
        400,
      );
    }
    const id = c.req.param('id');
    const user = c.get('user') as User;
    const role = await store.access.reviewRole(id, user.id);
    const review = role ? await store.getReview(id) : null;
    if (!role || !review) return c.json(errorBody('not_found', `no review "${id}"`), 404);
    const framework = await library.get(review.frameworkId, review.frameworkVersion);
    if (!framework) throw new Error(`framework ${review.frameworkId} v${review.frameworkVersion} is missing`);

    const history: ExportSource['history'] = [];
    const criteria = framework.sections.flatMap((s) => s.criteria.map((cr) => cr.id));
    for (let i = 0; i < criteria.length; i++) {
      // The store answers synchronously: yield between batches so a big review cannot stall the loop.
      if (i > 0 && i % HISTORY_BATCH === 0) await new Promise((resolve) => setImmediate(resolve));
      // Newest first: only each row's latest change is shown, so only that is kept and sent on.
      const seen = new Set<string>();
      for (const event of await store.history(id, criteria[i], HISTORY_PER_CRITERION)) {
        const key = `${event.kind}/${event.detail.track ?? ''}/${event.detail.phase ?? ''}`;
        if (seen.has(key)) continue;
        seen.add(key);
        history.push(event);
      }
    }
    const stored = await store.loadDocument(id);
    const members = await store.access.reviewMembers(id);
    const source: ExportSource = {
      framework,
      review: { id: review.id, title: review.title, createdAt: review.createdAt, updatedAt: review.updatedAt },
      document: { snapshot: stored.snapshot, updates: stored.updates },
      // Names and roles only: an export travels further than the review's own pages.
      people: members.map((m) => ({ name: m.name, role: m.role })),
      history,
      exportedAt: new Date().toISOString(),
      exportedBy: user.name,
      ...(options.extras ? await options.extras(id) : {}),
    };
    let bytes: Uint8Array;
    try {
      bytes = await thread.run(format as ExportFormat, source);
    } catch (error) {
      if (error instanceof ExportFailed)
        return c.json(errorBody('export_failed', `the ${format} export could not be built: ${error.message}`), 500);
      throw error;
    }
    const name = fileName({ review }, format as ExportFormat);
    return c.body(bytes as Uint8Array<ArrayBuffer>, 200, {
      'content-type': contentTypes[format as ExportFormat],
      'content-disposition': `attachment; filename="${name}"; filename*=UTF-8''${encodeURIComponent(name)}`,
      'cache-control': 'private, no-store',
    });
  });
}
