import { request } from '../api.ts';
import type {
  AuditRecord,
  OrphanedReview,
  Person,
  UploadedFramework,
  WorkspaceRole,
  WorkspaceSummary,
} from '../../shared/protocol/admin.ts';

export type { AuditRecord, OrphanedReview, Person, UploadedFramework, WorkspaceRole, WorkspaceSummary };

const send = <T>(method: string, path: string, body?: unknown) =>
  request<T>(path, { method, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });

/** /api/admin and the password-reset links it makes. */
export const adminApi = {
  workspaces: () => request<WorkspaceSummary[]>('/api/admin/workspaces'),
  createWorkspace: (name: string) => send<WorkspaceSummary>('POST', '/api/admin/workspaces', { name }),
  renameWorkspace: (id: string, name: string) =>
    send<WorkspaceSummary>('PATCH', `/api/admin/workspaces/${id}`, { name }),
  removeWorkspace: (id: string) => send<{ ok: true }>('DELETE', `/api/admin/workspaces/${id}`),
  setMember: (id: string, userId: string, role: WorkspaceRole) =>
    send<WorkspaceSummary>('PUT', `/api/admin/workspaces/${id}/members/${userId}`, { role }),
  removeMember: (id: string, userId: string) =>
    send<WorkspaceSummary>('DELETE', `/api/admin/workspaces/${id}/members/${userId}`),
  people: () => request<Person[]>('/api/admin/people'),
  updatePerson: (id: string, change: { disabled?: boolean; isAdmin?: boolean }) =>
    send<Person>('PATCH', `/api/admin/people/${id}`, change),
  resetLink: (id: string) => send<{ url: string; expiresAt: string }>('POST', `/api/admin/people/${id}/password-reset`),
  orphanedReviews: () => request<OrphanedReview[]>('/api/admin/reviews/orphaned'),
  rescue: (reviewId: string, userId: string) =>
    send<{ ok: true }>('POST', `/api/admin/reviews/${reviewId}/facilitators`, { userId }),
  audit: () => request<AuditRecord[]>('/api/admin/audit'),
  uploads: () => request<UploadedFramework[]>('/api/admin/frameworks'),
  retireFramework: (id: string) =>
    send<UploadedFramework>('POST', `/api/admin/frameworks/${encodeURIComponent(id)}/retire`),
  passwordReset: (secret: string) =>
    request<{ name: string; email: string; expiresAt: string }>(`/api/password-resets/${secret}`),
  setPassword: (secret: string, password: string) =>
    send<{ ok: true }>('POST', `/api/password-resets/${secret}`, { password }),
};
