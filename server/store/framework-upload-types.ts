/** Where an uploaded framework id lives: the whole install (workspaceId null) or one workspace. */
export interface UploadScope {
  workspaceId: string | null;
}

/** An uploaded framework version already serialised (off the event loop). */
export interface UploadRecord {
  id: string;
  version: number;
  /** The framework's JSON. */
  body: string;
  hash: string;
  createdAt: string;
  workspaceId: string | null;
  uploadedBy: string;
  /** What changed since the previous version, as the editor's author put it. */
  changeNote?: string | null;
}

/** One stored version of a framework, for the version list and comparison. */
export interface VersionRecord {
  version: number;
  createdAt: string;
  source: 'built-in' | 'upload';
  uploadedBy: string | null;
  changeNote: string | null;
  retiredAt: string | null;
}

/** What the library needs beyond reading and writing versions: scopes, retiring, reserved ids. */
export interface FrameworkUploadStore {
  /**
   * Record an upload's version; the same content again is 'unchanged', different content under
   * an existing (id, version) a FrameworkVersionConflict.
   */
  putUpload(record: UploadRecord): Promise<'created' | 'unchanged'>;
  /** The scope of an id's uploaded versions, or null when no upload uses the id. */
  scopeOf(id: string): Promise<UploadScope | null>;
  /** Ids any built-in framework has used, even one no longer shipped. */
  builtInIds(): Promise<string[]>;
  /** Retire every version of an uploaded framework; resolves with how many were retired. */
  retire(id: string, at: string): Promise<number>;
  /**
   * Move every uploaded version stored under a built-in id to `newId`, retired, with the reviews
   * made from them; resolves with the versions moved.
   */
  moveUploads(id: string, newId: string, at: string): Promise<number[]>;
  /** Whether any framework row uses the id. */
  idInUse(id: string): Promise<boolean>;
  /** Every stored version of an id (built-in or uploaded), oldest first. */
  versions(id: string): Promise<VersionRecord[]>;
  /** Whether the user is a member of a review made from this framework version. */
  hasReviewOf(userId: string, id: string, version: number): Promise<boolean>;
}
