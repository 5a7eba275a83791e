import { Hono, type Context } from 'hono';
import { FrameworkLimits } from '../../shared/framework/limits.ts';
import type { AuthEnv } from '../auth/middleware.ts';
import type { FrameworkLibrary } from '../frameworks/library.ts';
import { frameworkSummary } from '../frameworks/summary.ts';
import { frameworkParser, ParseRefused, type FrameworkParserThread } from '../frameworks/parse-off-thread.ts';
import { checkMayRetire, PublishRefused, type Viewer } from '../frameworks/publishing.ts';
import type { AccessStore, User } from '../store/access-types.ts';
import { FrameworkVersionConflict, type FrameworkRecord } from '../store/types.ts';
import { errorBody } from './validate.ts';

const mayRetire = (viewer: Viewer, record: FrameworkRecord): boolean => {
  try {
    checkMayRetire(viewer, record);
    return true;
  } catch {
    return false;
  }
};

/** A summary with where it is published and whether this viewer may retire it. */
const listed = (viewer: Viewer, r: FrameworkRecord) => ({
  ...frameworkSummary(r.framework, r.source),
  workspaceId: r.workspaceId ?? null,
  retirable: mayRetire(viewer, r),
});

/** A change note says what changed in a sentence or a short paragraph. */
export const maxChangeNote = 1000;

const uploadTypes = [
  'application/yaml',
  'application/x-yaml',
  'text/yaml',
  'text/x-yaml',
  'application/json',
  'text/plain',
];

// Larger than any framework needs; parsing costs grow with size. Refused unread, so the
// connection is closed: the rest of the body must not be taken for the next request.
const tooLarge = (c: Context) =>
  c.json(errorBody('too_large', `framework file over ${FrameworkLimits.maxChars / 1024} KiB`), 413, {
    connection: 'close',
  });

export function frameworkRoutes(
  library: FrameworkLibrary,
  access: AccessStore,
  parser: FrameworkParserThread = frameworkParser,
) {
  const viewerOf = async (c: Context<AuthEnv>): Promise<Viewer> => {
    const user = c.get('user') as User;
    return { user, workspaces: await access.workspacesOf(user.id) };
  };
  const refused = (c: Context, error: PublishRefused) =>
    c.json(
      errorBody(
        error.status === 404 ? 'not_found' : error.status === 403 ? 'forbidden' : 'conflict',
        error.message,
        error.field,
      ),
      error.status,
    );

  return new Hono<AuthEnv>()
    .get('/', async (c) => {
      const viewer = await viewerOf(c);
      return c.json((await library.list(viewer)).map((r) => listed(viewer, r)));
    })
    .post('/', async (c) => {
      const type = (c.req.header('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
      if (!uploadTypes.includes(type)) {
        return c.json(
          errorBody(
            'invalid_request',
            `send the framework file as YAML or JSON (content-type ${uploadTypes.join(', ')}), not "${type || 'none'}"`,
          ),
          415,
        );
      }
      // A declared size is refused before reading; the body itself is already capped at 1 MiB.
      const declared = Number(c.req.header('content-length') ?? 0);
      if (declared > FrameworkLimits.maxChars) return tooLarge(c);
      const text = await c.req.text();
      if (text.length > FrameworkLimits.maxChars) return tooLarge(c);
      const changeNote = c.req.query('changeNote')?.trim() || null;
      if (changeNote && changeNote.length > maxChangeNote)
        return c.json(
          errorBody(
            'invalid_request',
            `changeNote: ${changeNote.length} characters; a change note may have at most ${maxChangeNote}`,
            'changeNote',
          ),
          400,
        );
      const viewer = await viewerOf(c);
      const workspaceId = c.req.query('workspaceId') || null;
      // The file name only labels error messages; it never touches the file system.
      const file = (c.req.query('filename') ?? 'upload').replace(/[^\w.-]/g, '_').slice(0, 100) || 'upload';
      let result;
      try {
        // Off the event loop: a large or hostile file delays only its own answer.
        result = await parser.prepare(text, file);
      } catch (error) {
        if (!(error instanceof ParseRefused)) throw error;
        return c.json({ error: { code: 'invalid_framework', message: `${file}: ${error.message}`, file } }, 400);
      }
      if (!result.ok) {
        const first = result.issues[0]!;
        return c.json(
          {
            error: {
              code: 'invalid_framework',
              message: `${file}: ${first.path}: ${first.message}`,
              file,
              issues: result.issues,
            },
          },
          400,
        );
      }
      try {
        const outcome = await library.publish(result, viewer, { workspaceId }, changeNote);
        return c.json({ ...result.summary, workspaceId }, outcome === 'created' ? 201 : 200);
      } catch (error) {
        if (error instanceof PublishRefused) return refused(c, error);
        if (error instanceof FrameworkVersionConflict)
          return c.json(errorBody('conflict', error.message, 'version'), 409);
        throw error;
      }
    })
    .post('/:id/retire', async (c) => {
      try {
        const record = await library.retire(await viewerOf(c), c.req.param('id'));
        return c.json({ id: record.framework.id, retired: true });
      } catch (error) {
        if (error instanceof PublishRefused) return refused(c, error);
        throw error;
      }
    })
    .get('/:id/versions', async (c) => {
      const versions = await library.versions(await viewerOf(c), c.req.param('id'));
      if (!versions) return c.json(errorBody('not_found', `no framework "${c.req.param('id')}"`), 404);
      return c.json(versions);
    })
    .get('/:id', async (c) => {
      const raw = c.req.query('version');
      const version = raw === undefined ? undefined : Number(raw);
      if (version !== undefined && !Number.isInteger(version)) {
        return c.json(errorBody('invalid_request', 'version: must be a whole number', 'version'), 400);
      }
      const fw = await library.read(await viewerOf(c), c.req.param('id'), version);
      if (!fw)
        return c.json(
          errorBody('not_found', `no framework "${c.req.param('id')}"${version ? ` version ${version}` : ''}`),
          404,
        );
      return c.json(fw);
    });
}
