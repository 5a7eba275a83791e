import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { Limits } from '../../shared/protocol/limits.ts';
import { cellKey, formKey, ratingKey, textKey } from '../../shared/review/keys.ts';
import { Root, SCHEMA_VERSION } from '../../shared/review/roots.ts';
import { phasedFramework as fw, skeletonDoc } from '../../shared/review/test-fixtures.ts';
import {
  BACKUP_FORMAT,
  BACKUP_VERSION,
  BackupFault,
  MAX_BACKUP_BYTES,
  canonicalJson,
  checksumOf,
  encodeBackup,
  parseBackup,
  prepareDocument,
  serialiseBackup,
  type BackupBody,
} from './backup-format.ts';

const AT = '2026-03-02T09:00:00.000Z';
const author = { by: 'u-ada', byName: 'Ada', at: AT };

/** A backup body of a phased review, everything but its document. */
const bodyOf = (): Omit<BackupBody, 'document'> => ({
  format: BACKUP_FORMAT,
  formatVersion: BACKUP_VERSION,
  exportedAt: AT,
  review: { id: 'review-1', title: 'Northfield 2026', createdAt: AT, updatedAt: AT },
  framework: { id: fw.id, version: fw.version, hash: 'sha256:abc' },
  record: { status: 'draft', signOffs: [], finalisedAt: null, finalisedBy: null, archivedAt: null },
  history: [{ at: AT, userId: 'u-ada', userName: 'Ada', criterion: 'c1', kind: 'rating', detail: { level: 'a' } }],
  rounds: [],
  members: [{ name: 'Ada', email: 'ada@la.example', role: 'facilitator' }],
});
const bytes = (text: string) => new TextEncoder().encode(text);
/** A file whose body was changed and sealed again with a correct checksum. */
const sealed = (change: (b: Record<string, unknown>) => void): Uint8Array => {
  const body = { ...bodyOf(), document: '' } as Record<string, unknown>;
  change(body);
  return bytes(JSON.stringify({ ...body, checksum: checksumOf(body as BackupBody) }));
};
const faultOf = (run: () => unknown): string => {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(BackupFault);
    return (error as Error).message;
  }
  throw new Error('expected a BackupFault, and nothing was refused');
};

describe('the backup file', () => {
  it('carries the stored document’s parts as one update, and reads back the same body', () => {
    const doc = skeletonDoc(fw);
    const snapshot = Y.encodeStateAsUpdate(doc);
    const sv = Y.encodeStateVector(doc);
    doc.getMap(Root.ratings).set(ratingKey('t1', 'c1', 'p1'), 'a');
    const update = Y.encodeStateAsUpdate(doc, sv);
    for (const parts of [[Y.encodeStateAsUpdate(doc)], [snapshot, update]]) {
      const { backup, document } = parseBackup(encodeBackup(parts, bodyOf()));
      expect(backup).toEqual({ ...bodyOf(), document: '' });
      const back = new Y.Doc();
      Y.applyUpdate(back, document);
      expect(back.getMap(Root.ratings).get(ratingKey('t1', 'c1', 'p1'))).toBe('a');
      expect(back.getMap(Root.meta).get('title')).toBe(doc.getMap(Root.meta).get('title'));
    }
  });

  it('is sealed over canonical JSON: keys sorted, absent fields left out', () => {
    expect(canonicalJson({ b: 1, a: [null, 'x', { d: undefined, c: true }] })).toBe(
      '{"a":[null,"x",{"c":true}],"b":1}',
    );
    expect(canonicalJson(undefined)).toBe('null');
    const body = { ...bodyOf(), document: '' };
    const reordered = Object.fromEntries(Object.entries(body).reverse()) as BackupBody;
    expect(checksumOf(reordered)).toBe(checksumOf(body));
    expect(checksumOf(body)).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(JSON.parse(serialiseBackup(body))).toEqual({ ...body, checksum: checksumOf(body) });
  });
});

describe('a backup file that cannot be restored', () => {
  it('is refused before reading when over the size limit', () => {
    const huge = { byteLength: MAX_BACKUP_BYTES + 1 } as Uint8Array;
    expect(faultOf(() => parseBackup(huge))).toBe(
      `the backup is ${MAX_BACKUP_BYTES + 1} bytes; the limit is ${MAX_BACKUP_BYTES}`,
    );
  });

  it('is read when exactly at the size limit', () => {
    // Zero bytes are valid UTF-8 but not JSON: a file at the limit gets as far as parsing.
    expect(faultOf(() => parseBackup(new Uint8Array(MAX_BACKUP_BYTES)))).toMatch(
      /^the file is damaged: it is not valid JSON /,
    );
  });

  it('names text that is not UTF-8 or not JSON', () => {
    expect(faultOf(() => parseBackup(new Uint8Array([0x7b, 0xff, 0x7d])))).toMatch(
      /^the file is damaged: it is not valid JSON \(.*(encoded|decode|invalid).*\)$/i,
    );
    expect(faultOf(() => parseBackup(bytes('{"format":')))).toMatch(
      /^the file is damaged: it is not valid JSON \(.*JSON.*\)$/,
    );
  });

  it('says when it is not a Bestfit backup, or a version this Bestfit does not read', () => {
    const notBackup = `this is not a Bestfit review backup (format is not "${BACKUP_FORMAT}")`;
    expect(faultOf(() => parseBackup(bytes('null')))).toBe(notBackup);
    expect(faultOf(() => parseBackup(bytes('{"format":"other"}')))).toBe(notBackup);
    expect(faultOf(() => parseBackup(bytes(`{"format":"${BACKUP_FORMAT}","formatVersion":2}`)))).toBe(
      'backup format version 2 is not one this Bestfit reads (it reads version 1)',
    );
    expect(faultOf(() => parseBackup(bytes(`{"format":"${BACKUP_FORMAT}"}`)))).toBe(
      'backup format version undefined is not one this Bestfit reads (it reads version 1)',
    );
  });

  it('names the first bad field, or the backup itself', () => {
    expect(faultOf(() => parseBackup(sealed((b) => ((b.review as { title: string }).title = ' '))))).toMatch(
      /^the file is damaged: review\.title: /,
    );
    expect(faultOf(() => parseBackup(sealed((b) => (b.extra = 1))))).toMatch(/^the file is damaged: the backup: /);
  });

  it('reads rounds, votes and sign-offs, and times with an offset', () => {
    // The format's name is part of every backup ever written: it must never change.
    expect(BACKUP_FORMAT).toBe('bestfit-review-backup');
    const rounds = ['open', 'revealed', 'closed'].map((status, i) => ({
      id: `round-${i}`,
      criterion: 'criterion-1',
      phase: 'phase-1',
      track: 'track-1',
      status,
      autoReveal: false,
      openedBy: 'u-ada',
      openedAt: '2026-03-02T10:00:00+02:00',
      revealedAt: null,
      closedAt: null,
      agreed: null,
      votes: [{ userId: 'u-ada', name: 'Ada', level: 'b' }],
    }));
    const signOffs = [{ userId: 'u-ada', name: 'Ada', at: AT }];
    const { backup } = parseBackup(
      sealed((b) => {
        b.rounds = rounds;
        (b.record as { signOffs: unknown[] }).signOffs = signOffs;
      }),
    );
    expect(backup.rounds).toEqual(rounds);
    expect(backup.record.signOffs).toEqual(signOffs);
    // Each vote may carry when it was cast (backups before that do not), and it must be a time.
    const timed = [{ ...rounds[2]!, votes: [{ userId: 'u-ada', name: 'Ada', level: 'b', at: AT }] }];
    expect(parseBackup(sealed((b) => (b.rounds = timed))).backup.rounds).toEqual(timed);
    const untimed = [{ ...rounds[2]!, votes: [{ userId: 'u-ada', name: 'Ada', level: 'b', at: 'yesterday' }] }];
    expect(faultOf(() => parseBackup(sealed((b) => (b.rounds = untimed))))).toMatch(
      /^the file is damaged: rounds\.0\.votes\.0\.at: /,
    );
  });

  it('refuses a checksum that is not exactly "sha256:" and 64 hex digits', () => {
    const file = JSON.parse(new TextDecoder().decode(sealed(() => {}))) as Record<string, string>;
    for (const checksum of [`x${file.checksum}`, `${file.checksum}0`]) {
      expect(faultOf(() => parseBackup(bytes(JSON.stringify({ ...file, checksum }))))).toBe(
        'the file is damaged: checksum: must be "sha256:" and 64 hex digits',
      );
    }
  });

  it('is refused when changed after export', () => {
    const file = JSON.parse(new TextDecoder().decode(sealed(() => {}))) as Record<string, unknown>;
    (file.review as { title: string }).title = 'Changed';
    expect(faultOf(() => parseBackup(bytes(JSON.stringify(file))))).toBe(
      'the checksum does not match: the file was changed or damaged after it was exported (tampered or corrupted)',
    );
  });

  it('refuses a document that is not base64, or bigger than a review may be', () => {
    expect(faultOf(() => parseBackup(sealed((b) => (b.document = 'not base64!'))))).toBe(
      'the file is damaged: document: not base64',
    );
    // The real limit (32 MiB) lowered for the test: the check is the same, the file far smaller.
    const limits = Limits as { maxDocumentBytes: number };
    const real = limits.maxDocumentBytes;
    limits.maxDocumentBytes = 16;
    try {
      expect(faultOf(() => parseBackup(sealed((b) => (b.document = Buffer.alloc(17).toString('base64')))))).toBe(
        'document: 17 bytes; a review holds at most 16',
      );
      expect(parseBackup(sealed((b) => (b.document = Buffer.alloc(16).toString('base64')))).document).toHaveLength(16);
    } finally {
      limits.maxDocumentBytes = real;
    }
  });
});

describe('a restored document', () => {
  const meta = { reviewId: 'review-new', title: 'Restored' };
  const prepare = (doc: Y.Doc, check = true) => prepareDocument(Y.encodeStateAsUpdate(doc), fw, meta, check);
  /** The fault a change to a full skeleton makes, or null when it is accepted. */
  const faultAfter = (change: (doc: Y.Doc) => void): string => {
    const doc = skeletonDoc(fw);
    change(doc);
    return faultOf(() => prepare(doc));
  };

  it('gets its new id and title, and a creation time only when one is given', () => {
    const read = (update: Uint8Array) => {
      const doc = new Y.Doc();
      Y.applyUpdate(doc, update);
      return doc.getMap(Root.meta).toJSON();
    };
    const original = skeletonDoc(fw);
    const createdAt = original.getMap(Root.meta).get('createdAt');
    expect(read(prepare(original))).toMatchObject({ reviewId: 'review-new', title: 'Restored', createdAt });
    const copied = prepareDocument(Y.encodeStateAsUpdate(original), fw, { ...meta, createdAt: AT });
    expect(read(copied)).toMatchObject({ reviewId: 'review-new', createdAt: AT });
  });

  it('refuses an update that cannot be decoded, or depends on changes the file lacks', () => {
    expect(faultOf(() => prepareDocument(new Uint8Array([1, 2, 3, 250]), fw, meta))).toBe(
      'document: the Yjs update could not be decoded',
    );
    const doc = skeletonDoc(fw);
    const sv = Y.encodeStateVector(doc);
    doc.getMap(Root.ratings).set(ratingKey('t1', 'c1', 'p1'), 'a');
    const later = Y.encodeStateAsUpdate(doc, sv);
    expect(faultOf(() => prepareDocument(later, fw, meta))).toBe(
      'document: incomplete (it depends on changes missing from the file)',
    );
  });

  it('refuses deletions of content the file lacks', () => {
    const doc = skeletonDoc(fw);
    const text = [...doc.getMap<Y.Text>(Root.focus).values()][0]!;
    text.insert(0, 'draft');
    const sv = Y.encodeStateVector(doc);
    text.delete(0, 5);
    const onlyDeletion = Y.encodeStateAsUpdate(doc, sv);
    expect(faultOf(() => prepareDocument(onlyDeletion, fw, meta))).toBe(
      'document: incomplete (it depends on changes missing from the file)',
    );
  });

  it('does not carry deleted text into the restored review', () => {
    // A document that kept its deleted text (one made with garbage collection off).
    const doc = new Y.Doc({ gc: false });
    Y.applyUpdate(doc, Y.encodeStateAsUpdate(skeletonDoc(fw)));
    const text = [...doc.getMap<Y.Text>(Root.focus).values()][0]!;
    text.insert(0, 'struck-out-words');
    text.delete(0, 16);
    const withDeleted = Y.encodeStateAsUpdate(doc);
    expect(Buffer.from(withDeleted).includes('struck-out-words')).toBe(true);
    expect(Buffer.from(prepareDocument(withDeleted, fw, meta)).includes('struck-out-words')).toBe(false);
  });

  it('refuses a root no review has', () => {
    expect(faultAfter((doc) => doc.getMap('secrets').set('k', 'v'))).toBe('document: unknown root "secrets"');
  });

  it('is not checked against its framework when the caller says so', () => {
    const doc = skeletonDoc(fw);
    doc.getMap(Root.meta).set('frameworkId', 'another');
    expect(() => prepare(doc, false)).not.toThrow();
    // Checked unless told otherwise.
    expect(faultOf(() => prepareDocument(Y.encodeStateAsUpdate(doc), fw, meta))).toMatch(
      /^document: made from framework "another"/,
    );
  });

  it('must be of the framework and version the backup names, at a schema this Bestfit reads', () => {
    expect(faultAfter((doc) => doc.getMap(Root.meta).set('frameworkId', 'another'))).toBe(
      `document: made from framework "another" version ${fw.version}, not the "${fw.id}" version ${fw.version} the backup names`,
    );
    expect(faultAfter((doc) => doc.getMap(Root.meta).set('frameworkVersion', 9))).toBe(
      `document: made from framework "${fw.id}" version 9, not the "${fw.id}" version ${fw.version} the backup names`,
    );
    expect(faultAfter((doc) => doc.getMap(Root.meta).set('schemaVersion', SCHEMA_VERSION + 1))).toBe(
      `document: schema version ${SCHEMA_VERSION + 1} is newer than this Bestfit reads (${SCHEMA_VERSION})`,
    );
    expect(faultAfter((doc) => doc.getMap(Root.meta).set('schemaVersion', '1'))).toMatch(
      /^document: schema version 1 is newer/,
    );
    expect(() => prepare(skeletonDoc(fw))).not.toThrow();
  });

  it('holds only ratings and agreed levels of this framework', () => {
    const key = ratingKey('t1', 'c1', 'p1');
    expect(faultAfter((doc) => doc.getMap(Root.ratings).set(ratingKey('t9', 'c1', 'p1'), 'a'))).toBe(
      'document: ratings "t9/c1/p1": no such track, criterion or phase in this framework',
    );
    expect(faultAfter((doc) => doc.getMap(Root.ratings).set(key, 'z'))).toBe(
      `document: ratings "${key}": not a level of this framework`,
    );
    expect(faultAfter((doc) => doc.getMap(Root.ratings).set(key, 3))).toBe(
      `document: ratings "${key}": not a level of this framework`,
    );
    expect(faultAfter((doc) => doc.getMap(Root.agreed).set('c1/p9', 'a'))).toBe(
      'document: agreed "c1/p9": no such track, criterion or phase in this framework',
    );
    const doc = skeletonDoc(fw);
    doc.getMap(Root.ratings).set(key, 'n/a');
    doc.getMap(Root.agreed).set('c1/p1', 'b');
    expect(() => prepare(doc)).not.toThrow();
  });

  it('holds only well-formed locks on its criteria and well-formed comment statuses', () => {
    expect(faultAfter((doc) => doc.getMap(Root.locks).set('c9', author))).toBe('document: locks "c9": malformed lock');
    expect(faultAfter((doc) => doc.getMap(Root.locks).set('c1', { by: 'u-ada' }))).toBe(
      'document: locks "c1": malformed lock',
    );
    expect(faultAfter((doc) => doc.getMap(Root.commentStatus).set('cm', { resolved: 'yes', ...author }))).toBe(
      'document: commentStatus "cm": malformed comment status',
    );
    const doc = skeletonDoc(fw);
    doc.getMap(Root.locks).set('c1', author);
    doc.getMap(Root.commentStatus).set('comment-1', { resolved: true, ...author });
    expect(() => prepare(doc)).not.toThrow();
  });

  it('has every focus and evidence text, within the length limit, and no others', () => {
    for (const root of [Root.focus, Root.evidence]) {
      const key = textKey('t1', 'c1');
      expect(faultAfter((doc) => doc.getMap(root).delete(key))).toBe(
        `document: ${root} "${key}": missing (every review has it)`,
      );
      expect(faultAfter((doc) => doc.getMap(root).set(key, 'plain string'))).toBe(
        `document: ${root} "${key}": missing (every review has it)`,
      );
      expect(
        faultAfter((doc) =>
          doc
            .getMap<Y.Text>(root)
            .get(key)!
            .insert(0, 'x'.repeat(Limits.maxTextLength + 1)),
        ),
      ).toBe(`document: ${root} "${key}": longer than ${Limits.maxTextLength} characters`);
      expect(faultAfter((doc) => doc.getMap(root).set('t1/c9', new Y.Text()))).toBe(
        `document: ${root} "t1/c9": not part of this framework`,
      );
    }
    const doc = skeletonDoc(fw);
    doc.getMap<Y.Text>(Root.focus).get(textKey('t1', 'c1'))!.insert(0, 'x'.repeat(Limits.maxTextLength));
    expect(() => prepare(doc)).not.toThrow();
  });

  it('has every list of evidence items, comments and added rows, each well formed, and no others', () => {
    const item = { id: 'item-001', text: 'Minutes of the visit', ...author };
    for (const [root, key, what, good] of [
      [Root.evidenceItems, 'c1', 'evidence item', item],
      [Root.comments, 'c1', 'comment', { id: 'comment-1', text: 'Agreed', ...author }],
      [Root.tableRows, 'open', 'table row', { id: 'row-001', ...author }],
    ] as const) {
      expect(
        faultAfter((doc) =>
          doc
            .getMap<Y.Array<unknown>>(root)
            .get(key)!
            .push([{ id: 'x' }]),
        ),
      ).toBe(`document: ${root} "${key}": malformed ${what}`);
      expect(faultAfter((doc) => doc.getMap(root).delete(key))).toBe(
        `document: ${root} "${key}": missing (every review has it)`,
      );
      expect(faultAfter((doc) => doc.getMap(root).set('zz', new Y.Array()))).toBe(
        `document: ${root} "zz": not part of this framework`,
      );
      const doc = skeletonDoc(fw);
      doc.getMap<Y.Array<unknown>>(root).get(key)!.push([good]);
      expect(() => prepare(doc)).not.toThrow();
    }
  });

  it('has every fixed table cell, and cells of added rows only in their table’s columns', () => {
    const fixed = cellKey('fixed', 'r1', 'x');
    expect(faultAfter((doc) => doc.getMap(Root.tableCells).delete(fixed))).toBe(
      `document: tableCells "${fixed}": missing (every review has it)`,
    );
    const withRow = (doc: Y.Doc) =>
      doc
        .getMap<Y.Array<unknown>>(Root.tableRows)
        .get('open')!
        .push([{ id: 'row-001', ...author }]);
    const doc = skeletonDoc(fw);
    withRow(doc);
    doc.getMap(Root.tableCells).set(cellKey('open', 'row-001', 'action'), new Y.Text('Visit'));
    expect(() => prepare(doc)).not.toThrow();
    // Each added row's cells, not only the first row's.
    doc
      .getMap<Y.Array<unknown>>(Root.tableRows)
      .get('open')!
      .push([{ id: 'row-002', ...author }]);
    doc.getMap(Root.tableCells).set(cellKey('open', 'row-002', 'action'), new Y.Text('Call'));
    expect(() => prepare(doc)).not.toThrow();
    for (const key of [
      cellKey('open', 'row-002', 'action'),
      cellKey('open', 'row-001', 'nope'),
      cellKey('fixed', 'row-001', 'x'),
      cellKey('nope', 'row-001', 'action'),
      'open/row-001',
    ]) {
      expect(
        faultAfter((d) => {
          withRow(d);
          d.getMap(Root.tableCells).set(key, new Y.Text());
        }),
      ).toBe(`document: tableCells "${key}": not part of this framework`);
    }
  });

  it('has every form text, grades of the form only, and no other fields', () => {
    const name = formKey('visit', '-', 'name');
    const grade = formKey('visit', 'sec1', 'grade');
    const doc = skeletonDoc(fw);
    expect(doc.getMap(Root.formFields).get(name)).toBeInstanceOf(Y.Text);
    doc.getMap(Root.formFields).set(grade, 'g2');
    expect(() => prepare(doc)).not.toThrow();
    expect(faultAfter((d) => d.getMap(Root.formFields).delete(name))).toBe(
      `document: formFields "${name}": missing (every review has it)`,
    );
    expect(faultAfter((d) => d.getMap(Root.formFields).set(grade, 'g9'))).toBe(
      `document: formFields "${grade}": not a grade of this form`,
    );
    expect(faultAfter((d) => d.getMap(Root.formFields).set(grade, 2))).toBe(
      `document: formFields "${grade}": not a grade of this form`,
    );
    expect(faultAfter((d) => d.getMap(Root.formFields).set('visit/sec1/other', 'g1'))).toBe(
      'document: formFields "visit/sec1/other": not part of this framework',
    );
  });
});
