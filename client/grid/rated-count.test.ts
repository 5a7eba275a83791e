import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { RatedCount } from './rated-count.ts';

function setup(criteria = ['a', 'b', 'c']) {
  const doc = new Y.Doc();
  const ratings = doc.getMap<string>('ratings');
  const agreed = doc.getMap<unknown>('agreed');
  return { doc, ratings, agreed, count: () => new RatedCount(ratings, agreed, criteria, 'self', '-') };
}

describe('RatedCount', () => {
  it('counts ratings already in the document on this track and phase only', () => {
    const { ratings, count } = setup();
    ratings.set('self/a/-', 'l1');
    ratings.set('peer/b/-', 'l1');
    ratings.set('self/c/p2', 'l1');
    ratings.set('self/zz/-', 'l1');
    const c = count();
    expect(c.total).toBe(3);
    expect(c.get()).toBe(1);
  });

  it('follows ratings and agreed ones as they change, telling listeners only when the count moves', () => {
    const { ratings, agreed, count } = setup();
    const c = count();
    let told = 0;
    const off = c.subscribe(() => told++);
    ratings.set('self/a/-', 'l1');
    expect([c.get(), told]).toEqual([1, 1]);
    // Another level for the same criterion: still one rated.
    ratings.set('self/a/-', 'l2');
    expect([c.get(), told]).toEqual([1, 1]);
    // Another track, another phase, an unknown criterion: not counted.
    ratings.set('peer/b/-', 'l1');
    ratings.set('self/b/p2', 'l1');
    ratings.set('self/zz/-', 'l1');
    expect([c.get(), told]).toEqual([1, 1]);
    agreed.set('b/-', 'l1');
    expect([c.get(), told]).toEqual([2, 2]);
    // Rated and agreed: clearing one leaves it counted.
    ratings.set('self/b/-', 'l1');
    agreed.delete('b/-');
    expect([c.get(), told]).toEqual([2, 2]);
    ratings.delete('self/a/-');
    expect([c.get(), told]).toEqual([1, 3]);
    off();
  });

  it('catches up with changes made while nobody listened', () => {
    const { ratings, count } = setup();
    const c = count();
    c.subscribe(() => {})();
    ratings.set('self/a/-', 'l1');
    ratings.set('self/c/-', 'l1');
    const off = c.subscribe(() => {});
    expect(c.get()).toBe(2);
    off();
  });

  it('counts a remote update like a local one', () => {
    const { doc, count } = setup();
    const c = count();
    const off = c.subscribe(() => {});
    const other = new Y.Doc();
    other.getMap<string>('ratings').set('self/c/-', 'l1');
    Y.applyUpdate(doc, Y.encodeStateAsUpdate(other));
    expect(c.get()).toBe(1);
    off();
  });
});
