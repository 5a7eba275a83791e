import type { Framework } from '../../shared/framework/schema.ts';
import { CloseCode } from '../../shared/protocol/close-codes.ts';
import type { ReviewState } from '../../shared/protocol/review-record.ts';
import { SCHEMA_VERSION, migrateReview } from '../../shared/review/migrations.ts';
import { withModerationTrack } from '../../shared/review/moderation.ts';
import { reviewModel, type ReviewModel } from '../../shared/review/model.ts';
import type { Store } from '../store/types.ts';
import { Meeting } from './meeting.ts';
import type { Peer } from './peer.ts';
import { Refusal } from './refusal.ts';
import type { ReviewLog } from './review-log.ts';
import { ColdState } from './cold-state.ts';
import { openStoredReview } from './stored-review-thread.ts';
import { WarmState } from './warm-state.ts';

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
  /** The review's framework as it uses it, for the update gate and silent rounds. */
  model: ReviewModel;
  /** Status and sign-offs; a final review refuses every change, from anyone. */
  state: ReviewState | null;
  /** Silent rating rounds. */
  meeting: Meeting;
  /** Cold (one encoded update) unless a migration had to change the document. */
  document: ColdState | WarmState;
}

/**
 * Load a review for a room (whose changes `log` collects): its framework, the stored document as
 * one encoded update (merged off the event loop when large), its status and silent rounds. A
 * document needing a migration is loaded warm and migrated, committed before anyone sees it.
 */
export async function loadReview(
  reviewId: string,
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
  const opened = await openStoredReview(await log.readParts());
  log.approxBytes = opened.state.byteLength;
  if (opened.schemaVersion > SCHEMA_VERSION) {
    const newer = `review schema version ${opened.schemaVersion} is newer than this server understands (${SCHEMA_VERSION})`;
    throw new RoomLoadError(CloseCode.cannotOpen, `a newer version of Bestfit saved it (${newer})`);
  }
  const model = reviewModel(opened.moderationTrack ? withModerationTrack(framework) : framework);
  const state = await store.records.state(reviewId);
  const meeting = new Meeting(reviewId, store.meeting, model, peers);
  await meeting.load();
  const cold = new ColdState(opened);
  if (opened.schemaVersion === SCHEMA_VERSION) return { model, state, meeting, document: cold };
  const warm = new WarmState(cold, log, model);
  migrateReview(warm.doc, framework);
  // The migration changed the document: store it before anyone sees it.
  await log.commit();
  return { model, state, meeting, document: warm };
}
