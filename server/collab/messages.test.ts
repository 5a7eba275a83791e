import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import { describe, expect, it } from 'vitest';
import * as authProtocol from 'y-protocols/auth';
import * as Y from 'yjs';
import { MessageType, SyncType } from '../../shared/protocol/messages.ts';
import {
  MalformedMessageError,
  decodeIncoming,
  permissionDenied,
  savedMessage,
  syncStep1,
  syncStep2,
  syncUpdate,
} from './messages.ts';

/** A frame built field by field: numbers as varuints, byte arrays length-prefixed, strings as varstrings. */
function frame(...fields: (number | Uint8Array | string)[]): Uint8Array {
  const e = encoding.createEncoder();
  for (const f of fields) {
    if (typeof f === 'number') encoding.writeVarUint(e, f);
    else if (typeof f === 'string') encoding.writeVarString(e, f);
    else encoding.writeVarUint8Array(e, f);
  }
  return encoding.toUint8Array(e);
}

const docWith = (text: string): Y.Doc => {
  const doc = new Y.Doc();
  doc.getText('t').insert(0, text);
  return doc;
};

describe('messages the server sends', () => {
  it('sync step 1 carries the state vector, step 2 what the other side lacks, an update the update', () => {
    const doc = docWith('hello');
    const read = (message: Uint8Array) => {
      const d = decoding.createDecoder(message);
      const fields = [decoding.readVarUint(d), decoding.readVarUint(d), decoding.readVarUint8Array(d)] as const;
      expect(decoding.hasContent(d)).toBe(false);
      return fields;
    };
    expect(read(syncStep1(doc))).toEqual([MessageType.sync, SyncType.step1, Y.encodeStateVector(doc)]);
    const empty = new Y.Doc();
    const [type, sub, payload] = read(syncStep2(doc, Y.encodeStateVector(empty)));
    expect([type, sub]).toEqual([MessageType.sync, SyncType.step2]);
    Y.applyUpdate(empty, payload);
    expect(empty.getText('t').toString()).toBe('hello');
    // Only what the other side lacks.
    const [, , none] = read(syncStep2(doc, Y.encodeStateVector(doc)));
    expect(none).toEqual(Y.encodeStateAsUpdate(doc, Y.encodeStateVector(doc)));
    const update = Y.encodeStateAsUpdate(doc);
    expect(read(syncUpdate(update))).toEqual([MessageType.sync, SyncType.update, update]);
  });

  it('a refusal is y-protocols’ permission-denied message with the reason; saved carries its token', () => {
    const d = decoding.createDecoder(permissionDenied('this connection is read-only'));
    expect(decoding.readVarUint(d)).toBe(MessageType.auth);
    let reason = '';
    authProtocol.readAuthMessage(d, new Y.Doc(), (_doc, r) => (reason = r));
    expect(reason).toBe('this connection is read-only');
    expect(savedMessage(300)).toEqual(frame(MessageType.saved, 300));
  });
});

describe('decodeIncoming', () => {
  const bytes = new Uint8Array([1, 2, 3]);

  it('reads each kind of frame a client may send', () => {
    expect(decodeIncoming(frame(MessageType.sync, SyncType.step1, bytes))).toEqual({
      kind: 'step1',
      stateVector: bytes,
    });
    for (const sub of [SyncType.step2, SyncType.update])
      expect(decodeIncoming(frame(MessageType.sync, sub, bytes))).toEqual({ kind: 'update', update: bytes });
    expect(decodeIncoming(frame(MessageType.awareness, bytes))).toEqual({ kind: 'awareness', update: bytes });
    expect(decodeIncoming(frame(MessageType.queryAwareness))).toEqual({ kind: 'queryAwareness' });
    expect(decodeIncoming(frame(MessageType.saved, 42))).toEqual({ kind: 'saved', token: 42 });
    expect(decodeIncoming(frame(MessageType.meeting, '{"op":"vote","level":"good"}'))).toEqual({
      kind: 'meeting',
      json: { op: 'vote', level: 'good' },
    });
  });

  it('names what is wrong: an unknown type, truncation, bad JSON, trailing bytes', () => {
    const refused = (data: Uint8Array) => {
      try {
        decodeIncoming(data);
      } catch (error) {
        expect(error).toBeInstanceOf(MalformedMessageError);
        return (error as Error).message;
      }
      throw new Error('the frame was accepted');
    };
    expect(refused(frame(99))).toBe('unknown message type 99');
    expect(refused(frame(MessageType.sync, 9, bytes))).toBe('unknown sync message type 9');
    expect(refused(frame(MessageType.auth, 0, 'x'))).toBe(`unknown message type ${MessageType.auth}`);
    expect(refused(new Uint8Array())).toBe('truncated or undecodable message');
    expect(refused(frame(MessageType.sync, SyncType.update, bytes).subarray(0, 4))).toBe(
      'truncated or undecodable message',
    );
    expect(refused(frame(MessageType.meeting, '{not json'))).toBe('truncated or undecodable message');
    for (const data of [
      frame(MessageType.sync, SyncType.update, bytes, 0),
      frame(MessageType.queryAwareness, 0),
      frame(MessageType.saved, 1, 2),
    ])
      expect(refused(data)).toBe('unexpected bytes after the message');
  });
});
