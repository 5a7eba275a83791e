import * as Y from 'yjs';
import type { Framework } from '../framework/schema.ts';
import { MODERATION_STATEMENT } from './keys.ts';
import { meta } from './roots/meta.ts';
import { moderationStatement } from './roots/moderation-statement.ts';
import { moderation } from './roots/moderation.ts';
import type { AnyRoot } from './roots/root-module.ts';
import { statementMarks } from './roots/statement-marks.ts';

export interface Migration {
  /** The schema version this migration produces. */
  version: number;
  description: string;
  /** Roots this version adds to the document (roots/registry.ts registers them after the first version's). */
  roots?: readonly AnyRoot[];
  up(doc: Y.Doc, framework: Framework): void;
}

/**
 * Checked when defined: versions must run 2, 3, 4… with no gap, ending at `target` when given
 * (the shipped list defines the schema version instead, so adding a migration is all it takes).
 */
export function defineMigrations<const L extends readonly Migration[]>(list: L, target?: number): L {
  list.forEach((m, i) => {
    if (m.version !== i + 2) throw new Error(`migration ${i} has version ${m.version}; expected ${i + 2} (no gaps)`);
  });
  const last = list.at(-1)?.version ?? 1;
  if (target !== undefined && last !== target)
    throw new Error(`migrations end at version ${last}, but the schema version is ${target}`);
  return list;
}

/** Migrations of the review document, oldest first. Version 1 is the first published schema. */
export const reviewMigrations = defineMigrations([
  {
    version: 2,
    description:
      'statement-level evidence marks and moderation outcomes (new value-only roots) and the overall moderation statement',
    roots: [statementMarks, moderation, moderationStatement],
    up(doc) {
      // The marks and outcomes start empty, so only the statement's text needs building.
      const statement = moderationStatement.of(doc);
      if (!(statement.get(MODERATION_STATEMENT) instanceof Y.Text)) statement.set(MODERATION_STATEMENT, new Y.Text());
    },
  },
]);

/** The review-document schema version this code reads and writes: the last migration's. */
export const SCHEMA_VERSION = reviewMigrations.at(-1)?.version ?? 1;

export class NewerSchemaError extends Error {}

/**
 * Bring a loaded document up to `target`, one migration per transaction, each recording its
 * version so a crash between two leaves a consistent document. Returns the versions passed.
 */
export function migrateReview(
  doc: Y.Doc,
  framework: Framework,
  migrations: readonly Migration[] = reviewMigrations,
  target: number = SCHEMA_VERSION,
): { from: number; to: number } {
  const metaMap = meta.of(doc);
  const from = Number(metaMap.get('schemaVersion') ?? 1);
  if (from > target) {
    throw new NewerSchemaError(`review schema version ${from} is newer than this server understands (${target})`);
  }
  for (const migration of migrations) {
    if (migration.version <= from || migration.version > target) continue;
    doc.transact(() => {
      migration.up(doc, framework);
      metaMap.set('schemaVersion', migration.version);
    }, 'migration');
  }
  return { from, to: Math.max(from, target) };
}
