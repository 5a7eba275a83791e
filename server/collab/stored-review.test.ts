import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { Root } from '../../shared/review/roots.ts';
import { openStored, runTask } from './stored-review.ts';

/** A stored log: a snapshot, then one update that rates and one that deletes part of a text. */
function storedParts(meta: Record<string, unknown> = {}): { parts: Uint8Array[]; doc: Y.Doc } {
  const doc = new Y.Doc();
  for (const [key, value] of Object.entries(meta)) doc.getMap(Root.meta).set(key, value);
  const text = new Y.Text();
  doc.getMap(Root.focus).set('t1/c1', text);
  text.insert(0, 'Raise attainment');
  const snapshot = Y.encodeStateAsUpdate(doc);
  let before = Y.encodeStateVector(doc);
  doc.getMap(Root.ratings).set('t1/c1/p1', 'b');
  const rated = Y.encodeStateAsUpdate(doc, before);
  before = Y.encodeStateVector(doc);
  text.delete(0, 6);
  const deleted = Y.encodeStateAsUpdate(doc, before);
  return { parts: [snapshot, rated, deleted], doc };
}

describe('openStored', () => {
  it('gives the whole stored log as one state, exactly as a document loaded from the parts encodes it', () => {
    const { parts, doc } = storedParts();
    const opened = openStored(parts);
    const loaded = new Y.Doc();
    for (const part of parts) Y.applyUpdate(loaded, part);
    expect(opened.state).toEqual(Y.encodeStateAsUpdate(loaded));
    const copy = new Y.Doc();
    Y.applyUpdate(copy, opened.state);
    expect(copy.getMap(Root.ratings).get('t1/c1/p1')).toBe('b');
    expect((copy.getMap(Root.focus).get('t1/c1') as Y.Text).toString()).toBe('attainment');
    expect(Y.encodeStateVector(copy)).toEqual(Y.encodeStateVector(doc));
  });

  it("gives the state's vector, naming every writer's clock as the state itself does", () => {
    const { parts, doc } = storedParts();
    const opened = openStored(parts);
    const decoded = Y.decodeStateVector(opened.stateVector);
    expect(decoded).toEqual(Y.decodeStateVector(Y.encodeStateVectorFromUpdate(opened.state)));
    expect(decoded).toEqual(Y.decodeStateVector(Y.encodeStateVector(doc)));
    expect(decoded.size).toBe(1);
  });

  it('gives the deletions alone, as an update without structs', () => {
    const { parts } = storedParts();
    const { deletes } = openStored(parts);
    const decoded = Y.decodeUpdate(deletes);
    expect(decoded.structs).toEqual([]);
    const ranges = [...decoded.ds.clients.values()].flat();
    expect(ranges.reduce((sum, range) => sum + range.len, 0)).toBe(6);
  });

  it('reads the schema version, 1 when the document has none, and whether it has a moderation track', () => {
    expect(openStored(storedParts().parts)).toMatchObject({ schemaVersion: 1, moderationTrack: false });
    expect(openStored(storedParts({ schemaVersion: 7, moderationTrack: true }).parts)).toMatchObject({
      schemaVersion: 7,
      moderationTrack: true,
    });
    // Only `true` itself turns the moderation track on.
    expect(openStored(storedParts({ moderationTrack: 'true' }).parts).moderationTrack).toBe(false);
  });

  it('is what the stored-review thread runs for an open task', () => {
    const { parts } = storedParts({ schemaVersion: 3 });
    expect(runTask({ kind: 'open', parts })).toEqual(openStored(parts));
  });
});
