import { describe, expect, it } from 'vitest';
import { frameworkSchema } from '../framework/schema.ts';
import * as Y from 'yjs';
import { agreementOf } from './agreement.ts';
import {
  MODERATION_TRACK,
  defaultOutcome,
  frameworkOfReview,
  moderationTracks,
  withModerationTrack,
} from './moderation.ts';
import { Root } from './roots.ts';
import { builtInFrameworks, phasedFramework } from './test-fixtures.ts';

const fw = new Map(builtInFrameworks().map((f) => [f.id, f]));

describe('moderation tracks and defaults', () => {
  it('takes the authoritative track as the moderator’s', () => {
    expect(moderationTracks(fw.get('ns-la-quality-standards')!)).toEqual({
      self: 'la',
      moderator: 'ns',
      authoritative: true,
    });
    expect(moderationTracks(fw.get('milton-keynes-sif')!)).toEqual({
      self: 'school',
      moderator: 'sip',
      authoritative: true,
    });
  });

  it('has nothing to moderate with one track; without a rule the last track moderates', () => {
    expect(moderationTracks(fw.get('pmqs-3')!)).toBeNull();
    expect(moderationTracks(phasedFramework)).toEqual({ self: 't1', moderator: 't2', authoritative: false });
  });

  it('defaults to agreed on equal ratings, the authoritative view on different ones, else none', () => {
    const ns = moderationTracks(fw.get('ns-la-quality-standards')!)!;
    expect(defaultOutcome(ns, 'good', 'good')).toBe('agreed');
    expect(defaultOutcome(ns, 'good', 'outstanding')).toBe('moderator-stands');
    expect(defaultOutcome(ns, undefined, 'good')).toBeNull();
    const plain = moderationTracks(frameworkSchema.parse({ ...phasedFramework, rules: [] }))!;
    expect(defaultOutcome(plain, 'a', 'b')).toBeNull();
  });
});

describe('the moderation track of a one-track framework', () => {
  it('is added once, the same object every time, and never to a two-track framework', () => {
    const pmqs = fw.get('pmqs-3')!;
    const moderated = withModerationTrack(pmqs);
    expect(moderated.tracks.map((t) => t.id)).toEqual(['self', 'moderation']);
    expect(withModerationTrack(pmqs)).toBe(moderated);
    expect(withModerationTrack(moderated)).toBe(moderated);
    expect(withModerationTrack(phasedFramework)).toBe(phasedFramework);
    expect(moderationTracks(moderated)).toEqual({ self: 'self', moderator: 'moderation', authoritative: false });
  });

  it('is used for a review whose meta says so', () => {
    const pmqs = fw.get('pmqs-3')!;
    const doc = new Y.Doc();
    expect(frameworkOfReview(pmqs, doc)).toBe(pmqs);
    doc.getMap(Root.meta).set('moderationTrack', true);
    expect(frameworkOfReview(pmqs, doc)).toBe(withModerationTrack(pmqs));
  });

  it('gets its own agreement group, after the framework’s tracks', () => {
    const votes = (levels: string[]) => levels.map((level, i) => ({ userId: `u${i}`, name: `U${i}`, level }));
    const round = (id: string, track: string, levels: string[]) =>
      ({ id, criterion: '1.1', phase: '-', track, status: 'closed', votes: votes(levels) }) as const;
    const result = agreementOf(fw.get('pmqs-3')!, [
      round('a', MODERATION_TRACK.id, ['focusing', 'developing']),
      round('b', 'self', ['enhancing', 'enhancing', 'established']),
    ]);
    expect(result.groups.map((g) => g.track)).toEqual(['self', 'moderation']);
  });
});
