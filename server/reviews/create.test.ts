import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import * as Y from 'yjs';
import type { Framework } from '../../shared/framework/schema.ts';
import { ReviewDoc } from '../../shared/review/accessors.ts';
import { SCHEMA_VERSION } from '../../shared/review/roots.ts';
import { MODERATION_TRACK } from '../../shared/review/moderation.ts';
import { textKey } from '../../shared/review/keys.ts';
import { builtInFrameworks, phasedFramework, plainFramework } from '../../shared/review/test-fixtures.ts';
import type { FrameworkLibrary } from '../frameworks/library.ts';
import type { Viewer } from '../frameworks/publishing.ts';
import type { ReviewRecord, Store } from '../store/types.ts';
import { UnknownFrameworkError, createReview, newReviewId } from './create.ts';

const T = new Date('2026-03-02T09:00:00.000Z');
const framework = builtInFrameworks()[0]!;
const viewer: Viewer = {
  user: { id: 'u-ada', email: 'ada@la.example', name: 'Ada', isAdmin: false, createdAt: T.toISOString() },
  workspaces: [{ id: 'ws-1', name: 'LA', role: 'owner' }],
};

/** A library that offers one framework in one workspace, and a store that keeps what it is given. */
function setup(offered: Framework = framework) {
  const asked: [Viewer, string, string][] = [];
  const library = {
    usable: (v: Viewer, id: string, workspaceId: string): Promise<Framework | null> => {
      asked.push([v, id, workspaceId]);
      return Promise.resolve(id === offered.id && workspaceId === 'ws-1' ? offered : null);
    },
  } as Pick<FrameworkLibrary, 'usable'> as FrameworkLibrary;
  const created: [ReviewRecord, Uint8Array][] = [];
  const store = {
    createReview: (review: ReviewRecord, state: Uint8Array) => {
      created.push([review, state]);
      return Promise.resolve();
    },
  } as Pick<Store, 'createReview'> as Store;
  return { library, store, asked, created };
}

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(T);
});
afterEach(() => {
  vi.useRealTimers();
});

describe('review ids', () => {
  it('are 16 URL-safe characters, a new one each time', () => {
    const ids = new Set(Array.from({ length: 50 }, newReviewId));
    expect(ids.size).toBe(50);
    for (const id of ids) expect(id).toMatch(/^[A-Za-z0-9_-]{16}$/);
  });
});

describe('createReview', () => {
  it('stores a review of the framework’s latest version, with its whole skeleton built and its details in meta', async () => {
    const s = setup();
    const review = await createReview(s.store, s.library, viewer, {
      frameworkId: framework.id,
      title: 'Autumn review',
      workspaceId: 'ws-1',
    });
    expect(s.asked).toEqual([[viewer, framework.id, 'ws-1']]);
    expect(review).toEqual({
      id: review.id,
      workspaceId: 'ws-1',
      title: 'Autumn review',
      frameworkId: framework.id,
      frameworkVersion: framework.version,
      createdAt: T.toISOString(),
      updatedAt: T.toISOString(),
    });
    expect(review.id).toMatch(/^[A-Za-z0-9_-]{16}$/);
    expect(s.created).toHaveLength(1);
    const [stored, state] = s.created[0]!;
    expect(stored).toEqual(review);
    const doc = new Y.Doc();
    Y.applyUpdate(doc, state);
    expect(new ReviewDoc(doc, framework).meta()).toEqual({
      schemaVersion: SCHEMA_VERSION,
      reviewId: review.id,
      frameworkId: framework.id,
      frameworkVersion: framework.version,
      title: 'Autumn review',
      createdAt: T.toISOString(),
    });
    // The skeleton: a text for every track's focus on every criterion, ready to type into.
    const firstCriterion = framework.sections[0]!.criteria[0]!.id;
    expect(doc.getMap('focus').get(`${framework.tracks[0]!.id}/${firstCriterion}`)).toBeInstanceOf(Y.Text);
  });

  it('refuses a framework the library does not offer this viewer in this workspace, storing nothing', async () => {
    const s = setup();
    for (const [frameworkId, workspaceId] of [
      ['no-such-framework', 'ws-1'],
      [framework.id, 'ws-2'],
    ] as const) {
      const error = await createReview(s.store, s.library, viewer, { frameworkId, title: 'T', workspaceId }).catch(
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(UnknownFrameworkError);
      expect((error as Error).message).toBe(`no framework "${frameworkId}" you can use`);
    }
    expect(s.created).toEqual([]);
  });

  it('gives a one-track framework’s review a moderation track only when asked; a two-track one already has its moderator’s', async () => {
    const made = async (fw: Framework, moderation?: boolean) => {
      const s = setup(fw);
      await createReview(s.store, s.library, viewer, {
        frameworkId: fw.id,
        title: 'T',
        workspaceId: 'ws-1',
        ...(moderation === undefined ? {} : { moderation }),
      });
      const doc = new Y.Doc();
      Y.applyUpdate(doc, s.created[0]![1]);
      return doc;
    };
    const moderatorFocus = textKey(MODERATION_TRACK.id, 'k1');
    const asked = await made(plainFramework, true);
    expect(asked.getMap('meta').get('moderationTrack')).toBe(true);
    expect(asked.getMap('focus').get(moderatorFocus)).toBeInstanceOf(Y.Text);
    expect(asked.getMap('evidence').get(moderatorFocus)).toBeInstanceOf(Y.Text);
    for (const doc of [await made(plainFramework), await made(plainFramework, false)]) {
      expect(doc.getMap('meta').has('moderationTrack')).toBe(false);
      expect(doc.getMap('focus').has(moderatorFocus)).toBe(false);
    }
    // Two tracks: asking changes nothing, and the review is not marked as one given a moderation track.
    const twoTracks = await made(phasedFramework, true);
    expect(twoTracks.getMap('meta').has('moderationTrack')).toBe(false);
    expect([...twoTracks.getMap('focus').keys()].sort()).toEqual(
      [...(await made(phasedFramework)).getMap('focus').keys()].sort(),
    );
  });
});
