import * as decoding from 'lib0/decoding';
import { applyAwarenessUpdate, Awareness } from 'y-protocols/awareness';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { MessageType } from '../../shared/protocol/messages.ts';
import { MalformedMessageError } from './messages.ts';
import { awarenessMessage, encodeEntry, parseState, readUpdate } from './presence-wire.ts';

/** The entries' clients as a stock y-protocols awareness reads the message. */
function readByStockClient(message: Uint8Array): number[] {
  const d = decoding.createDecoder(message);
  expect(decoding.readVarUint(d)).toBe(MessageType.awareness);
  const update = decoding.readVarUint8Array(d);
  // The declared length is exactly what follows: nothing left over, nothing cut short.
  expect(decoding.hasContent(d)).toBe(false);
  const awareness = new Awareness(new Y.Doc());
  applyAwarenessUpdate(awareness, update, 'test');
  return [...awareness.getStates().keys()].filter((id) => id !== awareness.clientID).sort((a, b) => a - b);
}

describe('awareness messages written in one pass', () => {
  // 127 and 128 entries straddle one byte of length prefix; 16,384 needs a third for the count.
  it.each([0, 1, 127, 128, 16_384])('frames %i entries with the length a stock client expects', (count) => {
    const entries = Array.from({ length: count }, (_, i) => encodeEntry(i + 1, 1, JSON.stringify({ n: i })));
    const ids = readByStockClient(awarenessMessage(entries));
    expect(ids).toEqual(Array.from({ length: count }, (_, i) => i + 1));
  });

  it('frames entries long enough that the length itself takes three bytes', () => {
    const text = 'x'.repeat(20_000);
    const ids = readByStockClient(awarenessMessage([encodeEntry(7, 1, JSON.stringify({ text }))]));
    expect(ids).toEqual([7]);
  });

  it('reads back what it wrote, a departed client as null', () => {
    const message = awarenessMessage([encodeEntry(3, 2, '{"a":1}'), encodeEntry(4, 5, null)]);
    const d = decoding.createDecoder(message);
    decoding.readVarUint(d);
    expect(readUpdate(decoding.readVarUint8Array(d))).toEqual([
      { clientId: 3, clock: 2, json: '{"a":1}' },
      { clientId: 4, clock: 5, json: 'null' },
    ]);
  });
});

describe('presence states', () => {
  it('refuses text that is not JSON as a presence update that cannot be decoded', () => {
    expect(() => parseState('{"user":')).toThrow(MalformedMessageError);
    expect(() => parseState('{"user":')).toThrow('a presence update that cannot be decoded');
  });

  it('takes an object or null, and refuses anything else as not an object', () => {
    expect(parseState('{"cursor":1}')).toEqual({ cursor: 1 });
    expect(parseState('null')).toBeNull();
    for (const json of ['[]', '3', '"x"', 'true'])
      expect(() => parseState(json)).toThrow('a presence state must be an object');
  });
});
