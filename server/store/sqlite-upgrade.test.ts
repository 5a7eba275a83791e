import Database from 'better-sqlite3';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { LiveReview, contentOf, contractFramework, frameworkRecord, rebuild } from './contract.ts';
import { sqliteMigrations } from './sqlite-schema.ts';
import { SqliteStore, migrateSqlite } from './sqlite.ts';

/**
 * Every path an installed database can take to today's schema: a database left at each older
 * version, holding the data that version could hold, is opened by the current code.
 */
const fw = contractFramework();
const T = '2024-03-01T10:00:00.000Z';
const FUTURE = '2999-01-01T00:00:00.000Z';

/** One review's document, written at version 1 as a snapshot and two updates. */
const live = new LiveReview(fw, 'old-review');
const snapshot = live.initialState();
const [update1, update2] = live.edits(1, 2) as [Uint8Array, Uint8Array];
const update3 = live.edit(3);

/** What each schema version could hold, written with the SQL of that version. */
const seeds: Record<number, (db: Database.Database) => void> = {
  1: (db) => {
    const record = frameworkRecord(fw);
    db.prepare('INSERT INTO frameworks (id, version, hash, body, source, created_at) VALUES (?, ?, ?, ?, ?, ?)').run(
      fw.id,
      fw.version,
      record.hash,
      JSON.stringify(fw),
      'built-in',
      T,
    );
    db.prepare(
      'INSERT INTO reviews (id, title, framework_id, framework_version, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)',
    ).run('old-review', 'Review from version 1', fw.id, fw.version, T, T);
    db.prepare('INSERT INTO review_snapshots (review_id, upto_seq, data, created_at) VALUES (?, 0, ?, ?)').run(
      'old-review',
      snapshot,
      T,
    );
    const insert = db.prepare('INSERT INTO review_updates (review_id, seq, data, created_at) VALUES (?, ?, ?, ?)');
    insert.run('old-review', 1, update1, T);
    insert.run('old-review', 2, update2, T);
  },
  2: (db) => {
    db.prepare(
      'INSERT INTO users (id, email, name, password_hash, is_admin, created_at) VALUES (?, ?, ?, ?, 1, ?)',
    ).run('user-old', 'old@la.example', 'Old Admin', 'scrypt$not-a-real-hash', T);
    db.prepare('INSERT INTO sessions (token_hash, user_id, created_at, expires_at) VALUES (?, ?, ?, ?)').run(
      'session-hash',
      'user-old',
      T,
      FUTURE,
    );
    db.prepare('INSERT INTO api_tokens (token_hash, id, user_id, name, created_at) VALUES (?, ?, ?, ?, ?)').run(
      'token-hash',
      'token-old',
      'user-old',
      'script',
      T,
    );
    db.prepare('INSERT INTO workspaces (id, name, created_at) VALUES (?, ?, ?)').run('ws-old', 'Old partnership', T);
    db.prepare('INSERT INTO workspace_members (workspace_id, user_id, role) VALUES (?, ?, ?)').run(
      'ws-old',
      'user-old',
      'owner',
    );
    db.prepare('UPDATE reviews SET workspace_id = ? WHERE id = ?').run('ws-old', 'old-review');
    db.prepare(
      'INSERT INTO invites (id, token_hash, review_id, role, created_by, created_at, expires_at) VALUES (?, ?, ?, ?, ?, ?, ?)',
    ).run('invite-old', 'invite-hash', 'old-review', 'editor', 'user-old', T, FUTURE);
    db.prepare(
      'INSERT INTO review_members (review_id, user_id, role, invite_id, created_at) VALUES (?, ?, ?, ?, ?)',
    ).run('old-review', 'user-old', 'facilitator', null, T);
    db.prepare('INSERT INTO review_updates (review_id, seq, data, created_at, user_id) VALUES (?, ?, ?, ?, ?)').run(
      'old-review',
      3,
      update3,
      T,
      'user-old',
    );
  },
  3: (db) => {
    db.prepare(
      'INSERT INTO review_history (review_id, seq, at, user_id, user_name, criterion, kind, detail) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
    ).run('old-review', 3, T, 'user-old', 'Old Admin', 'c1', 'rating', JSON.stringify({ from: null, to: 'high' }));
  },
  4: (db) => {
    db.prepare(
      `INSERT INTO meeting_rounds (id, review_id, criterion, phase, track, status, auto_reveal, opened_by, opened_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ).run('round-old', 'old-review', 'c1', '-', 'self', 'open', 1, 'user-old', T);
    db.prepare('INSERT INTO meeting_votes (round_id, user_id, user_name, level, at) VALUES (?, ?, ?, ?, ?)').run(
      'round-old',
      'user-old',
      'Old Admin',
      'high',
      T,
    );
  },
};

/** A database file left at schema version `version`, with the data each version up to it could hold. */
function databaseAt(path: string, version: number): void {
  const db = new Database(path);
  try {
    db.pragma('foreign_keys = ON');
    for (let v = 1; v <= version; v++) {
      db.transaction(() => {
        db.exec(sqliteMigrations[v - 1]!);
        db.pragma(`user_version = ${v}`);
        seeds[v]?.(db);
      })();
    }
  } finally {
    db.close();
  }
}

/** Tables, columns, indexes and constraints, as SQLite records them. */
function schemaOf(path: string): { type: string; name: string; sql: string | null }[] {
  const db = new Database(path, { readonly: true });
  try {
    return db
      .prepare<[], { type: string; name: string; sql: string | null }>(
        "SELECT type, name, sql FROM sqlite_master WHERE name NOT LIKE 'sqlite_%' ORDER BY type, name",
      )
      .all();
  } finally {
    db.close();
  }
}

/** Opening the store upgrades the database; a failure says which upgrade broke, not only what SQLite missed. */
function openUpgraded(path: string, version: number): SqliteStore {
  try {
    return new SqliteStore(path);
  } catch (error) {
    throw new Error(`upgrading a database from schema version ${version} failed: ${(error as Error).message}`, {
      cause: error,
    });
  }
}

describe('upgrading an existing SQLite database', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'bestfit-upgrade-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  const olderVersions = Array.from({ length: sqliteMigrations.length - 1 }, (_, i) => i + 1);
  it.each(olderVersions)('upgrades from version %i with every row intact and today’s schema', async (version) => {
    const path = join(dir, 'bestfit.db');
    databaseAt(path, version);
    const fresh = join(dir, 'fresh.db');
    const freshDb = new Database(fresh);
    migrateSqlite(freshDb);
    freshDb.close();

    const store = openUpgraded(path, version);
    try {
      // Every pending migration ran, in order, and nothing was skipped.
      const db = new Database(path, { readonly: true });
      expect(db.pragma('user_version', { simple: true }), `schema version after upgrading from ${version}`).toBe(
        sqliteMigrations.length,
      );
      db.close();
      expect(schemaOf(path), `schema after upgrading from version ${version}`).toEqual(schemaOf(fresh));

      // Version 1's data: the framework, the review and its document.
      expect((await store.getFramework(fw.id, fw.version))?.framework).toEqual(fw);
      const review = await store.getReview('old-review');
      expect(review).toMatchObject({ title: 'Review from version 1', frameworkId: fw.id, createdAt: T });
      expect(review?.workspaceId).toBe(version >= 2 ? 'ws-old' : null);
      const stored = await store.loadDocument('old-review');
      expect(stored.lastSeq).toBe(version >= 2 ? 3 : 2);
      const expected = new Y.Doc();
      for (const u of [snapshot, update1, update2, ...(version >= 2 ? [update3] : [])]) Y.applyUpdate(expected, u);
      expect(contentOf(rebuild(stored))).toEqual(contentOf(expected));

      // Later versions' data, where the database had reached them.
      if (version >= 2) {
        expect(await store.access.userById('user-old')).toMatchObject({ email: 'old@la.example', isAdmin: true });
        expect((await store.access.sessionUser('session-hash', T))?.id).toBe('user-old');
        expect((await store.access.tokenUser('token-hash'))?.id).toBe('user-old');
        expect((await store.access.workspacesOf('user-old')).map((w) => w.name)).toEqual(['Old partnership']);
        expect(await store.access.reviewRole('old-review', 'user-old')).toBe('facilitator');
        expect((await store.access.invites('old-review')).map((i) => i.id)).toEqual(['invite-old']);
      }
      if (version >= 3) {
        expect(await store.history('old-review')).toEqual([
          expect.objectContaining({ userName: 'Old Admin', criterion: 'c1', kind: 'rating' }),
        ]);
      }
      if (version >= 4) {
        const [round] = await store.meeting.rounds('old-review');
        expect(round).toMatchObject({
          id: 'round-old',
          status: 'open',
          votes: [{ userId: 'user-old', level: 'high' }],
        });
      }

      // The upgraded database takes every kind of write today's code makes.
      const seq = await store.appendUpdates('old-review', [live.edit(4)], 'user-old', [
        { at: T, userId: 'user-old', userName: 'Old Admin', criterion: 'c2', kind: 'rating', detail: {} },
      ]);
      expect(seq).toBe(stored.lastSeq + 1);
      expect((await store.history('old-review', 'c2')).map((e) => e.userName)).toEqual(['Old Admin']);
      await store.compact('old-review', Y.encodeStateAsUpdate(live.doc), seq);
      expect(contentOf(rebuild(await store.loadDocument('old-review')))).toEqual(contentOf(live.doc));
      await store.meeting.openRound({
        id: 'round-new',
        reviewId: 'old-review',
        criterion: 'c2',
        phase: '-',
        track: 'self',
        status: 'open',
        autoReveal: false,
        openedBy: 'user-old',
        openedAt: T,
        revealedAt: null,
        closedAt: null,
        agreed: null,
        votes: [],
      });
      expect((await store.meeting.rounds('old-review')).map((r) => r.id)).toContain('round-new');
    } finally {
      await store.close();
    }
  });
});
