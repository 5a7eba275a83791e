import type { Framework } from '../../shared/framework/schema.ts';
import type { HistoryEvent } from '../../shared/review/history.ts';
import type { AccessStore } from './access-types.ts';
import type { AdminStore } from './admin-types.ts';
import type { CycleStore } from './cycles-types.ts';
import type { FrameworkUploadStore } from './framework-upload-types.ts';
import type { IdentityStore } from './identity-types.ts';
import type { MeetingStore } from './meeting-types.ts';
import type { RecordStore } from './record-types.ts';

export interface ReviewRecord {
  id: string;
  /** The workspace (partnership, LA) that owns the review; null for reviews made before workspaces. */
  workspaceId: string | null;
  title: string;
  frameworkId: string;
  frameworkVersion: number;
  createdAt: string;
  updatedAt: string;
}

/** What is needed to rebuild a review's document: the last snapshot and every update since. */
/** Past any sequence number a review's log reaches (its column is a 32-bit integer in PostgreSQL). */
export const END_OF_LOG = 2 ** 31 - 1;

export interface StoredDocument {
  snapshot: Uint8Array | null;
  updates: Uint8Array[];
  /** Sequence number of the last update (0 when there is none). */
  lastSeq: number;
}

export interface FrameworkRecord {
  framework: Framework;
  /** Hash of the canonical JSON, to detect a changed framework that kept its version. */
  hash: string;
  source: 'built-in' | 'upload';
  createdAt: string;
  /** Uploads only: the workspace it was added to, whose members alone see it; null for install-wide. */
  workspaceId?: string | null;
  uploadedBy?: string | null;
  /** Set when retired: hidden from new reviews; reviews made from it keep it. */
  retiredAt?: string | null;
}

/**
 * Durable storage. Every implementation passes `store/contract.ts`. Methods are async so a
 * network database fits the same interface as the embedded one.
 */
export interface Store {
  readonly access: AccessStore;
  readonly meeting: MeetingStore;
  readonly admin: AdminStore;
  readonly uploads: FrameworkUploadStore;
  readonly identity: IdentityStore;
  readonly records: RecordStore;
  /** Snapshots, chains of terms and live rating summaries. */
  readonly cycles: CycleStore;

  createReview(review: ReviewRecord, initialState: Uint8Array): Promise<void>;
  /** A review, unless it does not exist or is deleted (then it is gone for everyone but RecordStore). */
  getReview(id: string): Promise<ReviewRecord | null>;
  /** Every review not deleted. */
  listReviews(): Promise<ReviewRecord[]>;
  /** The snapshot and every update after it, or only those up to `uptoSeq` (what a compaction to it needs). */
  loadDocument(reviewId: string, uptoSeq?: number): Promise<StoredDocument>;
  /**
   * Append updates, attributed to a user, with what they changed in people's terms, in one
   * committed transaction; resolves with the last sequence number.
   */
  appendUpdates(
    reviewId: string,
    updates: Uint8Array[],
    userId?: string | null,
    history?: HistoryEvent[],
  ): Promise<number>;
  /** Who changed what, newest first; survives compaction of the update log. */
  history(reviewId: string, criterion?: string, limit?: number): Promise<HistoryEvent[]>;
  /** Replace the snapshot and every update up to `uptoSeq` with `snapshot`, atomically. */
  compact(reviewId: string, snapshot: Uint8Array, uptoSeq: number): Promise<void>;
  /** Number of updates stored since the last snapshot. */
  pendingUpdates(reviewId: string): Promise<number>;

  /** Record a framework version; a different body under an existing (id, version) is refused. */
  putFramework(record: FrameworkRecord): Promise<'created' | 'unchanged'>;
  getFramework(id: string, version?: number): Promise<FrameworkRecord | null>;
  /** The latest version of every framework. */
  listFrameworks(): Promise<FrameworkRecord[]>;

  close(): Promise<void>;
}

export class FrameworkVersionConflict extends Error {}

/**
 * Whether a framework version already stored with `storedHash` (or none) may be stored again:
 * the same content is 'unchanged'; different content under the same version is a conflict.
 */
export function checkStoredVersion(
  storedHash: string | undefined,
  record: { id: string; version: number; hash: string },
): 'new' | 'unchanged' {
  if (storedHash === undefined) return 'new';
  if (storedHash === record.hash) return 'unchanged';
  throw new FrameworkVersionConflict(
    `framework "${record.id}" version ${record.version} is already stored with different content; give the changed framework a new version`,
  );
}
