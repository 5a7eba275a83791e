import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import { MalformedMessageError } from './messages.ts';
import type { Peer } from './peer.ts';

/**
 * Rewrite a presence update so each state says who the connection really is: `user.id`,
 * `user.name` and `user.role` come from the server, whatever the client claimed. Stock clients
 * echo the states of others back to the server; those entries (any client id this connection
 * does not own) are dropped, so nobody can speak for someone else. Returns null when nothing is left.
 */
export function stampAwareness(
  update: Uint8Array,
  peer: Peer,
  mayClaim: (clientId: number) => boolean,
): Uint8Array | null {
  const d = decoding.createDecoder(update);
  const kept: [number, number, string][] = [];
  try {
    const count = decoding.readVarUint(d);
    for (let i = 0; i < count; i++) {
      const clientId = decoding.readVarUint(d);
      const clock = decoding.readVarUint(d);
      const json = decoding.readVarString(d);
      const state = JSON.parse(json) as unknown;
      if (!mayClaim(clientId)) continue;
      kept.push([clientId, clock, JSON.stringify(stamp(state, peer))]);
    }
  } catch (error) {
    if (error instanceof MalformedMessageError) throw error;
    throw new MalformedMessageError('a presence update that cannot be decoded');
  }
  if (decoding.hasContent(d)) throw new MalformedMessageError('unexpected bytes after the presence update');
  if (kept.length === 0) return null;
  const e = encoding.createEncoder();
  encoding.writeVarUint(e, kept.length);
  for (const [clientId, clock, json] of kept) {
    encoding.writeVarUint(e, clientId);
    encoding.writeVarUint(e, clock);
    encoding.writeVarString(e, json);
  }
  return encoding.toUint8Array(e);
}

function stamp(state: unknown, peer: Peer): unknown {
  // null means "this client left"; keep it.
  if (state === null) return null;
  if (typeof state !== 'object' || Array.isArray(state))
    throw new MalformedMessageError('a presence state must be an object');
  const claimed = (state as { user?: unknown }).user;
  const cosmetic = typeof claimed === 'object' && claimed !== null ? (claimed as Record<string, unknown>) : {};
  const user = peer.user
    ? { ...cosmetic, id: peer.user.id, name: peer.user.name, role: peer.role }
    : { ...cosmetic, id: null, name: 'Unknown', role: peer.role };
  return { ...state, user };
}
