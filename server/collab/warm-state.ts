import * as Y from 'yjs';
import type { ReviewModel } from '../../shared/review/model.ts';
import { defineRoots } from '../../shared/review/roots.ts';
import type { ColdState } from './cold-state.ts';
import { syncStep1, syncStep2 } from './messages.ts';
import { STORED, type ReviewLog } from './review-log.ts';
import { UpdateGate } from './update-gate.ts';

/**
 * A review with its live `Y.Doc`, built from the cold state at the first change: the update gate
 * checks against it, the review log collects its changes, and joiners are answered from it.
 */
export class WarmState {
  readonly doc = new Y.Doc();
  readonly gate: UpdateGate;
  /** The whole document as a sync reply, encoded once per version for a burst of joiners with nothing yet. */
  private cached: Uint8Array | null = null;

  constructor(cold: ColdState, log: ReviewLog, model: ReviewModel) {
    defineRoots(this.doc);
    // Applied as stored: the log has nothing to commit for it.
    Y.applyUpdate(this.doc, cold.encoded, STORED);
    log.track(this.doc);
    // The cold state seeds the shadow copy: no second encoding of the document at the first update.
    this.gate = new UpdateGate(this.doc, model, cold.encoded);
    this.doc.on('update', () => this.forget());
  }

  step1(): Uint8Array {
    return syncStep1(this.doc);
  }

  /** Sync step 2 for a state vector; a client with nothing yet (zero entries) gets the cached full state. */
  step2(stateVector: Uint8Array): Uint8Array {
    // A state vector starts with its entry count: a first byte 0 is a client with nothing (Yjs reads no further).
    if (stateVector[0] !== 0) return syncStep2(this.doc, stateVector);
    return (this.cached ??= syncStep2(this.doc, stateVector));
  }

  /** The document changed, or the burst is over: an idle review should not hold a second copy. */
  forget(): void {
    this.cached = null;
  }

  destroy(): void {
    this.gate.reset();
    this.doc.destroy();
  }
}

/** A cold room's document, built now: the first change, or an event that needs it, has come. */
export function warmUp(room: { document: ColdState | WarmState }, log: ReviewLog, model: ReviewModel): WarmState {
  if (room.document instanceof WarmState) return room.document;
  return (room.document = new WarmState(room.document, log, model));
}
