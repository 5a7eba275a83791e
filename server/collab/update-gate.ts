import * as Y from 'yjs';
import { CloseCode } from '../../shared/protocol/close-codes.ts';
import { finalRefusal } from '../../shared/protocol/review-record.ts';
import type { TouchedKey } from '../../shared/review/history.ts';
import type { ReviewModel } from '../../shared/review/model.ts';
import { defineRoots } from '../../shared/review/roots.ts';
import { InvalidUpdateError, checkTransaction, type ChangePolicy } from '../../shared/review/validate-update.ts';
import type { Peer } from './peer.ts';
import { Refusal } from './refusal.ts';

/** What a connection may change: its role, and nothing at all once the review is final. */
export function policyOf(peer: Peer, final: boolean): ChangePolicy {
  return {
    canEditLocked: peer.canEditLocked,
    readOnly: !peer.canEdit || final,
    ...(final ? { readOnlyReason: finalRefusal } : {}),
    userId: peer.user?.id,
    isFacilitator: peer.role === 'facilitator',
  };
}

/** Updates from other processes the shadow copy may hold back before applying them (merged) anyway. */
const MAX_BEHIND = 64;

const hasPending = (doc: Y.Doc): boolean => doc.store.pendingStructs !== null || doc.store.pendingDs !== null;

/**
 * The first stage of every incoming update: it is decoded and applied to a shadow copy of the
 * document and checked there, so only an allowed update ever reaches the real document, the
 * store or another client.
 */
export class UpdateGate {
  /** Built at the first update: a review that is only read never pays for it. */
  private shadow: Y.Doc | null = null;
  /** Updates the real document has and the shadow copy not yet: applied together when a check needs them. */
  private behind: Uint8Array[] = [];

  constructor(
    private readonly doc: Y.Doc,
    private readonly model: ReviewModel,
    /** The document's state as one update when the gate is made, if the caller has it: the first shadow copy starts from it. */
    private seed: Uint8Array | null = null,
  ) {}

  /**
   * The keys `update` touches, once the shadow copy holds it. Throws a Refusal (invalidUpdate or
   * malformed) for an update that may not be applied; the shadow copy then forgets it.
   */
  check(update: Uint8Array, policy: ChangePolicy, origin: unknown): TouchedKey[] {
    const shadow = this.shadowDoc();
    const pendingBefore = hasPending(shadow);
    const touched: TouchedKey[] = [];
    let failure: Error | null = null;
    // Scoped to this one update: what it touched and why it failed never outlive the call.
    const onTransaction = (tr: Y.Transaction) => {
      try {
        touched.push(...checkTransaction(tr, this.model, policy));
      } catch (error) {
        failure = error instanceof Error ? error : new Error(String(error));
      }
    };
    shadow.on('afterTransaction', onTransaction);
    try {
      Y.applyUpdate(shadow, update, origin);
    } catch {
      failure = new Refusal(CloseCode.malformed, 'the update could not be decoded');
    } finally {
      shadow.off('afterTransaction', onTransaction);
    }
    if (failure === null && !pendingBefore && hasPending(shadow)) {
      // Holding on to it would let a client park unbounded data the document never shows.
      failure = new InvalidUpdateError('the update depends on changes the server does not have');
    }
    if (failure === null) return touched;
    // The shadow copy holds the refused update: rebuilt from the real document at the next one.
    this.reset();
    if (failure instanceof InvalidUpdateError) throw new Refusal(CloseCode.invalidUpdate, failure.message);
    throw failure;
  }

  /**
   * An update already checked and committed elsewhere (another process) reached the real document:
   * the shadow copy takes it before the next check, merged with any others that came meanwhile.
   */
  follow(update: Uint8Array): void {
    if (this.shadow === null) {
      this.seed = null;
      return;
    }
    this.behind.push(update);
    // Bounded: a process whose own people only watch would otherwise keep every update twice.
    if (this.behind.length >= MAX_BEHIND) this.catchUp(this.shadow);
  }

  /** The real document changed without the gate (a server change): rebuild the shadow copy when next needed. */
  reset(): void {
    this.shadow?.destroy();
    this.shadow = null;
    this.seed = null;
    this.behind = [];
  }

  private catchUp(shadow: Y.Doc): void {
    // Stryker disable next-line ConditionalExpression: equivalent, see docs/mutation.md
    if (this.behind.length === 0) return;
    // Y.mergeUpdates returns a single update as it is.
    const update = Y.mergeUpdates(this.behind);
    this.behind = [];
    Y.applyUpdate(shadow, update);
  }

  private shadowDoc(): Y.Doc {
    if (this.shadow !== null) {
      this.catchUp(this.shadow);
      return this.shadow;
    }
    const shadow = new Y.Doc();
    defineRoots(shadow);
    Y.applyUpdate(shadow, this.seed ?? Y.encodeStateAsUpdate(this.doc));
    this.seed = null;
    return (this.shadow = shadow);
  }
}
