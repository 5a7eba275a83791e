/**
 * The y-websocket wire protocol, by hand, for thin load clients: no Y.Doc needed to receive, and
 * the same bytes a stock provider would send.
 */
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';

export const MSG_SYNC = 0;
export const MSG_AWARENESS = 1;
export const MSG_QUERY_AWARENESS = 3;
/** Bestfit's own "saved" acknowledgement; the reference ignores it. */
export const MSG_SAVED = 100;
export const SYNC_STEP1 = 0;
export const SYNC_STEP2 = 1;
export const SYNC_UPDATE = 2;

/** The state vector of an empty document. */
export const EMPTY_STATE_VECTOR = new Uint8Array([0]);
/** An update that changes nothing. */
export const EMPTY_UPDATE = new Uint8Array([0, 0]);

function frame(type: number, sub: number | null, payload: Uint8Array): Uint8Array {
  const e = encoding.createEncoder();
  encoding.writeVarUint(e, type);
  if (sub !== null) encoding.writeVarUint(e, sub);
  encoding.writeVarUint8Array(e, payload);
  return encoding.toUint8Array(e);
}

export const syncStep1 = (stateVector: Uint8Array): Uint8Array => frame(MSG_SYNC, SYNC_STEP1, stateVector);
export const syncStep2 = (update: Uint8Array): Uint8Array => frame(MSG_SYNC, SYNC_STEP2, update);
export const syncUpdate = (update: Uint8Array): Uint8Array => frame(MSG_SYNC, SYNC_UPDATE, update);
export const awarenessFrame = (update: Uint8Array): Uint8Array => frame(MSG_AWARENESS, null, update);

export type Incoming =
  | { kind: 'step1'; payload: Uint8Array }
  | { kind: 'step2'; payload: Uint8Array }
  | { kind: 'update'; payload: Uint8Array }
  | { kind: 'awareness'; payload: Uint8Array }
  | { kind: 'other'; type: number };

export function decodeFrame(data: Uint8Array): Incoming {
  const d = decoding.createDecoder(data);
  const type = decoding.readVarUint(d);
  if (type === MSG_SYNC) {
    const sub = decoding.readVarUint(d);
    const payload = decoding.readVarUint8Array(d);
    if (sub === SYNC_STEP1) return { kind: 'step1', payload };
    if (sub === SYNC_STEP2) return { kind: 'step2', payload };
    return { kind: 'update', payload };
  }
  if (type === MSG_AWARENESS) return { kind: 'awareness', payload: decoding.readVarUint8Array(d) };
  return { kind: 'other', type };
}

export interface AwarenessEntry {
  clientID: number;
  clock: number;
  /** The state as JSON ("null" when the client left). */
  json: string;
}

/** An awareness update (y-protocols/awareness encoding) from entries. */
export function encodeAwareness(entries: AwarenessEntry[]): Uint8Array {
  const e = encoding.createEncoder();
  encoding.writeVarUint(e, entries.length);
  for (const entry of entries) {
    encoding.writeVarUint(e, entry.clientID);
    encoding.writeVarUint(e, entry.clock);
    encoding.writeVarString(e, entry.json);
  }
  return encoding.toUint8Array(e);
}

export function decodeAwareness(update: Uint8Array): AwarenessEntry[] {
  const d = decoding.createDecoder(update);
  const n = decoding.readVarUint(d);
  const out: AwarenessEntry[] = [];
  for (let i = 0; i < n; i++) {
    const clientID = decoding.readVarUint(d);
    const clock = decoding.readVarUint(d);
    const json = decoding.readVarString(d);
    out.push({ clientID, clock, json });
  }
  return out;
}

/** A random Yjs-style client id (uint32), never 0. */
export const randomClientId = (): number => 1 + Math.floor(Math.random() * 0xfffffffe);
