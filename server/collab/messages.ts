import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import * as authProtocol from 'y-protocols/auth';
import * as Y from 'yjs';
import { CloseCode } from '../../shared/protocol/close-codes.ts';
import { MessageType, SyncType } from '../../shared/protocol/messages.ts';
import { Refusal } from './refusal.ts';

/** Encoders for the messages the server sends; each builds one frame. */
function syncMessage(type: number, payload: Uint8Array): Uint8Array {
  const e = encoding.createEncoder();
  encoding.writeVarUint(e, MessageType.sync);
  encoding.writeVarUint(e, type);
  encoding.writeVarUint8Array(e, payload);
  return encoding.toUint8Array(e);
}

export const syncStep1 = (doc: Y.Doc): Uint8Array => syncMessage(SyncType.step1, Y.encodeStateVector(doc));

/** Sync step 1 from a state vector, and step 2 carrying an update, for a room with no document. */
export const syncStep1Of = (stateVector: Uint8Array): Uint8Array => syncMessage(SyncType.step1, stateVector);
export const syncStep2Of = (update: Uint8Array): Uint8Array => syncMessage(SyncType.step2, update);

export const syncStep2 = (doc: Y.Doc, stateVector: Uint8Array): Uint8Array =>
  syncMessage(SyncType.step2, Y.encodeStateAsUpdate(doc, stateVector));

export const syncUpdate = (update: Uint8Array): Uint8Array => syncMessage(SyncType.update, update);

/** y-protocols' own way to tell a client a change was not accepted; the connection stays open. */
export function permissionDenied(reason: string): Uint8Array {
  const e = encoding.createEncoder();
  encoding.writeVarUint(e, MessageType.auth);
  authProtocol.writePermissionDenied(e, reason);
  return encoding.toUint8Array(e);
}

export function savedMessage(token: number): Uint8Array {
  const e = encoding.createEncoder();
  encoding.writeVarUint(e, MessageType.saved);
  encoding.writeVarUint(e, token);
  return encoding.toUint8Array(e);
}

/** A decoded incoming frame; anything else is malformed. */
export type Incoming =
  | { kind: 'step1'; stateVector: Uint8Array }
  | { kind: 'update'; update: Uint8Array }
  | { kind: 'awareness'; update: Uint8Array }
  | { kind: 'queryAwareness' }
  | { kind: 'saved'; token: number }
  | { kind: 'meeting'; json: unknown };

/** A frame that does not decode: the sender is closed with 4400. */
export class MalformedMessageError extends Refusal {
  constructor(reason: string) {
    super(CloseCode.malformed, reason);
  }
}

/** Decode one frame strictly: unknown types, truncation and trailing bytes are all errors. */
export function decodeIncoming(data: Uint8Array): Incoming {
  const d = decoding.createDecoder(data);
  let message: Incoming;
  try {
    const type = decoding.readVarUint(d);
    switch (type) {
      case MessageType.sync: {
        const sub = decoding.readVarUint(d);
        const payload = decoding.readVarUint8Array(d);
        if (sub === SyncType.step1) message = { kind: 'step1', stateVector: payload };
        else if (sub === SyncType.step2 || sub === SyncType.update) message = { kind: 'update', update: payload };
        else throw new MalformedMessageError(`unknown sync message type ${sub}`);
        break;
      }
      case MessageType.awareness:
        message = { kind: 'awareness', update: decoding.readVarUint8Array(d) };
        break;
      case MessageType.queryAwareness:
        message = { kind: 'queryAwareness' };
        break;
      case MessageType.saved:
        message = { kind: 'saved', token: decoding.readVarUint(d) };
        break;
      case MessageType.meeting:
        message = { kind: 'meeting', json: JSON.parse(decoding.readVarString(d)) as unknown };
        break;
      default:
        throw new MalformedMessageError(`unknown message type ${type}`);
    }
  } catch (error) {
    if (error instanceof MalformedMessageError) throw error;
    throw new MalformedMessageError('truncated or undecodable message');
  }
  if (decoding.hasContent(d)) throw new MalformedMessageError('unexpected bytes after the message');
  return message;
}
