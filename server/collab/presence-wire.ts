import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import { MessageType } from '../../shared/protocol/messages.ts';
import type { PresenceState, PresenceUser } from '../../shared/protocol/presence.ts';
import { MalformedMessageError } from './messages.ts';
import type { Peer } from './peer.ts';

/** One entry of an awareness update, its state still the JSON text it arrived as. */
export interface RawEntry {
  clientId: number;
  clock: number;
  json: string;
}

/**
 * The entries of an awareness update, their states left unparsed: most of what stock clients
 * send is an echo of other people's states, dropped without reading them. A frame that does not
 * decode is the sender's fault.
 */
export function readUpdate(update: Uint8Array): RawEntry[] {
  const d = decoding.createDecoder(update);
  const entries: RawEntry[] = [];
  try {
    const count = decoding.readVarUint(d);
    for (let i = 0; i < count; i++) {
      const clientId = decoding.readVarUint(d);
      const clock = decoding.readVarUint(d);
      entries.push({ clientId, clock, json: decoding.readVarString(d) });
    }
  } catch {
    throw new MalformedMessageError('a presence update that cannot be decoded');
  }
  if (decoding.hasContent(d)) throw new MalformedMessageError('unexpected bytes after the presence update');
  return entries;
}

/** A state as JSON text: an object, or null for "this client left". */
export function parseState(json: string): object | null {
  let state: unknown;
  try {
    state = JSON.parse(json);
  } catch {
    throw new MalformedMessageError('a presence update that cannot be decoded');
  }
  // null means "this client left" (and is an object to typeof).
  if (typeof state !== 'object' || Array.isArray(state))
    throw new MalformedMessageError('a presence state must be an object');
  return state;
}

/** `user.id`, `user.name` and `user.role` come from the server, whatever the client claimed. */
export function stamp(state: object, peer: Peer): PresenceState {
  const claimed = (state as { user?: unknown }).user;
  // Only an object's fields are kept (a null spreads to nothing; a string would spread its letters).
  const cosmetic = typeof claimed === 'object' ? claimed : {};
  const user: PresenceUser = peer.user
    ? { ...cosmetic, id: peer.user.id, name: peer.user.name, role: peer.role }
    : { ...cosmetic, id: null, name: 'Unknown', role: peer.role };
  return { ...state, user };
}

/** One entry as it goes on the wire, encoded once however many messages carry it. */
export function encodeEntry(clientId: number, clock: number, json: string | null): Uint8Array {
  const e = encoding.createEncoder();
  encoding.writeVarUint(e, clientId);
  encoding.writeVarUint(e, clock);
  encoding.writeVarString(e, json ?? 'null');
  return encoding.toUint8Array(e);
}

/** An awareness message of already encoded entries, written in one pass. */
export function awarenessMessage(entries: Uint8Array[]): Uint8Array {
  let length = varUintLength(entries.length);
  for (const bytes of entries) length += bytes.byteLength;
  const e = encoding.createEncoder();
  encoding.writeVarUint(e, MessageType.awareness);
  encoding.writeVarUint(e, length);
  encoding.writeVarUint(e, entries.length);
  for (const bytes of entries) encoding.writeUint8Array(e, bytes);
  return encoding.toUint8Array(e);
}

function varUintLength(n: number): number {
  let bytes = 1;
  while (n > 0x7f) {
    n = Math.floor(n / 0x80);
    bytes++;
  }
  return bytes;
}
