import { historyKinds } from '../../shared/review/history.ts';
import { createHash } from 'node:crypto';
import * as Y from 'yjs';
import { z } from 'zod';
import type { Framework } from '../../shared/framework/schema.ts';
import { Limits } from '../../shared/protocol/limits.ts';
import { reviewRoles } from '../../shared/protocol/access.ts';
import { reviewStatuses } from '../../shared/protocol/review-record.ts';
import {
  commentSchema,
  commentStatusSchema,
  evidenceItemSchema,
  lockSchema,
  tableRowSchema,
} from '../../shared/review/entities.ts';
import { splitKey } from '../../shared/review/keys.ts';
import { reviewModel } from '../../shared/review/model.ts';
import { Root, SCHEMA_VERSION, defineRoots, rootNames } from '../../shared/review/roots.ts';

/**
 * The JSON backup of one review: everything needed to restore it elsewhere. Pure functions only,
 * so the checks run the same on the worker thread (big files) and in tests.
 */
export const BACKUP_FORMAT = 'bestfit-review-backup';
export const BACKUP_VERSION = 1;
/** Largest backup accepted: the largest document, base64-encoded, with room for its history. */
export const MAX_BACKUP_BYTES = 64 * 1024 * 1024;

const isoTime = z.iso.datetime({ offset: true });
const text = (max: number) => z.string().max(max);
const historyEventSchema = z.strictObject({
  at: isoTime,
  userId: text(200).nullable(),
  userName: text(200).nullable(),
  criterion: text(200).nullable(),
  kind: z.enum(historyKinds),
  detail: z.record(z.string().max(200), text(Limits.maxTextLength).nullable()),
});
const roundSchema = z.strictObject({
  id: text(40).min(1),
  criterion: text(100).min(1),
  phase: text(100).min(1),
  track: text(100).min(1),
  status: z.enum(['open', 'revealed', 'closed']),
  autoReveal: z.boolean(),
  openedBy: text(200),
  openedAt: isoTime,
  revealedAt: isoTime.nullable(),
  closedAt: isoTime.nullable(),
  agreed: text(100).nullable(),
  // `at` since the record kept when each vote was cast; a backup without it restores them at the round's opening.
  votes: z
    .array(z.strictObject({ userId: text(200), name: text(200), level: text(100), at: isoTime.optional() }))
    .max(10_000),
});
const signOffSchema = z.strictObject({ userId: text(200), name: text(200), at: isoTime });
/** Who was on the review; the e-mail only in a facilitator's backup (only facilitators see e-mails). */
const memberSchema = z.strictObject({
  name: text(200),
  email: text(320).min(1).optional(),
  role: z.enum(reviewRoles as ['facilitator', 'editor', 'observer']),
});
export type BackupMember = z.infer<typeof memberSchema>;

export const backupSchema = z.strictObject({
  format: z.literal(BACKUP_FORMAT),
  formatVersion: z.literal(BACKUP_VERSION),
  exportedAt: isoTime,
  review: z.strictObject({
    id: text(100).min(1),
    title: z.string().trim().min(1).max(200),
    createdAt: isoTime,
    updatedAt: isoTime,
  }),
  framework: z.strictObject({
    id: text(200).min(1),
    version: z.number().int().positive(),
    hash: text(200).min(1),
  }),
  record: z.strictObject({
    status: z.enum(reviewStatuses as ['draft', 'moderation', 'final']),
    signOffs: z.array(signOffSchema).max(1000),
    finalisedAt: isoTime.nullable(),
    finalisedBy: text(200).nullable(),
    archivedAt: isoTime.nullable(),
  }),
  /** The whole document as one Yjs update, base64. */
  document: z.string().max(MAX_BACKUP_BYTES),
  history: z.array(historyEventSchema).max(1_000_000),
  rounds: z.array(roundSchema).max(100_000),
  /** Absent from backups made before members were kept. */
  members: z.array(memberSchema).max(10_000).optional(),
  /** "sha256:" and the hex digest of the canonical JSON of every other field. */
  checksum: z.string().regex(/^sha256:[0-9a-f]{64}$/, 'must be "sha256:" and 64 hex digits'),
});
export type Backup = z.infer<typeof backupSchema>;
export type BackupBody = Omit<Backup, 'checksum'>;

/** JSON with object keys sorted, so the checksum does not depend on the order fields were written in. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  const entries = Object.keys(value)
    .sort()
    .filter((k) => (value as Record<string, unknown>)[k] !== undefined)
    .map((k) => `${JSON.stringify(k)}:${canonicalJson((value as Record<string, unknown>)[k])}`);
  return `{${entries.join(',')}}`;
}

export const checksumOf = (body: BackupBody): string =>
  `sha256:${createHash('sha256').update(canonicalJson(body)).digest('hex')}`;

/** A backup as a file: the body with its checksum. */
export function serialiseBackup(body: BackupBody): string {
  return JSON.stringify({ ...body, checksum: checksumOf(body) });
}

/** The backup file's bytes, from the stored document's parts (snapshot and updates) and the rest. */
export function encodeBackup(parts: Uint8Array[], body: Omit<BackupBody, 'document'>): Uint8Array {
  // mergeUpdates hands a single update back as it is.
  const update = Y.mergeUpdates(parts);
  const document = Buffer.from(update.buffer, update.byteOffset, update.byteLength).toString('base64');
  return new TextEncoder().encode(serialiseBackup({ ...body, document }));
}

/** A backup that cannot be restored, with a message naming the fault (answered with 400). */
export class BackupFault extends Error {}

const base64 = /^[A-Za-z0-9+/]*={0,2}$/;

/** Parse and check a backup file's bytes: JSON, format, fields, checksum. Throws BackupFault. */
export function parseBackup(bytes: Uint8Array): { backup: BackupBody; document: Uint8Array } {
  if (bytes.byteLength > MAX_BACKUP_BYTES) {
    throw new BackupFault(`the backup is ${bytes.byteLength} bytes; the limit is ${MAX_BACKUP_BYTES}`);
  }
  let json: unknown;
  try {
    json = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
  } catch (error) {
    // Both the decoder and JSON.parse throw Errors (JSON.parse is iterative: no depth limit to hit).
    throw new BackupFault(`the file is damaged: it is not valid JSON (${(error as Error).message})`);
  }
  const format = (json as { format?: unknown } | null)?.format;
  if (format !== BACKUP_FORMAT)
    throw new BackupFault(`this is not a Bestfit review backup (format is not "${BACKUP_FORMAT}")`);
  const version = (json as { formatVersion?: unknown }).formatVersion;
  if (version !== BACKUP_VERSION) {
    throw new BackupFault(
      `backup format version ${JSON.stringify(version)} is not one this Bestfit reads (it reads version ${BACKUP_VERSION})`,
    );
  }
  const parsed = backupSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new BackupFault(`the file is damaged: ${issue.path.join('.') || 'the backup'}: ${issue.message}`);
  }
  const { checksum, ...body } = parsed.data;
  if (checksumOf(body) !== checksum) {
    throw new BackupFault(
      'the checksum does not match: the file was changed or damaged after it was exported (tampered or corrupted)',
    );
  }
  if (!base64.test(body.document)) throw new BackupFault('the file is damaged: document: not base64');
  const document = new Uint8Array(Buffer.from(body.document, 'base64'));
  if (document.byteLength > Limits.maxDocumentBytes) {
    throw new BackupFault(`document: ${document.byteLength} bytes; a review holds at most ${Limits.maxDocumentBytes}`);
  }
  return { backup: { ...body, document: '' }, document };
}

/**
 * Check a backup's document against its framework, the way the server checks every update, and
 * give it its new review id and title. Resolves with the document to store. Throws BackupFault.
 */
export function prepareDocument(
  update: Uint8Array,
  framework: Framework,
  meta: { reviewId: string; title: string; createdAt?: string },
  check = true,
): Uint8Array {
  // Garbage collection on (Yjs's default): deleted text is not carried into the restored review.
  // Local to the call, with no observers or subdocuments: nothing to destroy afterwards.
  const doc = new Y.Doc();
  try {
    Y.applyUpdate(doc, update);
  } catch {
    throw new BackupFault('document: the Yjs update could not be decoded');
  }
  if (doc.store.pendingStructs !== null || doc.store.pendingDs !== null) {
    throw new BackupFault('document: incomplete (it depends on changes missing from the file)');
  }
  for (const name of doc.share.keys()) {
    if (!(rootNames as readonly string[]).includes(name)) throw new BackupFault(`document: unknown root "${name}"`);
  }
  defineRoots(doc);
  if (check) checkContent(doc, framework);
  doc.transact(() => {
    const m = doc.getMap(Root.meta);
    m.set('reviewId', meta.reviewId);
    m.set('title', meta.title);
    if (meta.createdAt) m.set('createdAt', meta.createdAt);
  });
  return Y.encodeStateAsUpdate(doc);
}

function checkContent(doc: Y.Doc, fw: Framework): void {
  const model = reviewModel(fw);
  const fault = (root: string, key: string, what: string): never => {
    throw new BackupFault(`document: ${root} "${key}": ${what}`);
  };
  const meta = doc.getMap(Root.meta);
  if (meta.get('frameworkId') !== fw.id || meta.get('frameworkVersion') !== fw.version) {
    throw new BackupFault(
      `document: made from framework "${String(meta.get('frameworkId'))}" version ${String(meta.get('frameworkVersion'))}, not the "${fw.id}" version ${fw.version} the backup names`,
    );
  }
  const schema = meta.get('schemaVersion');
  if (typeof schema !== 'number' || schema > SCHEMA_VERSION) {
    throw new BackupFault(
      `document: schema version ${String(schema)} is newer than this Bestfit reads (${SCHEMA_VERSION})`,
    );
  }
  const values = (root: string, keys: Set<string>) => {
    for (const [key, value] of doc.getMap(root)) {
      if (!keys.has(key)) fault(root, key, 'no such track, criterion or phase in this framework');
      // A set of strings holds nothing else, so it answers for the value's type too.
      if (!(model.ratingValues as ReadonlySet<unknown>).has(value)) fault(root, key, 'not a level of this framework');
    }
  };
  values(Root.ratings, model.ratingKeys);
  values(Root.agreed, model.agreedKeys);
  for (const [key, value] of doc.getMap(Root.locks)) {
    if (!model.criteria.has(key) || !lockSchema.safeParse(value).success) fault(Root.locks, key, 'malformed lock');
  }
  for (const [key, value] of doc.getMap(Root.commentStatus)) {
    if (!commentStatusSchema.safeParse(value).success) fault(Root.commentStatus, key, 'malformed comment status');
  }
  const texts = (root: string, keys: Iterable<string>) => {
    const map = doc.getMap(root);
    const allowed = new Set(keys);
    for (const key of allowed) {
      const value = map.get(key);
      if (!(value instanceof Y.Text)) fault(root, key, 'missing (every review has it)');
      else if (value.length > Limits.maxTextLength) fault(root, key, `longer than ${Limits.maxTextLength} characters`);
    }
    return allowed;
  };
  const onlyKnown = (root: string, allowed: (key: string) => boolean) => {
    for (const key of doc.getMap(root).keys()) if (!allowed(key)) fault(root, key, 'not part of this framework');
  };
  const textKeys = texts(Root.focus, model.textKeys);
  onlyKnown(Root.focus, (k) => textKeys.has(k));
  texts(Root.evidence, model.textKeys);
  onlyKnown(Root.evidence, (k) => textKeys.has(k));
  const arrays = (root: string, keys: Iterable<string>, item: z.ZodType, what: string) => {
    const map = doc.getMap(root);
    const allowed = new Set(keys);
    for (const key of allowed) {
      const value = map.get(key);
      if (!(value instanceof Y.Array)) fault(root, key, 'missing (every review has it)');
      else
        for (const entry of value.toArray()) if (!item.safeParse(entry).success) fault(root, key, `malformed ${what}`);
    }
    onlyKnown(root, (k) => allowed.has(k));
  };
  arrays(Root.evidenceItems, model.criteria, evidenceItemSchema, 'evidence item');
  arrays(Root.comments, model.criteria, commentSchema, 'comment');
  arrays(Root.tableRows, model.openTables.keys(), tableRowSchema, 'table row');
  const rows = doc.getMap<Y.Array<{ id: string }>>(Root.tableRows);
  const cells = texts(Root.tableCells, model.cellKeys);
  onlyKnown(Root.tableCells, (key) => {
    if (cells.has(key)) return true;
    const parts = splitKey(key, 3);
    if (!parts) return false;
    const [table, row, column] = parts as [string, string, string];
    // Every open table's row list was required above, so an open table always has one here.
    const added = rows.get(table)!;
    return !!model.openTables.get(table)?.includes(column) && added.toArray().some((r) => r.id === row);
  });
  const fields = doc.getMap(Root.formFields);
  texts(Root.formFields, model.formTextKeys);
  for (const [key, value] of fields) {
    if (model.formTextKeys.has(key)) continue;
    const grades = model.formGradeKeys.get(key);
    if (!grades) fault(Root.formFields, key, 'not part of this framework');
    else if (!(grades as ReadonlySet<unknown>).has(value)) fault(Root.formFields, key, 'not a grade of this form');
  }
}
