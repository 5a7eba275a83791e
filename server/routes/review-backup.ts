import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import type { AuthEnv } from '../auth/middleware.ts';
import { BackupFault, MAX_BACKUP_BYTES } from '../reviews/backup-format.ts';
import { BackupFrameworkConflict, buildBackup, restoreBackup } from '../reviews/backup.ts';
import { backupThread, type BackupThread } from '../reviews/backup-thread.ts';
import type { User } from '../store/access-types.ts';
import type { Store } from '../store/types.ts';
import { errorBody } from './validate.ts';

/** The one API path whose body may pass the 1 MiB limit (a backup holds a whole review). */
export const IMPORT_PATH = '/api/reviews/import';

/** "Year 6 review" → "Year 6 review"; anything a file name should not hold becomes "-". */
const fileName = (title: string) => title.replace(/[^\w .()-]+/g, '-').slice(0, 100) || 'review';

/**
 * JSON backup and restore of a review. `GET /:id/export?format=json` (anyone who may read the
 * review) answers with the backup; other formats fall through to the export routes.
 * `POST /import` restores a backup as a new review, or refuses it whole.
 */
export function reviewBackupRoutes(store: Store, thread: BackupThread = backupThread) {
  return new Hono<AuthEnv>()
    .get('/:id/export', async (c, next) => {
      if (c.req.query('format') !== 'json') return next();
      const id = c.req.param('id');
      const user = c.get('user') as User;
      const role = await store.access.reviewRole(id, user.id);
      const body = role ? await buildBackup(store, thread, id, role === 'facilitator') : null;
      if (body === null) return c.json(errorBody('not_found', `no review "${id}"`), 404);
      const title = (await store.getReview(id))?.title ?? 'review';
      return c.body(body, 200, {
        'content-type': 'application/json; charset=utf-8',
        'content-disposition': `attachment; filename="${fileName(title)} (backup).json"`,
        'cache-control': 'no-store',
      });
    })
    .post(
      '/import',
      bodyLimit({
        maxSize: MAX_BACKUP_BYTES,
        onError: (c) =>
          c.json(errorBody('too_large', `backup over ${MAX_BACKUP_BYTES / 1024 / 1024} MiB`), 413, {
            connection: 'close',
          }),
      }),
      async (c) => {
        const user = c.get('user') as User;
        const workspaces = await store.access.workspacesOf(user.id);
        const wanted = c.req.query('workspaceId');
        const workspace = wanted ? workspaces.find((w) => w.id === wanted) : workspaces[0];
        if (!workspace) {
          const message = wanted
            ? 'workspaceId: you are not a member of this workspace'
            : 'you belong to no workspace; ask an administrator to add you to one';
          return c.json(errorBody('forbidden', message, 'workspaceId'), 403);
        }
        // A fresh buffer the worker can take over; the text is read there, never here.
        const bytes = new Uint8Array(await c.req.arrayBuffer());
        if (bytes.byteLength === 0) return c.json(errorBody('invalid_request', 'the request has no backup file'), 400);
        try {
          const { review, members } = await restoreBackup(store, thread, { user, workspaces }, workspace.id, bytes);
          return c.json({ ...review, role: 'facilitator', ...(await store.records.state(review.id)), members }, 201);
        } catch (error) {
          if (error instanceof BackupFault) return c.json(errorBody('invalid_backup', error.message), 400);
          if (error instanceof BackupFrameworkConflict) return c.json(errorBody('conflict', error.message), 409);
          throw error;
        }
      },
    );
}
