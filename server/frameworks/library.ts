import type { Framework } from '../../shared/framework/schema.ts';
import type { FrameworkRecord, Store } from '../store/types.ts';
import { readFrameworkFolder } from './files.ts';
import { frameworkHash } from './hash.ts';
import type { PreparedUpload } from './prepare.ts';
import { canSee, checkMayPublish, checkMayRetire, PublishRefused, type Scope, type Viewer } from './publishing.ts';

export { frameworkHash };

type Log = (message: string) => void;

export interface FrameworkVersions {
  id: string;
  source: FrameworkRecord['source'];
  /** Where the framework is published: null for every workspace (and for built-ins). */
  workspaceId: string | null;
  latest: number;
  /** Whether this viewer may save a new version under this id. */
  editable: boolean;
  versions: { version: number; createdAt: string; changeNote: string | null }[];
}

/**
 * Frameworks by id and version. Every version a review was created from stays readable, so a
 * changed framework never rewrites an existing review. Built-in ids belong to the built-ins:
 * an upload may never take one, so no upload can stand in a built-in's way at start-up.
 */
export class FrameworkLibrary {
  // One object per (id, version): review models are cached by framework identity.
  private readonly cache = new Map<string, Framework>();
  private builtIns = new Set<string>();

  constructor(private readonly store: Store) {}

  /**
   * Register the built-in frameworks; a changed file that kept its version stops start-up.
   * Uploads stored under a built-in id (made before ids were reserved, or before a new built-in
   * arrived) are moved aside and retired, with a line in the log, never a refusal to start.
   */
  async loadBuiltIns(dir: string, log: Log = () => {}): Promise<Framework[]> {
    const frameworks = await readFrameworkFolder(dir);
    for (const fw of frameworks) {
      await this.moveUploadsAside(fw.id, log);
      await this.register(fw, 'built-in');
    }
    this.builtIns = new Set([...frameworks.map((f) => f.id), ...(await this.store.uploads.builtInIds())]);
    return frameworks;
  }

  private async moveUploadsAside(id: string, log: Log): Promise<void> {
    if (!(await this.store.uploads.scopeOf(id))) return;
    let newId = `${id}.upload`;
    for (let n = 2; await this.store.uploads.idInUse(newId); n++) newId = `${id}.upload-${n}`;
    const versions = await this.store.uploads.moveUploads(id, newId, new Date().toISOString());
    for (const v of versions) this.cache.delete(`${id}@${v}`);
    log(
      `framework "${id}" is built in: uploaded version(s) ${versions.join(', ')} moved to "${newId}" and retired; reviews made from them keep working`,
    );
  }

  isBuiltIn(id: string): boolean {
    return this.builtIns.has(id);
  }

  async register(fw: Framework, source: FrameworkRecord['source']): Promise<'created' | 'unchanged'> {
    const result = await this.store.putFramework({
      framework: fw,
      hash: frameworkHash(fw),
      source,
      createdAt: new Date().toISOString(),
    });
    if (result === 'created') this.cache.set(`${fw.id}@${fw.version}`, fw);
    return result;
  }

  /**
   * Store an upload, checked and serialised off the event loop, in a scope the viewer may publish
   * to, under an id that is not taken elsewhere. It is read back (and cached) when first used.
   */
  async publish(
    upload: PreparedUpload,
    viewer: Viewer,
    scope: Scope,
    changeNote: string | null = null,
  ): Promise<'created' | 'unchanged'> {
    checkMayPublish(viewer, scope);
    if (this.isBuiltIn(upload.id))
      throw new PublishRefused(
        409,
        `id: "${upload.id}" is a built-in framework's id; give your framework an id of its own`,
        'id',
      );
    const existing = await this.store.uploads.scopeOf(upload.id);
    // The same message whether the id is another workspace's or the install's: it reveals no more.
    if (existing && existing.workspaceId !== scope.workspaceId)
      throw new PublishRefused(409, `id: "${upload.id}" is already used by another framework; choose another id`, 'id');
    return this.store.uploads.putUpload({
      id: upload.id,
      version: upload.version,
      body: upload.body,
      hash: upload.hash,
      createdAt: new Date().toISOString(),
      workspaceId: scope.workspaceId,
      uploadedBy: viewer.user.id,
      changeNote,
    });
  }

  /** Any stored version, whoever asks: for reviews already made from it. */
  async get(id: string, version?: number): Promise<Framework | null> {
    if (version !== undefined) {
      const cached = this.cache.get(`${id}@${version}`);
      if (cached) return cached;
    }
    const record = await this.store.getFramework(id, version);
    if (!record) return null;
    return this.cached(record);
  }

  private cached(record: FrameworkRecord): Framework {
    const key = `${record.framework.id}@${record.framework.version}`;
    const cached = this.cache.get(key);
    if (cached) return cached;
    this.cache.set(key, record.framework);
    return record.framework;
  }

  /**
   * A framework as the viewer may read it: the latest version if it is theirs to see and not
   * retired; a given version also when they belong to a review made from it.
   */
  async read(viewer: Viewer, id: string, version?: number): Promise<Framework | null> {
    const record = await this.store.getFramework(id, version);
    if (!record) return null;
    if (version === undefined) return canSee(viewer, record) && !record.retiredAt ? this.cached(record) : null;
    if (canSee(viewer, record) || (await this.store.uploads.hasReviewOf(viewer.user.id, id, version)))
      return this.cached(record);
    return null;
  }

  /** The latest version, if a new review in this workspace may use it. */
  async usable(viewer: Viewer, id: string, workspaceId: string): Promise<Framework | null> {
    const record = await this.store.getFramework(id);
    if (!record || record.retiredAt || !canSee(viewer, record)) return null;
    if (record.workspaceId && record.workspaceId !== workspaceId) return null;
    return this.cached(record);
  }

  /** The frameworks the viewer may start reviews from: latest versions, retired ones left out. */
  async list(viewer: Viewer): Promise<FrameworkRecord[]> {
    return (await this.store.listFrameworks()).filter((r) => !r.retiredAt && canSee(viewer, r));
  }

  /**
   * Every version of a framework the viewer may see, with change notes, and whether they may save
   * a new version of it (an upload in a scope they publish to; a built-in is adapted under a new id).
   */
  async versions(viewer: Viewer, id: string): Promise<FrameworkVersions | null> {
    const record = await this.store.getFramework(id);
    if (!record || !(canSee(viewer, record) || viewer.user.isAdmin)) return null;
    const workspaceId = record.workspaceId ?? null;
    let editable = record.source === 'upload' && !record.retiredAt;
    if (editable) {
      try {
        checkMayPublish(viewer, { workspaceId });
      } catch {
        editable = false;
      }
    }
    const versions = await this.store.uploads.versions(id);
    return {
      id,
      source: record.source,
      workspaceId,
      latest: record.framework.version,
      editable,
      versions: versions.map((v) => ({ version: v.version, createdAt: v.createdAt, changeNote: v.changeNote })),
    };
  }

  /** Retire an upload (every version): hidden from new reviews; existing reviews keep it. */
  async retire(viewer: Viewer, id: string): Promise<FrameworkRecord> {
    const record = await this.store.getFramework(id);
    // Administrators look after every upload, including workspaces' own.
    if (!record || !(canSee(viewer, record) || viewer.user.isAdmin))
      throw new PublishRefused(404, `no framework "${id}"`);
    checkMayRetire(viewer, record);
    await this.store.uploads.retire(id, new Date().toISOString());
    return record;
  }
}
