import type { User, Workspace } from '../store/access-types.ts';
import type { FrameworkRecord } from '../store/types.ts';

/** Who is asking, with the workspaces they belong to. */
export interface Viewer {
  user: User;
  workspaces: Workspace[];
}

/** Where an upload goes: the whole install (null) or one workspace. */
export type Scope = { workspaceId: string | null };

export class PublishRefused extends Error {
  constructor(
    readonly status: 403 | 404 | 409,
    message: string,
    readonly field?: string,
  ) {
    super(message);
  }
}

/** Built-ins and install-wide uploads are everyone's; a workspace's uploads are its members'. */
export function canSee(viewer: Viewer, record: FrameworkRecord): boolean {
  if (record.source === 'built-in' || !record.workspaceId) return true;
  return viewer.workspaces.some((w) => w.id === record.workspaceId);
}

const ownsWorkspace = (viewer: Viewer, workspaceId: string) =>
  viewer.workspaces.some((w) => w.id === workspaceId && w.role === 'owner');

/** Administrators publish to everyone; a workspace's owners add frameworks to that workspace. */
export function checkMayPublish(viewer: Viewer, scope: Scope): void {
  if (scope.workspaceId === null) {
    if (!viewer.user.isAdmin)
      throw new PublishRefused(
        403,
        'only an administrator can publish a framework to every workspace; a workspace owner can add one to their workspace with ?workspaceId=…',
        'workspaceId',
      );
    return;
  }
  if (!viewer.user.isAdmin && !ownsWorkspace(viewer, scope.workspaceId))
    throw new PublishRefused(
      403,
      'workspaceId: only an owner of this workspace can add frameworks to it',
      'workspaceId',
    );
}

/** An upload is retired by an administrator, or by an owner of the workspace it belongs to. */
export function checkMayRetire(viewer: Viewer, record: FrameworkRecord): void {
  if (record.source === 'built-in')
    throw new PublishRefused(409, `"${record.framework.id}" is a built-in framework; only uploads can be retired`);
  if (viewer.user.isAdmin) return;
  if (record.workspaceId && ownsWorkspace(viewer, record.workspaceId)) return;
  throw new PublishRefused(
    403,
    record.workspaceId
      ? 'only an owner of the workspace it belongs to, or an administrator, can retire this framework'
      : 'only an administrator can retire a framework published to every workspace',
  );
}
