import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { historyEvent, historyKinds, isValued } from '../history.ts';
import { phasedFramework, skeletonDoc } from '../test-fixtures.ts';
import { rootModule, shippedRoots } from './registry.ts';
import type { AnyRoot, RootHolds } from './root-module.ts';

/** What each shipped root declares it holds (readers and the docs rely on it; nothing checks it at run time). */
const holds: Record<string, RootHolds> = {
  meta: 'values',
  ratings: 'values',
  agreed: 'values',
  locks: 'values',
  focus: 'texts',
  evidence: 'texts',
  evidenceItems: 'lists',
  comments: 'lists',
  commentStatus: 'values',
  tableCells: 'texts',
  tableRows: 'lists',
  formFields: 'texts-and-values',
  overalls: 'values',
  checks: 'values',
  actions: 'values',
  statementMarks: 'values',
  moderation: 'values',
  moderationStatement: 'texts',
};

const root = (name: string): AnyRoot => {
  const module = rootModule(name);
  if (!module) throw new Error(`no root "${name}"`);
  return module;
};

/** Whether a value the skeleton put in a root's map is of a kind the root says it holds. */
function fits(value: unknown, kind: RootHolds): boolean {
  if (value instanceof Y.Text) return kind === 'texts' || kind === 'texts-and-values';
  if (value instanceof Y.Array) return kind === 'lists';
  return !(value instanceof Y.AbstractType) && (kind === 'values' || kind === 'texts-and-values');
}

const at = '2026-01-01T00:00:00Z';
const who = { id: 'user-alice', name: 'Alice' };
/** The root-specific part of the event a change to `key` under `name` is recorded as. */
function event(name: string, key: string, from?: unknown, to?: unknown) {
  const e = historyEvent({ root: name, key }, who, at, from, to);
  return e && { kind: e.kind, criterion: e.criterion, detail: e.detail };
}

describe('each shipped root declares', () => {
  it('what its map holds, and the skeleton builds nothing else in it', () => {
    expect(Object.fromEntries(shippedRoots.map((r) => [r.name, r.holds]))).toEqual(holds);
    const doc = skeletonDoc(phasedFramework);
    let built = 0;
    for (const r of shippedRoots) {
      for (const [key, value] of r.of(doc).entries()) {
        built++;
        expect(fits(value, r.holds), `${r.name} "${key}" holds ${value?.constructor?.name}`).toBe(true);
      }
    }
    expect(built).toBeGreaterThan(0);
  });

  it('the history kind it records, in the document’s order, and which of them record values', () => {
    expect(historyKinds).toEqual([
      'rating',
      'agreed',
      'lock',
      'focus',
      'evidence',
      'evidence-item',
      'comment',
      'comment-status',
      'table',
      'form',
      'overall',
      'check',
      'action',
      'statement-mark',
      'moderation',
      'moderation-statement',
      'status',
      'review',
    ]);
    const valued = shippedRoots.filter((r) => isValued(r.name)).map((r) => r.name);
    expect(valued).toEqual(['ratings', 'agreed', 'locks', 'overalls', 'checks', 'statementMarks', 'moderation']);
    expect(root('meta').history).toBeUndefined();
    expect(root('tableRows').history).toBeUndefined();
  });

  it('the criterion a key refers to, and none for a key of the wrong shape', () => {
    const cases: [string, string, string | undefined][] = [
      ['ratings', 't1/c1/p1', 'c1'],
      ['ratings', 't1/c1', undefined],
      ['agreed', 'c2/p2', 'c2'],
      ['agreed', 'c2', undefined],
      ['focus', 't2/c3', 'c3'],
      ['focus', 't2/c3/p1', undefined],
      ['evidence', 't1/c1', 'c1'],
      ['evidence', 'c1', undefined],
      ['statementMarks', 't1/c2/s3', 'c2'],
      ['statementMarks', 't1//s3', undefined],
      ['comments', 'c3', 'c3'],
      ['evidenceItems', 'c2', 'c2'],
    ];
    for (const [name, key, criterion] of cases)
      expect(root(name).criterionOf?.(key), `${name} "${key}"`).toBe(criterion);
    // Roots a lock does not freeze name no criterion at all.
    for (const name of ['meta', 'locks', 'commentStatus', 'tableCells', 'moderation', 'moderationStatement'])
      expect('criterionOf' in root(name), name).toBe(false);
  });

  it('the history event of a rating, an agreed level and a lock: the parts of the key, the values before and after', () => {
    expect(event('ratings', 't1/c1/p2', 'a', { level: 'b' })).toEqual({
      kind: 'rating',
      criterion: 'c1',
      detail: { track: 't1', phase: 'p2', from: 'a', to: 'b' },
    });
    expect(event('ratings', 'c1', undefined, 'a')).toEqual({
      kind: 'rating',
      criterion: null,
      detail: { track: null, phase: null, from: null, to: 'a' },
    });
    expect(event('agreed', 'c2/p2', null, 'n/a')).toEqual({
      kind: 'agreed',
      criterion: 'c2',
      detail: { phase: 'p2', from: null, to: 'n/a' },
    });
    expect(event('agreed', 'c2/p2/x', 'a')).toEqual({
      kind: 'agreed',
      criterion: null,
      detail: { phase: null, from: 'a', to: null },
    });
    expect(event('locks', 'c3', undefined, { by: who.id, byName: who.name, at })).toEqual({
      kind: 'lock',
      criterion: 'c3',
      detail: { from: null, to: 'locked' },
    });
  });

  it('the history event of a text, a list and a review-wide root', () => {
    expect(event('focus', 't2/c1')).toEqual({ kind: 'focus', criterion: 'c1', detail: { track: 't2' } });
    expect(event('evidence', 'c1')).toEqual({ kind: 'evidence', criterion: null, detail: { track: null } });
    expect(event('comments', 'c2')).toEqual({ kind: 'comment', criterion: 'c2', detail: {} });
    expect(event('evidenceItems', 'c3')).toEqual({ kind: 'evidence-item', criterion: 'c3', detail: {} });
    expect(event('tableCells', 'open/r1/action')).toEqual({
      kind: 'table',
      criterion: null,
      detail: { key: 'open/r1/action' },
    });
    expect(event('formFields', 'visit/sec1/notes')).toEqual({
      kind: 'form',
      criterion: null,
      detail: { key: 'visit/sec1/notes' },
    });
    expect(event('commentStatus', 'k1')).toEqual({ kind: 'comment-status', criterion: null, detail: { key: 'k1' } });
    expect(event('moderationStatement', 'statement')).toEqual({
      kind: 'moderation-statement',
      criterion: null,
      detail: { key: 'statement' },
    });
    expect(event('meta', 'title')).toBeNull();
    expect(event('tableRows', 'open')).toBeNull();
  });

  it('the history event of a statement mark: its statement, and the marks before and after', () => {
    const mark = (m: string) => ({ mark: m, items: [], by: who.id, byName: who.name });
    expect(event('statementMarks', 't1/c2/s1', mark('partly'), mark('evidenced'))).toEqual({
      kind: 'statement-mark',
      criterion: 'c2',
      detail: { track: 't1', statement: 's1', from: 'partly', to: 'evidenced' },
    });
    expect(event('statementMarks', 't1/c2', undefined, mark('evidenced'))).toEqual({
      kind: 'statement-mark',
      criterion: null,
      detail: { track: null, statement: null, from: null, to: 'evidenced' },
    });
    expect(event('statementMarks', 't1/c2/s1', {}, undefined)).toEqual({
      kind: 'statement-mark',
      criterion: 'c2',
      detail: { track: 't1', statement: 's1', from: null, to: null },
    });
  });

  it('the history event of a moderation outcome: the outcomes before and after, and a reason only when one is given', () => {
    const outcome = (o: string, reason: string) => ({ outcome: o, reason, by: who.id, byName: who.name });
    expect(event('moderation', 'c1/p3', outcome('agreed', ''), outcome('self-stands', 'Evidence is clear'))).toEqual({
      kind: 'moderation',
      criterion: 'c1',
      detail: { phase: 'p3', from: 'agreed', to: 'self-stands', reason: 'Evidence is clear' },
    });
    expect(event('moderation', 'c1/p3', undefined, outcome('agreed', ''))).toEqual({
      kind: 'moderation',
      criterion: 'c1',
      detail: { phase: 'p3', from: null, to: 'agreed' },
    });
    expect(event('moderation', 'c1', {}, undefined)).toEqual({
      kind: 'moderation',
      criterion: null,
      detail: { phase: null, from: null, to: null },
    });
  });

  it('the history event of a decision: its key, what it was and is, and an overall’s rationale', () => {
    expect(event('overalls', 't1/whole', undefined, { level: 'a', rationale: 'Strong', by: who.id })).toEqual({
      kind: 'overall',
      criterion: null,
      detail: { key: 't1/whole', from: null, to: 'a', rationale: 'Strong' },
    });
    expect(event('overalls', 't1/whole', { level: 'a' }, { rationale: 3 })).toEqual({
      kind: 'overall',
      criterion: null,
      detail: { key: 't1/whole', from: 'a', to: 'locked' },
    });
    // An overall cleared: nothing after it, so no rationale (and no error reading one).
    expect(event('overalls', 't1/whole', { level: 'a', rationale: 'Strong' }, undefined)).toEqual({
      kind: 'overall',
      criterion: null,
      detail: { key: 't1/whole', from: 'a', to: null },
    });
    expect(event('checks', 'type', { value: 'primary' }, true)).toEqual({
      kind: 'check',
      criterion: null,
      detail: { key: 'type', from: 'primary', to: 'ticked' },
    });
    expect(event('actions', 'a1')).toEqual({ kind: 'action', criterion: null, detail: { key: 'a1' } });
  });
});
