import { describe, expect, it } from 'vitest';
import { frameworkSchema } from '../framework/schema.ts';
import { defaultOutcome, moderationTracks } from './moderation.ts';
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
