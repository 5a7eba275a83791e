import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { SyncType } from '../../shared/protocol/messages.ts';
import { ColdState } from './cold-state.ts';
import { syncStep1, syncStep2 } from './messages.ts';
import { openStored } from './stored-review.ts';

/** A document with some text, some of it deleted: the stored review. */
function storedDoc(): Y.Doc {
  const doc = new Y.Doc();
  doc.getText('t').insert(0, 'hello world');
  doc.getText('t').delete(0, 6);
  doc.getMap('m').set('k', 'v');
  return doc;
}

/** The cold state of `doc` as the room loads it. */
const coldOf = (doc: Y.Doc) => new ColdState(openStored([Y.encodeStateAsUpdate(doc)]));

/** The payload of a sync frame, after checking its type. */
function payloadOf(frame: Uint8Array, type: number): Uint8Array {
  const d = decoding.createDecoder(frame);
  decoding.readVarUint(d);
  expect(decoding.readVarUint(d)).toBe(type);
  return decoding.readVarUint8Array(d);
}

/** A document with what a sync step 2 frame carries applied on top of `base`. */
function applied(frame: Uint8Array, base = new Y.Doc()): Y.Doc {
  Y.applyUpdate(base, payloadOf(frame, SyncType.step2));
  return base;
}

type Ranges = [client: number, ranges: [clock: number, len: number][]][];

/** An update with no structs and exactly these deletions, in this order (as a client could send it). */
function deletions(clients: Ranges): Uint8Array {
  const e = encoding.createEncoder();
  encoding.writeVarUint(e, 0);
  encoding.writeVarUint(e, clients.length);
  for (const [client, ranges] of clients) {
    encoding.writeVarUint(e, client);
    encoding.writeVarUint(e, ranges.length);
    for (const [clock, len] of ranges) {
      encoding.writeVarUint(e, clock);
      encoding.writeVarUint(e, len);
    }
  }
  return encoding.toUint8Array(e);
}

/** An empty document whose stored deletions are `held`. */
const holding = (held: Ranges) =>
  new ColdState({
    state: Y.encodeStateAsUpdate(new Y.Doc()),
    stateVector: Y.encodeStateVector(new Y.Doc()),
    deletes: deletions(held),
  });

describe('ColdState', () => {
  it('holds the stored document as one update, with its state vector, and sends that vector first', () => {
    const doc = storedDoc();
    const cold = coldOf(doc);
    const copy = new Y.Doc();
    Y.applyUpdate(copy, cold.encoded);
    expect(copy.getText('t').toString()).toBe('world');
    expect(copy.getMap('m').get('k')).toBe('v');
    expect(cold.stateVector).toEqual(Y.encodeStateVector(doc));
    expect(cold.step1()).toEqual(syncStep1(doc));
  });

  it('sends a joiner with nothing the whole document, the one kept frame each time', () => {
    const doc = storedDoc();
    const cold = coldOf(doc);
    const first = cold.step2(Y.encodeStateVector(new Y.Doc()));
    expect(applied(first).getText('t').toString()).toBe('world');
    expect(cold.step2(Y.encodeStateVector(new Y.Doc()))).toBe(first);
  });

  it('sends a joiner with part of the document only what it lacks', () => {
    const doc = new Y.Doc();
    doc.getText('t').insert(0, 'hello');
    const joiner = new Y.Doc();
    Y.applyUpdate(joiner, Y.encodeStateAsUpdate(doc));
    doc.getText('t').insert(5, ' world');
    const cold = coldOf(doc);
    const reply = cold.step2(Y.encodeStateVector(joiner));
    expect(reply).toEqual(syncStep2(doc, Y.encodeStateVector(joiner)));
    expect(reply.byteLength).toBeLessThan(cold.step2(Y.encodeStateVector(new Y.Doc())).byteLength);
    expect(applied(reply, joiner).getText('t').toString()).toBe('hello world');
  });

  it('tells a joiner’s reply to step 1 (nothing new, deletions it holds) from a change', () => {
    const doc = storedDoc();
    const cold = coldOf(doc);
    const joiner = new Y.Doc();
    Y.applyUpdate(joiner, Y.encodeStateAsUpdate(doc));
    const reply = () => Y.encodeStateAsUpdate(joiner, cold.stateVector);
    expect(cold.adds(reply())).toBe(false);
    // A deletion of stored text adds no struct, only a deletion the document does not hold.
    joiner.getText('t').delete(0, 1);
    expect(cold.adds(reply())).toBe(true);
    const writer = new Y.Doc();
    Y.applyUpdate(writer, Y.encodeStateAsUpdate(doc));
    writer.getMap('m').set('k2', 'v2');
    expect(cold.adds(Y.encodeStateAsUpdate(writer, cold.stateVector))).toBe(true);
  });

  it('leaves an update it cannot decode to the document to judge', () => {
    const cold = coldOf(storedDoc());
    expect(cold.adds(new Uint8Array([1, 2, 3, 250, 250]))).toBe(true);
  });

  it('recognises repeats of stored deletions given out of order, touching, overlapping and contained', () => {
    // Merged, client 7 holds [0, 10) and [20, 30); client 9 holds [5, 8).
    const cold = holding([
      [
        7,
        [
          [6, 4],
          [20, 5],
          [0, 2],
          [2, 2],
          [4, 3],
          [1, 1],
          [25, 5],
        ],
      ],
      [9, [[5, 3]]],
    ]);
    const repeats: Ranges = [
      [7, [[0, 10]]],
      [7, [[1, 8]]],
      [7, [[3, 4]]],
      [7, [[20, 10]]],
      [7, [[22, 3]]],
      [7, [[29, 1]]],
      [9, [[5, 3]]],
      [9, [[6, 1]]],
      [
        7,
        [
          [0, 1],
          [26, 2],
        ],
      ],
    ];
    for (const repeat of repeats) expect(cold.adds(deletions([repeat])), JSON.stringify(repeat)).toBe(false);
    for (const beyond of [
      [7, [[30, 1]]],
      [7, [[29, 2]]],
      [7, [[10, 1]]],
    ] satisfies Ranges)
      expect(cold.adds(deletions([beyond])), JSON.stringify(beyond)).toBe(true);
  });

  it('sees a deletion past, between, before or beyond the stored ones, or of another client, as news', () => {
    const cold = holding([
      [
        7,
        [
          [10, 5],
          [30, 5],
          [50, 5],
        ],
      ],
    ]);
    const news: Ranges = [
      [7, [[0, 1]]],
      [7, [[9, 2]]],
      [7, [[12, 4]]],
      [7, [[15, 1]]],
      [7, [[20, 1]]],
      [7, [[34, 2]]],
      [7, [[10, 26]]],
      [7, [[55, 1]]],
      [7, [[60, 3]]],
      [8, [[10, 1]]],
      [
        7,
        [
          [10, 1],
          [40, 1],
        ],
      ],
    ];
    for (const change of news) expect(cold.adds(deletions([change])), JSON.stringify(change)).toBe(true);
  });

  it('finds a stored deletion among many, and holds a single one', () => {
    const many: [number, number][] = Array.from({ length: 9 }, (_, i) => [i * 10, 3]);
    const cold = holding([[4, many]]);
    for (const [clock, len] of many) {
      expect(cold.adds(deletions([[4, [[clock, len]]]])), `repeat at ${clock}`).toBe(false);
      expect(cold.adds(deletions([[4, [[clock + 3, 1]]]])), `news after ${clock}`).toBe(true);
      expect(cold.adds(deletions([[4, [[clock, len + 1]]]])), `longer at ${clock}`).toBe(true);
    }
    const single = holding([[4, [[5, 3]]]]);
    expect(single.adds(deletions([[4, [[5, 3]]]]))).toBe(false);
    expect(single.adds(deletions([[4, [[6, 1]]]]))).toBe(false);
    expect(single.adds(deletions([[4, [[4, 2]]]]))).toBe(true);
  });

  it('takes an empty deletion range as nothing new, even for a client it holds nothing of', () => {
    const cold = holding([[7, [[10, 5]]]]);
    expect(cold.adds(deletions([[3, [[4, 0]]]]))).toBe(false);
    expect(cold.adds(deletions([[7, [[40, 0]]]]))).toBe(false);
  });
});
