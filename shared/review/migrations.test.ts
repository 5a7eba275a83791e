import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { NewerSchemaError, defineMigrations, migrateReview, reviewMigrations, type Migration } from './migrations.ts';
import { ReviewDoc } from './accessors.ts';
import { MODERATION_STATEMENT } from './keys.ts';
import { Root, SCHEMA_VERSION } from './roots.ts';
import { alice, copyOf, phasedFramework, skeletonDoc } from './test-fixtures.ts';

const noop = (version: number): Migration => ({ version, description: `to ${version}`, up: () => {} });

/** Migrations to 2, 3 and 4 that log their run and the schema version each one saw. */
function recorded(): { list: Migration[]; ran: { version: number; sawVersion: unknown }[] } {
  const ran: { version: number; sawVersion: unknown }[] = [];
  const list = [2, 3, 4].map((version): Migration => ({
    version,
    description: `add marker ${version}`,
    up(doc, framework) {
      expect(framework).toBe(phasedFramework);
      ran.push({ version, sawVersion: doc.getMap(Root.meta).get('schemaVersion') });
      doc.getMap<string>(Root.ratings).set(`t1/c1/p${version - 1}`, 'a');
    },
  }));
  return { list, ran };
}

const versionOf = (doc: Y.Doc): unknown => doc.getMap(Root.meta).get('schemaVersion');

/** A review as a version-1 server built it: no moderation statement, schema version 1. */
function version1Doc(): Y.Doc {
  const doc = skeletonDoc(phasedFramework);
  doc.transact(() => {
    doc.getMap(Root.moderationStatement).delete(MODERATION_STATEMENT);
    doc.getMap(Root.meta).set('schemaVersion', 1);
  });
  return doc;
}

describe('defineMigrations', () => {
  it('accepts versions 2, 3, … ending at the target', () => {
    const list = [noop(2), noop(3), noop(4)];
    expect(defineMigrations(list, 4)).toBe(list);
    expect(defineMigrations([], 1)).toEqual([]);
  });

  it('rejects a list that does not start at version 2', () => {
    expect(() => defineMigrations([noop(3), noop(4)], 4)).toThrow('migration 0 has version 3; expected 2');
    expect(() => defineMigrations([noop(1), noop(2)], 2)).toThrow('migration 0 has version 1; expected 2');
  });

  it('rejects gaps, repeats and disorder', () => {
    expect(() => defineMigrations([noop(2), noop(4)], 4)).toThrow('migration 1 has version 4; expected 3 (no gaps)');
    expect(() => defineMigrations([noop(2), noop(2), noop(3)], 3)).toThrow('migration 1 has version 2; expected 3');
    expect(() => defineMigrations([noop(3), noop(2)], 3)).toThrow('expected 2');
  });

  it('rejects a list that ends before or after the target', () => {
    expect(() => defineMigrations([noop(2), noop(3)], 4)).toThrow(
      'migrations end at version 3, but the schema version is 4',
    );
    expect(() => defineMigrations([noop(2), noop(3)], 2)).toThrow('end at version 3');
    expect(() => defineMigrations([], 2)).toThrow('migrations end at version 1, but the schema version is 2');
  });

  it('holds for the shipped list and SCHEMA_VERSION', () => {
    expect(() => defineMigrations([...reviewMigrations], SCHEMA_VERSION)).not.toThrow();
    expect(reviewMigrations).toHaveLength(SCHEMA_VERSION - 1);
    reviewMigrations.forEach((m, i) => expect(m.version).toBe(i + 2));
  });
});

describe('migrateReview', () => {
  it('runs every migration above version 1, in order, each seeing the previous one’s version', () => {
    const { list, ran } = recorded();
    const doc = version1Doc();
    expect(versionOf(doc)).toBe(1);
    const result = migrateReview(doc, phasedFramework, defineMigrations(list, 4), 4);
    expect(result).toEqual({ from: 1, to: 4 });
    expect(ran).toEqual([
      { version: 2, sawVersion: 1 },
      { version: 3, sawVersion: 2 },
      { version: 4, sawVersion: 3 },
    ]);
    expect(versionOf(doc)).toBe(4);
    expect(doc.getMap(Root.ratings).toJSON()).toEqual({ 't1/c1/p1': 'a', 't1/c1/p2': 'a', 't1/c1/p3': 'a' });
  });

  it('runs each migration in its own transaction, recording its version in it', () => {
    const { list } = recorded();
    const doc = version1Doc();
    const seen: { origin: unknown; version: unknown; ratings: number }[] = [];
    doc.on('afterTransaction', (tr: Y.Transaction) =>
      seen.push({ origin: tr.origin, version: versionOf(tr.doc), ratings: tr.doc.getMap(Root.ratings).size }),
    );
    migrateReview(doc, phasedFramework, list, 4);
    expect(seen).toEqual([
      { origin: 'migration', version: 2, ratings: 1 },
      { origin: 'migration', version: 3, ratings: 2 },
      { origin: 'migration', version: 4, ratings: 3 },
    ]);
  });

  it('runs only the migrations above the document’s version', () => {
    const { list, ran } = recorded();
    const doc = version1Doc();
    doc.getMap(Root.meta).set('schemaVersion', 3);
    expect(migrateReview(doc, phasedFramework, list, 4)).toEqual({ from: 3, to: 4 });
    expect(ran.map((r) => r.version)).toEqual([4]);
    expect(versionOf(doc)).toBe(4);
  });

  it('runs nothing on a document already at the target', () => {
    const { list, ran } = recorded();
    const doc = version1Doc();
    migrateReview(doc, phasedFramework, list, 4);
    ran.length = 0;
    let updates = 0;
    doc.on('update', () => updates++);
    expect(migrateReview(doc, phasedFramework, list, 4)).toEqual({ from: 4, to: 4 });
    expect(ran).toEqual([]);
    expect(updates).toBe(0);
  });

  it('stops at the target even when the list goes further', () => {
    const { list, ran } = recorded();
    const doc = version1Doc();
    expect(migrateReview(doc, phasedFramework, list, 3)).toEqual({ from: 1, to: 3 });
    expect(ran.map((r) => r.version)).toEqual([2, 3]);
    expect(versionOf(doc)).toBe(3);
  });

  it('treats a document without a schema version as version 1', () => {
    const { list, ran } = recorded();
    const doc = new Y.Doc();
    expect(migrateReview(doc, phasedFramework, list, 4)).toEqual({ from: 1, to: 4 });
    expect(ran.map((r) => r.version)).toEqual([2, 3, 4]);
    expect(versionOf(doc)).toBe(4);
  });

  it('refuses a document newer than the target, and leaves it untouched', () => {
    const { list, ran } = recorded();
    const doc = version1Doc();
    doc.getMap(Root.meta).set('schemaVersion', 5);
    const before = Y.encodeStateAsUpdate(doc);
    expect(() => migrateReview(doc, phasedFramework, list, 4)).toThrow(NewerSchemaError);
    expect(() => migrateReview(doc, phasedFramework, list, 4)).toThrow(
      'review schema version 5 is newer than this server understands (4)',
    );
    expect(ran).toEqual([]);
    expect(Y.encodeStateAsUpdate(doc)).toEqual(before);
  });

  it('leaves the version of the last completed migration when one throws', () => {
    const doc = version1Doc();
    const list = defineMigrations(
      [
        noop(2),
        {
          version: 3,
          description: 'fails',
          up: () => {
            throw new Error('migration 3 failed');
          },
        },
      ],
      3,
    );
    expect(() => migrateReview(doc, phasedFramework, list, 3)).toThrow('migration 3 failed');
    expect(versionOf(doc)).toBe(2);
  });

  it('is a no-op with the shipped migrations on a freshly built review', () => {
    const doc = skeletonDoc(phasedFramework);
    let updates = 0;
    doc.on('update', () => updates++);
    expect(migrateReview(doc, phasedFramework)).toEqual({ from: SCHEMA_VERSION, to: SCHEMA_VERSION });
    expect(updates).toBe(0);
    expect(versionOf(doc)).toBe(SCHEMA_VERSION);
  });

  it('refuses, with the shipped migrations, a document from a newer schema', () => {
    const doc = skeletonDoc(phasedFramework);
    doc.getMap(Root.meta).set('schemaVersion', SCHEMA_VERSION + 1);
    expect(() => migrateReview(doc, phasedFramework)).toThrow(NewerSchemaError);
  });
});

describe('migration 2: statement marks and moderation', () => {
  it('gives a version-1 review its moderation statement, keeps its ratings, and then takes marks and outcomes', () => {
    const doc = version1Doc();
    new ReviewDoc(doc, phasedFramework).setRating('t1', 'c1', 'p1', 'b');
    expect(migrateReview(doc, phasedFramework)).toEqual({ from: 1, to: 2 });
    expect(versionOf(doc)).toBe(2);
    const review = new ReviewDoc(copyOf(doc), phasedFramework);
    expect(review.getRating('t1', 'c1', 'p1')).toBe('b');
    review.moderationStatement().insert(0, 'Moderated in the autumn term.');
    review.setMark('t1', 'c1', 'level:a:0', alice, 'evidenced');
    review.setModeration('c1', 'p1', alice, 'moderator-stands', 'Evidence of impact missing');
    expect(review.getMark('t1', 'c1', 'level:a:0')).toMatchObject({ mark: 'evidenced', items: [], by: alice.id });
    expect(review.getModeration('c1', 'p1')).toMatchObject({ outcome: 'moderator-stands', byName: 'Alice' });
  });

  it('is safe to run on a document that already has the statement', () => {
    const doc = skeletonDoc(phasedFramework);
    const statement = doc.getMap<Y.Text>(Root.moderationStatement).get(MODERATION_STATEMENT)!;
    statement.insert(0, 'kept');
    doc.getMap(Root.meta).set('schemaVersion', 1);
    migrateReview(doc, phasedFramework);
    expect(doc.getMap<Y.Text>(Root.moderationStatement).get(MODERATION_STATEMENT)!.toString()).toBe('kept');
  });
});
