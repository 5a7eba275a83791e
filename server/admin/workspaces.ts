import { newId } from '../auth/tokens.ts';
import type { User } from '../store/access-types.ts';
import type { AdminStore, WorkspaceRole, WorkspaceSummary } from '../store/admin-types.ts';
import { AdminError, auditBy, who } from './audit.ts';

async function existing(admin: AdminStore, id: string): Promise<WorkspaceSummary> {
  const workspace = await admin.workspace(id);
  if (!workspace) throw new AdminError(404, 'not_found', `no workspace "${id}"`);
  return workspace;
}

/** Workspace names are unique (ignoring case): the CLI finds workspaces by name. */
async function freeName(admin: AdminStore, name: string, exceptId?: string): Promise<void> {
  const taken = await admin.workspaceNamed(name);
  if (taken && taken.id !== exceptId) {
    throw new AdminError(409, 'conflict', `name: a workspace named "${taken.name}" already exists`, 'name');
  }
}

export async function createWorkspace(admin: AdminStore, actor: User, name: string): Promise<WorkspaceSummary> {
  await freeName(admin, name);
  const id = newId();
  await admin.createWorkspace(id, name, auditBy(actor, 'workspace.create', id, `created workspace "${name}"`));
  return existing(admin, id);
}

export async function renameWorkspace(
  admin: AdminStore,
  actor: User,
  id: string,
  name: string,
): Promise<WorkspaceSummary> {
  const before = await existing(admin, id);
  await freeName(admin, name, id);
  if (before.name !== name) {
    await admin.renameWorkspace(
      id,
      name,
      auditBy(actor, 'workspace.rename', id, `renamed workspace "${before.name}" to "${name}"`),
    );
  }
  return existing(admin, id);
}

export async function removeWorkspace(admin: AdminStore, actor: User, id: string): Promise<void> {
  const before = await existing(admin, id);
  const detail = `removed workspace "${before.name}" (${before.members.length} member(s); ${before.reviews} review(s) kept, in no workspace)`;
  await admin.removeWorkspace(id, auditBy(actor, 'workspace.remove', id, detail));
}

export async function setWorkspaceMember(
  admin: AdminStore,
  actor: User,
  workspaceId: string,
  userId: string,
  role: WorkspaceRole,
): Promise<WorkspaceSummary> {
  const workspace = await existing(admin, workspaceId);
  const person = await admin.person(userId);
  if (!person) throw new AdminError(404, 'not_found', `userId: no person "${userId}"`, 'userId');
  const before = workspace.members.find((m) => m.userId === userId);
  if (before?.role !== role) {
    const detail = before
      ? `changed ${who(person)} from ${before.role} to ${role} of workspace "${workspace.name}"`
      : `added ${who(person)} to workspace "${workspace.name}" as ${role}`;
    await admin.setWorkspaceMember(
      workspaceId,
      userId,
      role,
      auditBy(actor, 'workspace.member.set', workspaceId, detail),
    );
  }
  return existing(admin, workspaceId);
}

export async function removeWorkspaceMember(
  admin: AdminStore,
  actor: User,
  workspaceId: string,
  userId: string,
): Promise<WorkspaceSummary> {
  const workspace = await existing(admin, workspaceId);
  const member = workspace.members.find((m) => m.userId === userId);
  if (!member) throw new AdminError(404, 'not_found', `no member "${userId}" in workspace "${workspace.name}"`);
  const detail = `removed ${who(member)} from workspace "${workspace.name}"`;
  await admin.removeWorkspaceMember(
    workspaceId,
    userId,
    auditBy(actor, 'workspace.member.remove', workspaceId, detail),
  );
  return existing(admin, workspaceId);
}
