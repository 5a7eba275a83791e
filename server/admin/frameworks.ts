import type { UploadedFramework } from '../../shared/protocol/admin.ts';
import type { User } from '../store/access-types.ts';
import type { Store } from '../store/types.ts';
import { AdminError, auditBy } from './audit.ts';

/** Every uploaded framework on the install (latest versions), retired ones included, newest first. */
export async function uploadedFrameworks(store: Store): Promise<UploadedFramework[]> {
  const names = new Map((await store.admin.workspaces()).map((w) => [w.id, w.name]));
  return (await store.listFrameworks())
    .filter((r) => r.source === 'upload')
    .map((r) => ({
      id: r.framework.id,
      title: r.framework.title,
      version: r.framework.version,
      workspaceId: r.workspaceId ?? null,
      workspaceName: r.workspaceId ? (names.get(r.workspaceId) ?? null) : null,
      createdAt: r.createdAt,
      retiredAt: r.retiredAt ?? null,
    }))
    .sort((a, b) => b.createdAt.localeCompare(a.createdAt) || a.id.localeCompare(b.id));
}

/** Retire an upload, whichever workspace it belongs to: hidden from new reviews; reviews keep it. */
export async function retireUpload(store: Store, actor: User, id: string): Promise<UploadedFramework> {
  const current = (await uploadedFrameworks(store)).find((f) => f.id === id);
  if (!current) {
    const builtIn = (await store.getFramework(id))?.source === 'built-in';
    if (builtIn) throw new AdminError(409, 'conflict', `"${id}" is built in; only uploads can be retired`);
    throw new AdminError(404, 'not_found', `no uploaded framework "${id}"`);
  }
  if (current.retiredAt) return current;
  const scope = current.workspaceName ? `workspace "${current.workspaceName}"` : 'every workspace';
  const detail = `retired framework "${current.title}" (${id}, uploaded to ${scope}); reviews made from it keep it`;
  const at = new Date().toISOString();
  await store.admin.retireUpload(id, at, auditBy(actor, 'framework.retire', id, detail));
  return { ...current, retiredAt: at };
}
