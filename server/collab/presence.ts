import * as decoding from 'lib0/decoding';
import { MessageType } from '../../shared/protocol/messages.ts';
import { MalformedMessageError } from './messages.ts';
import type { Peer } from './peer.ts';
import { awarenessMessage, encodeEntry, parseState, readUpdate, stamp } from './presence-wire.ts';

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
  /** The entry as encoded on the wire, made when a message first carries it. */
  bytes?: Uint8Array;
}

/**
 * One review's presence, in the y-protocols awareness wire format, kept as the stamped JSON the
 * server sends on: each state is parsed once (to stamp it) and encoded once, however many peers,
 * processes and joiners receive it; echoes are dropped unparsed. Replaces a server-side
 * y-protocols Awareness, which would parse every state again, re-serialise it for every broadcast
 * and run a timer per review.
 */
export class Presence {
  private readonly entries = new Map<number, Entry>();
  private readonly changed = new Set<number>();
  /** Changes announced by this process's own connections, which other processes have not seen. */
  private readonly changedHere = new Set<number>();
  /** Everyone present, for joiners, until something changes (undefined: not made yet). */
  private everyoneMessage: Uint8Array | null | undefined;
  /** The message of changes already made for other processes, when it carried every change. */
  private changesMessage: Uint8Array | null = null;

  /**
   * Apply a presence update from `peer`, each state stamped with who the connection really is.
   * Stock clients echo other people's states back; entries for client ids another connection
   * holds, or that belonged to someone else, are dropped. Returns true when anything changed.
   */
  apply(update: Uint8Array, peer: Peer): boolean {
    let changedAny = false;
    for (const { clientId, clock, json: raw } of readUpdate(update)) {
      const entry = this.entries.get(clientId);
      // Stock clients echo what they were sent; only a newer clock (the client moved here) takes it over.
      if (entry?.relayedAt !== undefined && clock <= entry.clock) continue;
      if (entry && entry.owner !== peer && (entry.owner !== null || entry.userId !== (peer.user?.id ?? null))) continue;
      const current = entry?.clock ?? -1;
      // Nothing older than what is held can change it: such states are not even parsed.
      if (clock < current) continue;
      const state = parseState(raw);
      if (entry === undefined && state === null) continue;
      if (entry !== undefined && clock === entry.clock) {
        // At the clock held, only a returning client (resending the clock it left with: taking its own id
        // back, that is enough) or a removal (what a stock client sends when it closes) changes anything.
        const returning = entry.owner === null && state !== null;
        const removal = state === null && entry.json !== null;
        if (!returning && !removal) continue;
      }
      const json = state === null ? null : JSON.stringify(stamp(state, peer));
      this.put(clientId, { clock, json, owner: json === null ? null : peer, userId: peer.user?.id ?? null }, true);
      if (json === null) peer.awarenessClients.delete(clientId);
      else peer.awarenessClients.add(clientId);
      changedAny = true;
    }
    return changedAny;
  }

  /** Everyone `peer` announced has left (the connection closed). */
  leave(peer: Peer): boolean {
    for (const clientId of peer.awarenessClients) {
      const entry = this.entries.get(clientId);
      if (entry?.owner !== peer) continue;
      this.put(clientId, { ...entry, json: null, owner: null, bytes: undefined }, true);
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
    for (const { clientId, clock, json } of readUpdate(decoding.readVarUint8Array(d))) {
      const entry = this.entries.get(clientId);
      // A client id held by one of this process's connections stays theirs.
      if (entry?.owner) continue;
      if (entry && clock < entry.clock) continue;
      const state = parseState(json);
      const user = (state as { user?: { id?: unknown; role?: unknown } } | null)?.user;
      const userId = user?.id;
      // Stamped by the process that relayed it: sent on as it came.
      this.put(
        clientId,
        {
          clock,
          json: state === null ? null : json,
          owner: null,
          userId: typeof userId === 'string' ? userId : (entry?.userId ?? null),
          relayedAt: now,
          mayVote: user?.role === 'editor' || user?.role === 'facilitator',
        },
        false,
      );
      changedAny = true;
    }
    return changedAny;
  }

  /** The people present through other processes who may vote in a silent round (user ids). */
  votersElsewhere(): Set<string> {
    const voters = new Set<string>();
    for (const e of this.entries.values())
      // Only relayed entries carry mayVote: a connection here votes through its own peer.
      if (e.json !== null && e.mayVote && e.userId !== null) voters.add(e.userId);
    return voters;
  }

  /** When the least recently renewed relayed state still present was renewed; null when there is none. */
  oldestRelayed(): number | null {
    let oldest = Infinity;
    for (const e of this.entries.values())
      if (e.relayedAt !== undefined && e.json !== null) oldest = Math.min(oldest, e.relayedAt);
    return oldest === Infinity ? null : oldest;
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
      this.put(clientId, { ...e, json: null, bytes: undefined }, false);
      any = true;
    }
    return any;
  }

  /** One message with the changes this process's connections made since the last call, for other processes. */
  takeChangesHere(): Uint8Array | null {
    if (this.changedHere.size === 0) return null;
    const message = this.encode(this.changedHere);
    // Every change was made here (the usual case): this process's connections get the same bytes.
    const all =
      this.changed.size === this.changedHere.size && [...this.changedHere].every((id) => this.changed.has(id));
    this.changesMessage = all ? message : null;
    this.changedHere.clear();
    return message;
  }

  get hasChanges(): boolean {
    return this.changed.size > 0;
  }

  /** One awareness message with every change since the last call, or null when there is none. */
  takeChanges(): Uint8Array | null {
    if (this.changed.size === 0) return null;
    const message = this.changesMessage ?? this.encode(this.changed);
    this.changesMessage = null;
    this.changed.clear();
    return message;
  }

  /** One awareness message with everyone present, or null when nobody is; the same bytes until something changes. */
  everyone(): Uint8Array | null {
    if (this.everyoneMessage !== undefined) return this.everyoneMessage;
    const present = [...this.entries].filter(([, e]) => e.json !== null).map(([id]) => id);
    return (this.everyoneMessage = present.length === 0 ? null : this.encode(present));
  }

  /** The stamped state of a client id (tests, diagnostics). */
  stateOf(clientId: number): unknown {
    const json = this.entries.get(clientId)?.json;
    return json == null ? undefined : JSON.parse(json);
  }

  /** A client's entry changed: to be sent on (and, when `here`, to other processes); messages made before are stale. */
  private put(clientId: number, entry: Entry, here: boolean): void {
    this.entries.set(clientId, entry);
    this.changed.add(clientId);
    if (here) this.changedHere.add(clientId);
    this.everyoneMessage = undefined;
    this.changesMessage = null;
  }

  private encode(clientIds: Iterable<number>): Uint8Array {
    const parts: Uint8Array[] = [];
    for (const clientId of clientIds) {
      const entry = this.entries.get(clientId)!;
      parts.push((entry.bytes ??= encodeEntry(clientId, entry.clock, entry.json)));
    }
    return awarenessMessage(parts);
  }
}
