import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import { MessageType } from '../../shared/protocol/messages.ts';
import { MalformedMessageError } from './messages.ts';
import type { Peer } from './peer.ts';
import type { PresenceState, PresenceUser } from '../../shared/protocol/presence.ts';

interface Entry {
  clock: number;
  /** The stamped state as sent on, or null once its client has left. */
  json: string | null;
  /** The connection announcing it; null once that connection has gone. */
  owner: Peer | null;
  /** Who it belongs to, kept after they leave so only they can take the client id back. */
  userId: string | null;
  /**
   * Announced through another process, last renewed at this time (the relay's clock): a connection
   * here echoing it back is not its owner, and it expires when its process stops renewing it.
   */
  relayedAt?: number;
  /** Relayed: the person's role lets them vote in a silent round (stamped by the process they are on). */
  mayVote?: boolean;
}

/**
 * One review's presence, in the y-protocols awareness wire format, kept as the stamped JSON the
 * server sends on: each state is parsed once (to stamp it) and serialised once, however many
 * peers receive it. Replaces a server-side y-protocols Awareness, which would parse every state
 * again, re-serialise it for every broadcast and run a timer per review.
 */
export class Presence {
  private readonly entries = new Map<number, Entry>();
  private readonly changed = new Set<number>();
  /** Changes announced by this process's own connections, which other processes have not seen. */
  private readonly changedHere = new Set<number>();

  /**
   * Apply a presence update from `peer`, each state stamped with who the connection really is.
   * Stock clients echo other people's states back; entries for client ids another connection
   * holds, or that belonged to someone else, are dropped. Returns true when anything changed.
   */
  apply(update: Uint8Array, peer: Peer): boolean {
    let changedAny = false;
    for (const { clientId, clock, state } of readUpdate(update)) {
      const entry = this.entries.get(clientId);
      if (entry === undefined && state === null) continue;
      // Stock clients echo what they were sent; only a newer clock (the client moved here) takes it over.
      if (entry?.relayedAt !== undefined && clock <= entry.clock) continue;
      if (entry && entry.owner !== peer && (entry.owner !== null || entry.userId !== (peer.user?.id ?? null))) continue;
      const current = entry?.clock ?? -1;
      // A returning client resends the clock it left with: taking its own id back, that is enough.
      const returning = entry !== undefined && entry.owner === null && state !== null && clock >= current;
      const removal = entry !== undefined && clock === current && state === null && entry.json !== null;
      if (!(clock > current || returning || removal)) continue;
      const json = state === null ? null : JSON.stringify(stamp(state, peer));
      this.entries.set(clientId, {
        clock,
        json,
        owner: json === null ? null : peer,
        userId: peer.user?.id ?? null,
      });
      if (json === null) peer.awarenessClients.delete(clientId);
      else peer.awarenessClients.add(clientId);
      this.changed.add(clientId);
      this.changedHere.add(clientId);
      changedAny = true;
    }
    return changedAny;
  }

  /** Everyone `peer` announced has left (the connection closed). */
  leave(peer: Peer): boolean {
    for (const clientId of peer.awarenessClients) {
      const entry = this.entries.get(clientId);
      if (entry?.owner !== peer) continue;
      entry.json = null;
      entry.owner = null;
      this.changed.add(clientId);
      this.changedHere.add(clientId);
    }
    const any = peer.awarenessClients.size > 0;
    peer.awarenessClients.clear();
    return any;
  }

  /**
   * Presence another process stamped and relayed (its people): kept and passed on to this
   * process's connections, never announced back; `now` is when it arrived. Returns true when
   * anything changed.
   */
  applyRelayed(message: Uint8Array, now: number): boolean {
    const d = decoding.createDecoder(message);
    if (decoding.readVarUint(d) !== MessageType.awareness) throw new MalformedMessageError('not a presence message');
    let changedAny = false;
    for (const { clientId, clock, state } of readUpdate(decoding.readVarUint8Array(d))) {
      const entry = this.entries.get(clientId);
      // A client id held by one of this process's connections stays theirs.
      if (entry?.owner) continue;
      if (entry && clock < entry.clock) continue;
      const user = (state as { user?: { id?: unknown; role?: unknown } } | null)?.user;
      const userId = user?.id;
      this.entries.set(clientId, {
        clock,
        json: state === null ? null : JSON.stringify(state),
        owner: null,
        userId: typeof userId === 'string' ? userId : (entry?.userId ?? null),
        relayedAt: now,
        mayVote: user?.role === 'editor' || user?.role === 'facilitator',
      });
      this.changed.add(clientId);
      changedAny = true;
    }
    return changedAny;
  }

  /** The people present through other processes who may vote in a silent round (user ids). */
  votersElsewhere(): Set<string> {
    const voters = new Set<string>();
    for (const e of this.entries.values())
      if (e.relayedAt !== undefined && e.json !== null && e.mayVote && e.userId !== null) voters.add(e.userId);
    return voters;
  }

  /** When the least recently renewed relayed state still present was renewed; null when there is none. */
  oldestRelayed(): number | null {
    let oldest: number | null = null;
    for (const e of this.entries.values())
      if (e.relayedAt !== undefined && e.json !== null && (oldest === null || e.relayedAt < oldest))
        oldest = e.relayedAt;
    return oldest;
  }

  /**
   * Relayed states not renewed since `cutoff` leave: the process that relayed them has stopped (a
   * killed one says no goodbye). Their clock is kept, so the owner's next renewal brings them back
   * and stock clients take the removal. Only this process's connections are told. True when any left.
   */
  expireRelayed(cutoff: number): boolean {
    let any = false;
    for (const [clientId, e] of this.entries) {
      if (e.relayedAt === undefined || e.json === null || e.relayedAt > cutoff) continue;
      e.json = null;
      this.changed.add(clientId);
      any = true;
    }
    return any;
  }

  /** One message with the changes this process's connections made since the last call, for other processes. */
  takeChangesHere(): Uint8Array | null {
    if (this.changedHere.size === 0) return null;
    const message = this.encode([...this.changedHere]);
    this.changedHere.clear();
    return message;
  }

  get hasChanges(): boolean {
    return this.changed.size > 0;
  }

  /** One awareness message with every change since the last call, or null when there is none. */
  takeChanges(): Uint8Array | null {
    if (this.changed.size === 0) return null;
    const message = this.encode([...this.changed]);
    this.changed.clear();
    return message;
  }

  /** One awareness message with everyone present, or null when nobody is. */
  everyone(): Uint8Array | null {
    const present = [...this.entries].filter(([, e]) => e.json !== null).map(([id]) => id);
    return present.length === 0 ? null : this.encode(present);
  }

  /** The stamped state of a client id (tests, diagnostics). */
  stateOf(clientId: number): unknown {
    const json = this.entries.get(clientId)?.json;
    return json == null ? undefined : JSON.parse(json);
  }

  private encode(clientIds: number[]): Uint8Array {
    const inner = encoding.createEncoder();
    encoding.writeVarUint(inner, clientIds.length);
    for (const clientId of clientIds) {
      const entry = this.entries.get(clientId)!;
      encoding.writeVarUint(inner, clientId);
      encoding.writeVarUint(inner, entry.clock);
      encoding.writeVarString(inner, entry.json ?? 'null');
    }
    const e = encoding.createEncoder();
    encoding.writeVarUint(e, MessageType.awareness);
    encoding.writeVarUint8Array(e, encoding.toUint8Array(inner));
    return encoding.toUint8Array(e);
  }
}

/** The entries of an awareness update; a frame that does not decode is the sender's fault. */
function readUpdate(update: Uint8Array): { clientId: number; clock: number; state: object | null }[] {
  const d = decoding.createDecoder(update);
  const entries: { clientId: number; clock: number; state: object | null }[] = [];
  try {
    const count = decoding.readVarUint(d);
    for (let i = 0; i < count; i++) {
      const clientId = decoding.readVarUint(d);
      const clock = decoding.readVarUint(d);
      const state = JSON.parse(decoding.readVarString(d)) as unknown;
      // null means "this client left" (and is an object to typeof).
      if (typeof state !== 'object' || Array.isArray(state))
        throw new MalformedMessageError('a presence state must be an object');
      entries.push({ clientId, clock, state });
    }
  } catch (error) {
    if (error instanceof MalformedMessageError) throw error;
    throw new MalformedMessageError('a presence update that cannot be decoded');
  }
  if (decoding.hasContent(d)) throw new MalformedMessageError('unexpected bytes after the presence update');
  return entries;
}

/** `user.id`, `user.name` and `user.role` come from the server, whatever the client claimed. */
function stamp(state: object, peer: Peer): PresenceState {
  const claimed = (state as { user?: unknown }).user;
  // Only an object's fields are kept (a null spreads to nothing; a string would spread its letters).
  const cosmetic = typeof claimed === 'object' ? claimed : {};
  const user: PresenceUser = peer.user
    ? { ...cosmetic, id: peer.user.id, name: peer.user.name, role: peer.role }
    : { ...cosmetic, id: null, name: 'Unknown', role: peer.role };
  return { ...state, user };
}
