import * as Y from 'yjs';
import type { Framework } from '../../shared/framework/schema.ts';
import { CloseCode } from '../../shared/protocol/close-codes.ts';
import type { ReviewState } from '../../shared/protocol/review-record.ts';
import { NewerSchemaError, migrateReview } from '../../shared/review/migrations.ts';
import { frameworkOfReview } from '../../shared/review/moderation.ts';
import { reviewModel } from '../../shared/review/model.ts';
import { defineRoots } from '../../shared/review/roots.ts';
import type { Store } from '../store/types.ts';
import { Meeting } from './meeting.ts';
import type { Peer } from './peer.ts';
import { Refusal } from './refusal.ts';
import type { ReviewLog } from './review-log.ts';
import { UpdateGate } from './update-gate.ts';

/**
 * A review that cannot be opened for a reason retrying will not change: it does not exist
 * (notFound), or this server lacks what it needs (cannotOpen). Any other load failure is a fault
 * of the moment (4500, retried).
 */
export class RoomLoadError extends Refusal {}

/** How a load failure closes the room's connections: its own code, or 4500 (clients retry) for a fault of the moment. */
export function loadRefusal(error: unknown): Refusal {
  if (error instanceof RoomLoadError) return error;
  return new Refusal(CloseCode.serverError, 'the review could not be loaded');
}

export type FrameworkLoader = (id: string, version: number) => Promise<Framework | null>;

/** What a loaded room knows beside its document. */
export interface LoadedReview {
  /** Checks every update against the review's framework on a shadow copy. */
  gate: UpdateGate;
  /** Status and sign-offs; a final review refuses every change, from anyone. */
  state: ReviewState | null;
  /** Silent rating rounds. */
  meeting: Meeting;
}

/**
 * Load a review into `doc`: its framework, the stored document, its status and silent rounds,
 * then any migration, committed before anyone sees it.
 */
export async function loadReview(
  reviewId: string,
  doc: Y.Doc,
  store: Store,
  log: ReviewLog,
  loadFramework: FrameworkLoader,
  peers: () => Iterable<Peer>,
): Promise<LoadedReview> {
  const review = await store.getReview(reviewId);
  if (!review) throw new RoomLoadError(CloseCode.notFound, 'no such review');
  const { frameworkId, frameworkVersion } = review;
  const framework = await loadFramework(frameworkId, frameworkVersion);
  if (!framework) {
    throw new RoomLoadError(
      CloseCode.cannotOpen,
      `its framework "${frameworkId}" version ${frameworkVersion} is not on this server`,
    );
  }
  const stored = await log.read();
  defineRoots(doc);
  Y.applyUpdate(doc, stored, 'load');
  log.discard();
  const model = reviewModel(frameworkOfReview(framework, doc));
  const state = await store.records.state(reviewId);
  const meeting = new Meeting(reviewId, store.meeting, model, peers);
  await meeting.load();
  try {
    migrateReview(doc, framework);
  } catch (error) {
    if (!(error instanceof NewerSchemaError)) throw error;
    throw new RoomLoadError(CloseCode.cannotOpen, `a newer version of Bestfit saved it (${error.message})`);
  }
  // A migration changed the document: store it before anyone sees it.
  await log.commit();
  return { gate: new UpdateGate(doc, model), state, meeting };
}
