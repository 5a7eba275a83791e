import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import type { TouchedKey } from '../../shared/review/history.ts';
import { Root } from '../../shared/review/roots.ts';
import { alice, bob } from '../../shared/review/test-fixtures.ts';
import { HistoryRecorder, TEXT_SESSION_MS } from './history-recorder.ts';

const at = (ms: number) => new Date(Date.UTC(2025, 0, 6, 9) + ms);
const rating: TouchedKey = { root: Root.ratings, key: 't1/c1/p1' };
const focus: TouchedKey = { root: Root.focus, key: 't1/c1' };

/** Set a rating in `doc`, recorded as `who` made it at `when`. */
function rate(recorder: HistoryRecorder, doc: Y.Doc, level: string, who = alice, when = at(0)) {
  recorder.record(doc, [rating], who, () => doc.getMap(Root.ratings).set(rating.key, level), when);
}

describe('HistoryRecorder', () => {
  it('records a valued key with its value before and after, by whom and when', () => {
    const recorder = new HistoryRecorder();
    const doc = new Y.Doc();
    rate(recorder, doc, 'good');
    rate(recorder, doc, 'outstanding', bob, at(1000));
    expect(recorder.take()).toEqual([
      {
        at: at(0).toISOString(),
        userId: alice.id,
        userName: alice.name,
        criterion: 'c1',
        kind: 'rating',
        detail: { track: 't1', phase: 'p1', from: null, to: 'good' },
      },
      {
        at: at(1000).toISOString(),
        userId: bob.id,
        userName: bob.name,
        criterion: 'c1',
        kind: 'rating',
        detail: { track: 't1', phase: 'p1', from: 'good', to: 'outstanding' },
      },
    ]);
  });

  it('records nothing when a valued key ends as it was', () => {
    const recorder = new HistoryRecorder();
    const doc = new Y.Doc();
    rate(recorder, doc, 'good');
    recorder.take();
    rate(recorder, doc, 'good', alice, at(1000));
    expect(recorder.take()).toEqual([]);
  });

  it("records one entry per person's typing session in a text", () => {
    const recorder = new HistoryRecorder();
    const doc = new Y.Doc();
    const type = (who: typeof alice, ms: number) => recorder.record(doc, [focus, focus], who, () => {}, at(ms));
    type(alice, 0);
    type(alice, TEXT_SESSION_MS - 1);
    type(bob, 1000);
    type(alice, 2 * TEXT_SESSION_MS);
    const events = recorder.take();
    expect(events.map((e) => [e.kind, e.userId, e.at])).toEqual([
      ['focus', alice.id, at(0).toISOString()],
      ['focus', bob.id, at(1000).toISOString()],
      ['focus', alice.id, at(2 * TEXT_SESSION_MS).toISOString()],
    ]);
    expect(events[0]!.detail).toEqual({ track: 't1' });
  });

  it('records each deleted comment with what it said, outside any typing session', () => {
    const recorder = new HistoryRecorder();
    const removed = { id: 'k1', text: 'Which year?', by: bob.id, byName: bob.name };
    const touched: TouchedKey = { root: Root.comments, key: 'c2', removed: [removed], onlyRemoved: true };
    recorder.record(new Y.Doc(), [touched], alice, () => {}, at(0));
    expect(recorder.take()).toEqual([
      {
        at: at(0).toISOString(),
        userId: alice.id,
        userName: alice.name,
        criterion: 'c2',
        kind: 'comment',
        detail: { deleted: 'Which year?', id: 'k1', author: bob.name },
      },
    ]);
  });

  it('hands each event over once', () => {
    const recorder = new HistoryRecorder();
    rate(recorder, new Y.Doc(), 'good');
    expect(recorder.take()).toHaveLength(1);
    expect(recorder.take()).toEqual([]);
  });

  it('starts a new typing session exactly when the last one has lasted its full length', () => {
    const recorder = new HistoryRecorder();
    const doc = new Y.Doc();
    recorder.record(doc, [focus], alice, () => {}, at(0));
    recorder.record(doc, [focus], alice, () => {}, at(TEXT_SESSION_MS));
    expect(recorder.take().map((e) => e.at)).toEqual([at(0).toISOString(), at(TEXT_SESSION_MS).toISOString()]);
  });

  it('keeps a session per text and per root: two texts typed in one update are two entries', () => {
    const recorder = new HistoryRecorder();
    const other: TouchedKey = { root: Root.focus, key: 't1/c2' };
    const evidence: TouchedKey = { root: Root.evidence, key: 't1/c1' };
    recorder.record(new Y.Doc(), [focus, other, evidence], alice, () => {}, at(0));
    expect(recorder.take().map((e) => [e.kind, e.criterion])).toEqual([
      ['focus', 'c1'],
      ['focus', 'c2'],
      ['evidence', 'c1'],
    ]);
  });

  it('records a text typed by the server itself (no person), once per session', () => {
    const recorder = new HistoryRecorder();
    recorder.record(new Y.Doc(), [focus], null, () => {}, at(0));
    recorder.record(new Y.Doc(), [focus], null, () => {}, at(1000));
    expect(recorder.take()).toEqual([
      {
        at: at(0).toISOString(),
        userId: null,
        userName: null,
        criterion: 'c1',
        kind: 'focus',
        detail: { track: 't1' },
      },
    ]);
  });

  it('records a text made in the update once, as typing, not as a value changed', () => {
    const recorder = new HistoryRecorder();
    const doc = new Y.Doc();
    recorder.record(doc, [focus], alice, () => doc.getMap(Root.focus).set(focus.key, new Y.Text('Attendance')), at(0));
    expect(recorder.take()).toEqual([
      {
        at: at(0).toISOString(),
        userId: alice.id,
        userName: alice.name,
        criterion: 'c1',
        kind: 'focus',
        detail: { track: 't1' },
      },
    ]);
  });

  it('records nothing for a root that keeps no history, even a deletion there', () => {
    const recorder = new HistoryRecorder();
    const removed = { id: 'k1', text: 'x', by: bob.id, byName: bob.name };
    recorder.record(new Y.Doc(), [{ root: Root.meta, key: 'title', removed: [removed] }], alice, () => {}, at(0));
    expect(recorder.take()).toEqual([]);
  });
});
