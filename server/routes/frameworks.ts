import { Hono } from 'hono';
import type { Framework } from '../../shared/framework/schema.ts';
import { parseFrameworkText } from '../../shared/framework/validate.ts';
import type { FrameworkLibrary } from '../frameworks/library.ts';
import { FrameworkVersionConflict } from '../store/types.ts';
import { errorBody } from './validate.ts';

/** The list view of a framework: enough to choose one, not its whole text. */
export function frameworkSummary(fw: Framework, source?: string) {
  return {
    id: fw.id,
    version: fw.version,
    title: fw.title,
    shortTitle: fw.shortTitle ?? null,
    summary: fw.summary ?? null,
    audience: fw.audience ?? null,
    provenance: fw.provenance,
    levels: fw.scale.levels.map((l) => l.label),
    sections: fw.sections.length,
    criteria: fw.sections.reduce((n, s) => n + s.criteria.length, 0),
    phases: (fw.phases ?? []).map((p) => p.label),
    tracks: fw.tracks.map((t) => t.label),
    ...(source ? { source } : {}),
  };
}

const uploadTypes = [
  'application/yaml',
  'application/x-yaml',
  'text/yaml',
  'text/x-yaml',
  'application/json',
  'text/plain',
];

export function frameworkRoutes(library: FrameworkLibrary) {
  return new Hono()
    .get('/', async (c) => c.json((await library.list()).map((r) => frameworkSummary(r.framework, r.source))))
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
      // The file name only labels error messages; it never touches the file system.
      const file = (c.req.query('filename') ?? 'upload').replace(/[^\w.-]/g, '_').slice(0, 100) || 'upload';
      const result = parseFrameworkText(await c.req.text(), file);
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
        const outcome = await library.register(result.framework, 'upload');
        return c.json(frameworkSummary(result.framework, 'upload'), outcome === 'created' ? 201 : 200);
      } catch (error) {
        if (error instanceof FrameworkVersionConflict)
          return c.json(errorBody('conflict', error.message, 'version'), 409);
        throw error;
      }
    })
    .get('/:id', async (c) => {
      const raw = c.req.query('version');
      const version = raw === undefined ? undefined : Number(raw);
      if (version !== undefined && !Number.isInteger(version)) {
        return c.json(errorBody('invalid_request', 'version: must be a whole number', 'version'), 400);
      }
      const fw = await library.get(c.req.param('id'), version);
      if (!fw)
        return c.json(
          errorBody('not_found', `no framework "${c.req.param('id')}"${version ? ` version ${version}` : ''}`),
          404,
        );
      return c.json(fw);
    });
}
