import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import type { Framework } from '../framework/schema.ts';
import { ReviewDoc } from './accessors.ts';
import type { TouchedKey } from './history.ts';
import { reviewModel } from './model.ts';
import { SCHOOL_TYPE_KEY, overallKey } from './overall-scopes.ts';
import { Root, defineRoots } from './roots.ts';
import { buildSkeleton } from './skeleton.ts';
import { alice, bob, builtInFrameworks, metaFor, phasedFramework } from './test-fixtures.ts';
import { InvalidUpdateError, checkTransaction, type ChangePolicy } from './validate-update.ts';

const byId = (id: string): Framework => {
  const fw = builtInFrameworks().find((f) => f.id === id);
  if (!fw) throw new Error(`no built-in ${id}`);
  return fw;
};
const mk = byId('milton-keynes-sif');
const leics = byId('leicestershire-behaviour-qa');

const facilitator = (who = alice): ChangePolicy => ({ canEditLocked: true, userId: who.id, isFacilitator: true });
const editor = (who = bob): ChangePolicy => ({ canEditLocked: false, userId: who.id });

/** A server shadow and a client, the client's changes checked as the room checks them. */
function harness(fw: Framework, initial: ChangePolicy) {
  const model = reviewModel(fw);
  const server = new Y.Doc();
  buildSkeleton(server, fw, metaFor(fw));
  const state = { policy: initial, error: null as Error | null, touched: [] as TouchedKey[] };
  /** The shadow the server checks updates on; rebuilt from what was accepted after a refusal, as the room does. */
  const makeShadow = (from: Uint8Array): Y.Doc => {
    const doc = new Y.Doc();
    defineRoots(doc);
    Y.applyUpdate(doc, from, 'load');
    doc.on('afterTransaction', (tr: Y.Transaction) => {
      if (tr.origin === 'load') return;
      try {
        state.touched = checkTransaction(tr, model, state.policy);
      } catch (e) {
        state.error = e instanceof Error ? e : new Error(String(e));
      }
    });
    return doc;
  };
  let shadow = makeShadow(Y.encodeStateAsUpdate(server));
  /** A client document, in step with what the server accepted. */
  const client = (): ReviewDoc => {
    const doc = new Y.Doc();
    Y.applyUpdate(doc, Y.encodeStateAsUpdate(shadow));
    return new ReviewDoc(doc, fw);
  };
  const send = (from: ReviewDoc, policy: ChangePolicy): string | null => {
    state.policy = policy;
    state.error = null;
    state.touched = [];
    const accepted = Y.encodeStateAsUpdate(shadow);
    Y.applyUpdate(shadow, Y.encodeStateAsUpdate(from.doc, Y.encodeStateVector(shadow)), 'client');
    const error = state.error as Error | null;
    if (error === null) return null;
    shadow = makeShadow(accepted);
    if (!(error instanceof InvalidUpdateError)) throw error;
    return error.message;
  };
  return { client, send, state, review: () => new ReviewDoc(shadow, fw) };
}

describe('overalls: recorded by facilitators', () => {
  it('takes a facilitator’s overall with a rationale, and its clearing', () => {
    const h = harness(mk, facilitator());
    const a = h.client();
    a.recordOverall('sip', 'all', alice, { level: 'la3', rationale: 'Progress is expected in every year group.' });
    expect(h.send(a, facilitator())).toBeNull();
    expect(h.review().getOverall('sip', 'all')).toMatchObject({ level: 'la3', by: alice.id, byName: 'Alice' });
    expect(h.state.touched).toEqual([{ root: Root.overalls, key: 'sip/all' }]);
    a.recordOverall('sip', 'all', alice, null);
    expect(h.send(a, facilitator())).toBeNull();
    expect(h.review().getOverall('sip', 'all')).toBeUndefined();
  });

  it('refuses an editor’s or another author’s overall, naming why', () => {
    const h = harness(mk, editor());
    const b = h.client();
    b.recordOverall('sip', 'all', bob, { level: 'la2', rationale: 'Good' });
    expect(h.send(b, editor())).toMatch(/only a facilitator can record or clear an overall/);
    const a = h.client();
    a.recordOverall('sip', 'all', bob, { level: 'la2', rationale: 'Good' });
    expect(h.send(a, facilitator(alice))).toMatch(/must be set by its author \("user-alice"\)/);
  });

  it('refuses an unknown scope or track, a level off the scale, and a missing rationale', () => {
    const h = harness(mk, facilitator());
    const cases: [unknown, string, RegExp][] = [
      [
        { level: 'la1', rationale: 'x', by: alice.id, byName: 'Alice', at: new Date().toISOString() },
        'sip/section:categorisation',
        /no such track and overall/,
      ],
      [
        { level: 'la1', rationale: 'x', by: alice.id, byName: 'Alice', at: new Date().toISOString() },
        'self/all',
        /no such track and overall/,
      ],
      [
        { level: 'great', rationale: 'x', by: alice.id, byName: 'Alice', at: new Date().toISOString() },
        'sip/all',
        /"great" is not a level/,
      ],
      [
        { level: 'la1', rationale: '   ', by: alice.id, byName: 'Alice', at: new Date().toISOString() },
        'sip/all',
        /rationale needs a rationale/,
      ],
      [
        { level: 'la1', rationale: 'x'.repeat(5001), by: alice.id, byName: 'Alice', at: new Date().toISOString() },
        'sip/all',
        /at most 5000/,
      ],
      [{ level: 'la1', rationale: 'x', by: alice.id, byName: 'Alice', at: 'yesterday' }, 'sip/all', /at /],
      ['la1', 'sip/all', /overalls "sip\/all"/],
    ];
    for (const [value, key, message] of cases) {
      const a = h.client();
      a.doc.getMap(Root.overalls).set(key, value);
      expect(h.send(a, facilitator()), key).toMatch(message);
    }
  });

  it('has a key for every track and overall the framework asks for', () => {
    expect([...reviewModel(mk).overallKeys]).toEqual(['sip/all', 'school/all']);
    expect([...reviewModel(leics).overallKeys]).toEqual([
      'self/section:strand-1',
      'self/section:strand-2',
      'self/section:strand-3',
      'self/section:strand-4',
      'self/section:strand-5',
      'self/all',
    ]);
    expect([...reviewModel(phasedFramework).overallKeys]).toContain(overallKey('t2', 'all'));
  });
});

describe('checks: conditions and triggers ticked by anyone who may edit', () => {
  it('takes an editor’s tick, untick and school type', () => {
    const h = harness(mk, editor());
    const b = h.client();
    b.setSchoolType('primary', bob);
    const trigger = b.overallDefinition.checkLists.find((l) => l.kind === 'trigger')!.items[0]!;
    b.setTicked('trigger', trigger.id, bob, true);
    expect(h.send(b, editor())).toBeNull();
    expect(h.review().schoolType()).toBe('primary');
    expect(h.review().isTicked('trigger', trigger.id)).toBe(true);
    b.setTicked('trigger', trigger.id, bob, false);
    expect(h.send(b, editor())).toBeNull();
    expect(h.review().isTicked('trigger', trigger.id)).toBe(false);
  });

  it('refuses unknown items, a type of school that is not one, and ticks in another’s name', () => {
    const h = harness(mk, editor());
    const at = new Date().toISOString();
    const cases: [string, unknown, RegExp][] = [
      ['trigger/b99.0', { by: bob.id, byName: 'Bob', at }, /no such condition or trigger/],
      ['condition/r0.0', { by: bob.id, byName: 'Bob', at }, /no such condition or trigger/],
      [SCHOOL_TYPE_KEY, { value: 'nursery', by: bob.id, byName: 'Bob', at }, /"nursery" is not a type of school/],
      [SCHOOL_TYPE_KEY, { by: bob.id, byName: 'Bob', at }, /is not a type of school/],
      ['trigger/b1.0', { value: 'yes', by: bob.id, byName: 'Bob', at }, /a ticked item carries no value/],
      ['trigger/b1.0', { by: alice.id, byName: 'Alice', at }, /must be set by its author \("user-bob"\)/],
      ['trigger/b1.0', true, /checks "trigger\/b1.0"/],
    ];
    for (const [key, value, message] of cases) {
      const b = h.client();
      b.doc.getMap(Root.checks).set(key, value);
      expect(h.send(b, editor()), key).toMatch(message);
    }
  });

  it('takes a critical criterion ticked by an editor in the LA standards, and refuses one that is not critical', () => {
    const ns = byId('ns-la-quality-standards');
    const h = harness(ns, editor());
    const b = h.client();
    const item = b.overallDefinition.critical[0]!;
    b.setTicked('critical', item.id, bob, true);
    expect(h.send(b, editor())).toBeNull();
    const c = h.client();
    c.doc.getMap(Root.checks).set(`critical/${item.criterion}/${item.phase}/${item.level}/99`, {
      by: bob.id,
      byName: 'Bob',
      at: new Date().toISOString(),
    });
    expect(h.send(c, editor())).toMatch(/no such condition or trigger/);
  });

  it('has no school type in a framework without triggers', () => {
    const h = harness(leics, editor());
    const b = h.client();
    b.doc
      .getMap(Root.checks)
      .set(SCHOOL_TYPE_KEY, { value: 'primary', by: bob.id, byName: 'Bob', at: new Date().toISOString() });
    expect(h.send(b, editor())).toMatch(/no such condition or trigger/);
  });
});

describe('actions: the action plan', () => {
  it('takes priorities and activities from editors, edits by others naming the editor, and deletion by the author', () => {
    const h = harness(mk, editor());
    const b = h.client();
    const priority = b.addPriority(
      { title: 'Raise attainment in KS2 mathematics', currentPosition: 'Below floor' },
      bob,
    );
    const first = b.addAction(
      {
        priority: priority.id,
        what: 'Maths lead observes every class',
        owner: 'Maths lead',
        start: '2026-01-05',
        due: '2026-03-27',
      },
      bob,
    );
    b.addAction(
      { priority: priority.id, what: 'Termly pupil-progress meetings', rag: 'amber', criterion: 'indicators' },
      bob,
    );
    expect(h.send(b, editor())).toBeNull();
    expect(
      h
        .review()
        .actionPlan()
        .priorities[0]?.actions.map((a) => a.what),
    ).toEqual(['Maths lead observes every class', 'Termly pupil-progress meetings']);

    const a = h.client();
    a.updateActionEntry(first.id, { progress: 'Half the classes seen', rag: 'green' }, alice);
    expect(h.send(a, editor(alice))).toBeNull();
    expect(
      h
        .review()
        .actionEntries()
        .find((e) => e.id === first.id),
    ).toMatchObject({ by: bob.id, editedBy: alice.id, rag: 'green' });

    const notMine = h.client();
    notMine.removeActionEntry(first.id, alice);
    expect(h.send(notMine, editor(alice))).toMatch(/only its author or a facilitator can delete it/);
    const byFacilitator = h.client();
    byFacilitator.removeActionEntry(first.id, alice);
    expect(h.send(byFacilitator, facilitator(alice))).toBeNull();
    expect(h.state.touched).toEqual([
      {
        root: Root.actions,
        key: first.id,
        removed: [{ id: first.id, text: 'Maths lead observes every class', by: bob.id, byName: 'Bob' }],
        onlyRemoved: true,
      },
    ]);
    const mine = h.client();
    mine.removeActionEntry(priority.id, bob);
    expect(h.send(mine, editor())).toBeNull();
    expect(h.review().actionEntries()).toEqual([]);
  });

  it('refuses bad entries with a message naming the fault', () => {
    const h = harness(mk, editor());
    const seed = h.client();
    const mineAction = seed.addAction({ what: 'Audit the tracking system' }, bob);
    expect(h.send(seed, editor())).toBeNull();
    const at = new Date().toISOString();
    const base = { kind: 'action', id: 'action-1', order: 1, what: 'Do it', by: bob.id, byName: 'Bob', at };
    const cases: [string, unknown, RegExp][] = [
      ['action-1', { ...base, due: '2026-02-30' }, /due must be a date/],
      ['action-1', { ...base, due: 'next week' }, /due must be a date/],
      ['action-1', { ...base, start: '2026-05-01', due: '2026-04-01' }, /completion date is before the start/],
      ['action-1', { ...base, rag: 'blue' }, /rag/],
      ['action-1', { ...base, what: '  ' }, /needs to say what will be done/],
      ['action-1', { ...base, criterion: '9.9' }, /no criterion "9.9"/],
      ['action-1', { ...base, priority: 'missing-priority' }, /no priority "missing-priority"/],
      ['action-1', { ...base, priority: mineAction.id }, /no priority/],
      ['action-2', base, /id must be its key/],
      ['action-1', { ...base, by: alice.id }, /must be set by its author/],
      ['action-1', { ...base, extra: 1 }, /Unrecognized key/i],
      ['action-1', { ...base, kind: 'task' }, /kind/],
      ['action-1', { ...base, owner: 'x'.repeat(201) }, /owner must be at most 200/],
      ['action-1', 'a string', /actions "action-1"/],
    ];
    for (const [key, value, message] of cases) {
      const b = h.client();
      b.doc.getMap(Root.actions).set(key, value);
      expect(h.send(b, editor()), `${key} ${JSON.stringify(value).slice(0, 80)}`).toMatch(message);
    }
  });

  it('refuses rewriting an entry’s author, its kind, or an edit that does not name its editor', () => {
    const h = harness(mk, editor());
    const b = h.client();
    const action = b.addAction({ what: 'Audit the tracking system' }, bob);
    expect(h.send(b, editor())).toBeNull();
    const a = h.client();
    a.actions.set(action.id, { ...action, by: alice.id, byName: 'Alice', editedBy: alice.id });
    expect(h.send(a, editor(alice))).toMatch(/author and creation time cannot change/);
    const c = h.client();
    c.actions.set(action.id, { ...action, what: 'Changed' });
    expect(h.send(c, editor(alice))).toMatch(/must name its editor \("user-alice"\)/);
    const d = h.client();
    d.doc.getMap(Root.actions).set(action.id, {
      kind: 'priority',
      id: action.id,
      title: 'P',
      order: 1,
      by: bob.id,
      byName: 'Bob',
      at: action.at,
      editedBy: bob.id,
    });
    expect(h.send(d, editor())).toMatch(/cannot become a priority/);
  });

  it('lets an action whose priority was removed meanwhile still be edited', () => {
    const h = harness(mk, editor());
    const b = h.client();
    const priority = b.addPriority({ title: 'Attendance' }, bob);
    expect(h.send(b, editor())).toBeNull();
    // Bob adds an activity while the facilitator removes the priority; both reach the server.
    const late = h.client();
    const action = late.addAction({ what: 'Call home on the first day', priority: priority.id }, bob);
    const remover = h.client();
    remover.removeActionEntry(priority.id, alice);
    expect(h.send(remover, facilitator())).toBeNull();
    expect(h.send(late, editor())).toBeNull();
    expect(
      h
        .review()
        .actionPlan()
        .actions.map((a) => a.id),
    ).toEqual([action.id]);
    const edit = h.client();
    edit.updateActionEntry(action.id, { progress: 'Started' }, bob);
    expect(h.send(edit, editor())).toBeNull();
    const move = h.client();
    move.updateActionEntry(action.id, { priority: 'gone-priority' }, bob);
    expect(h.send(move, editor())).toMatch(/no priority "gone-priority"/);
  });

  it('refuses any change from an observer', () => {
    const h = harness(mk, editor());
    const b = h.client();
    b.addAction({ what: 'Observe' }, bob);
    expect(h.send(b, { canEditLocked: false, userId: bob.id, readOnly: true })).toMatch(/read-only/);
  });
});
