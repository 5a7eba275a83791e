import * as decoding from 'lib0/decoding';
import * as Y from 'yjs';
import { syncStep1Of, syncStep2Of } from './messages.ts';
import type { OpenedReview } from './stored-review.ts';

type Range = { clock: number; len: number };

/**
 * An idle review with no `Y.Doc`: the stored document as one encoded update, from which joiners
 * are answered (`Y.diffUpdate` against their state vector). The room builds the document (WarmState)
 * at the first thing that needs it: a change, or anything else it cannot tell is a repeat.
 */
export class ColdState {
  /** Sync step 2 with the whole document: what a joiner with nothing is sent, and the only copy kept. */
  private readonly full: Uint8Array;
  /** The document as one update (a view into `full`). */
  readonly encoded: Uint8Array;
  readonly stateVector: Uint8Array;
  private readonly step1Frame: Uint8Array;
  /** The document's deletions, per client, sorted and merged. */
  private readonly deletes = new Map<number, Range[]>();

  constructor(opened: Pick<OpenedReview, 'state' | 'stateVector' | 'deletes'>) {
    this.full = syncStep2Of(opened.state);
    const d = decoding.createDecoder(this.full);
    decoding.readVarUint(d);
    decoding.readVarUint(d);
    this.encoded = decoding.readVarUint8Array(d);
    this.stateVector = opened.stateVector;
    this.step1Frame = syncStep1Of(this.stateVector);
    for (const [client, ranges] of Y.decodeUpdate(opened.deletes).ds.clients) {
      this.deletes.set(client, merged(ranges));
    }
  }

  /** What a joiner is sent first: the document's state vector. */
  step1(): Uint8Array {
    return this.step1Frame;
  }

  /** Sync step 2 for a client's state vector: what it lacks; a client with nothing gets the whole. */
  step2(stateVector: Uint8Array): Uint8Array {
    // A state vector starts with its entry count: a first byte 0 is a client with nothing (Yjs reads no further).
    if (stateVector[0] === 0) return this.full;
    return syncStep2Of(Y.diffUpdate(this.encoded, stateVector));
  }

  /**
   * False only for an update that provably changes nothing here: no structs past the document's
   * state vector and only deletions it already holds (every joiner's reply to step 1). Anything
   * else, undecodable included, is for the document and its update gate to judge.
   */
  adds(update: Uint8Array): boolean {
    let decoded;
    try {
      decoded = Y.decodeUpdate(Y.diffUpdate(update, this.stateVector));
    } catch {
      return true;
    }
    if (decoded.structs.length > 0) return true;
    for (const [client, ranges] of decoded.ds.clients) {
      const held = this.deletes.get(client);
      for (const range of ranges) if (!covers(held, range)) return true;
    }
    return false;
  }
}

/** Ranges sorted by clock, touching or overlapping ones joined. */
function merged(ranges: readonly Range[]): Range[] {
  // Stryker disable next-line ArrayDeclaration: equivalent, see docs/mutation.md
  const out: Range[] = [];
  for (const { clock, len } of [...ranges].sort((a, b) => a.clock - b.clock)) {
    const last = out.at(-1);
    if (last && clock <= last.clock + last.len) last.len = Math.max(last.len, clock + len - last.clock);
    else out.push({ clock, len });
  }
  return out;
}

/** Whether one merged range of `held` contains all of `range` (merged, so the last one starting at or before it must, if any does). */
function covers(held: readonly Range[] | undefined, range: Range): boolean {
  if (range.len === 0) return true;
  if (held === undefined) return false;
  // Binary search for the first range starting after `range`: the one before it is the only candidate.
  let lo = 0;
  let hi = held.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (held[mid]!.clock <= range.clock) lo = mid + 1;
    else hi = mid;
  }
  const h = held[lo - 1];
  return h !== undefined && range.clock + range.len <= h.clock + h.len;
}
