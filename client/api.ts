import type { Framework } from '../shared/framework/schema.ts';
import type { HistoryEvent } from '../shared/review/history.ts';

export interface FrameworkSummary {
  id: string;
  version: number;
  title: string;
  shortTitle: string | null;
  summary: string | null;
  audience: string | null;
  levels: string[];
  sections: number;
  criteria: number;
  phases: string[];
  tracks: string[];
  source?: 'built-in' | 'upload';
  /** Uploads: the workspace it belongs to, or null when every workspace has it. */
  workspaceId?: string | null;
  /** Whether you may retire it (administrators; the owning workspace's owners). */
  retirable?: boolean;
}

export interface FrameworkVersions {
  id: string;
  source: 'built-in' | 'upload';
  workspaceId: string | null;
  latest: number;
  /** Whether you may save a new version under this id (built-ins are adapted under a new id). */
  editable: boolean;
  versions: { version: number; createdAt: string; changeNote: string | null }[];
}

import type { Invite, Member, RestoredMembers, ReviewRole } from '../shared/protocol/access.ts';
import type { DeletedReview, ReviewState } from '../shared/protocol/review-record.ts';

export type { Invite, Member, ReviewRole };

export interface Me {
  user: { id: string; name: string; email: string; isAdmin: boolean };
  workspaces: { id: string; name: string; role: 'owner' | 'member' }[];
}

export interface Review extends ReviewState {
  id: string;
  role: ReviewRole;
  title: string;
  frameworkId: string;
  frameworkVersion: number;
  createdAt: string;
  updatedAt: string;
}

/** An API failure carrying the server's own message, which names what was wrong. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly field?: string,
    /** Every fault in an uploaded framework: path inside the file, and what is wrong. */
    readonly issues: { path: string; message: string }[] = [],
  ) {
    super(message);
  }
}

export async function request<T>(path: string, init?: RequestInit): Promise<T> {
  return readReply<T>(fetch(path, { ...init, headers: { 'content-type': 'application/json', ...init?.headers } }));
}

/** An API reply's JSON, or an ApiError with the server's own message. */
export async function readReply<T>(reply: Promise<Response>): Promise<T> {
  const res = await reply;
  if (!res.ok) {
    const body = (await res.json().catch(() => null)) as {
      error?: { message?: string; field?: string; issues?: { path: string; message: string }[] };
    } | null;
    throw new ApiError(
      res.status,
      body?.error?.message ?? `${res.status} ${res.statusText}`,
      body?.error?.field,
      body?.error?.issues,
    );
  }
  return (await res.json()) as T;
}

const post = <T>(path: string, body: unknown) => request<T>(path, { method: 'POST', body: JSON.stringify(body) });

const reviewPath = (id: string, rest = '') => `/api/reviews/${encodeURIComponent(id)}${rest}`;
type StateReply = ReviewState & { id: string };

/** Status, sign-off and management of reviews; backups. */
const recordApi = {
  setStatus: (id: string, status: 'draft' | 'moderation') => post<StateReply>(reviewPath(id, '/status'), { status }),
  signOff: (id: string) => post<StateReply>(reviewPath(id, '/sign-offs'), {}),
  withdrawSignOff: (id: string) => request<StateReply>(reviewPath(id, '/sign-offs/me'), { method: 'DELETE' }),
  finalise: (id: string) => post<StateReply>(reviewPath(id, '/finalise'), {}),
  reopen: (id: string, reason?: string) => post<StateReply>(reviewPath(id, '/reopen'), reason ? { reason } : {}),
  renameReview: (id: string, title: string) =>
    request<Review>(reviewPath(id), { method: 'PATCH', body: JSON.stringify({ title }) }),
  duplicateReview: (id: string, input: { title?: string; withPeople?: boolean } = {}) =>
    post<Review>(reviewPath(id, '/duplicate'), input),
  archiveReview: (id: string, archived: boolean) =>
    post<StateReply>(reviewPath(id, archived ? '/archive' : '/unarchive'), {}),
  deleteReview: (id: string) => request<{ id: string; restorableUntil: string }>(reviewPath(id), { method: 'DELETE' }),
  deletedReviews: () => request<DeletedReview[]>('/api/reviews/deleted'),
  restoreReview: (id: string) => post<{ id: string }>(reviewPath(id, '/restore'), {}),
  purgeReview: (id: string) => request<{ id: string }>(reviewPath(id, '/purge'), { method: 'DELETE' }),
  /** Restore a backup file as a new review; the server checks it whole and answers with the fault if any. */
  importBackup: (file: Blob) =>
    request<Review & { members: RestoredMembers }>('/api/reviews/import', {
      method: 'POST',
      body: file,
      headers: { 'content-type': 'application/json' },
    }),
  backupUrl: (id: string) => reviewPath(id, '/export?format=json'),
  /** The status and sign-offs, with the review-wide history (status changes, renames, deletion…). */
  record: (id: string) => request<StateReply & { events: HistoryEvent[] }>(reviewPath(id, '/record')),
};

/** Who is signed in, from GET /api/auth/session's reply; signed out is an ApiError 401. */
export async function sessionOf(reply: Promise<Response>): Promise<Me> {
  const session = await readReply<({ signedIn: true } & Me) | { signedIn: false }>(reply);
  if (!session.signedIn) throw new ApiError(401, 'not signed in');
  return { user: session.user, workspaces: session.workspaces };
}

export const api = {
  /** Who is signed in; signed out is an ApiError 401, though the request itself succeeds. */
  me: (): Promise<Me> => sessionOf(fetch('/api/auth/session')),
  setup: () => request<{ firstRun: boolean; oidc: { name: string } | null }>('/api/auth/setup'),
  login: (email: string, password: string) => post<{ user: Me['user'] }>('/api/auth/login', { email, password }),
  logout: () => post<{ ok: true }>('/api/auth/logout', {}),
  invite: (secret: string) =>
    request<{ reviewTitle: string; role: ReviewRole; expiresAt: string }>(`/api/invites/${secret}`),
  acceptInvite: (secret: string, account?: { name: string; email: string; password: string }) =>
    post<{ reviewId: string; role: ReviewRole }>(`/api/invites/${secret}/accept`, account ?? {}),
  history: (reviewId: string, criterion: string) =>
    request<HistoryEvent[]>(`/api/reviews/${reviewId}/history?criterion=${encodeURIComponent(criterion)}`),
  members: (reviewId: string) => request<Member[]>(`/api/reviews/${reviewId}/members`),
  removeMember: (reviewId: string, userId: string) =>
    request<{ removed: string[] }>(`/api/reviews/${reviewId}/members/${userId}`, { method: 'DELETE' }),
  invites: (reviewId: string) => request<Invite[]>(`/api/reviews/${reviewId}/invites`),
  createInvite: (reviewId: string, role: ReviewRole, expiresInDays: number) =>
    post<{ invite: Invite; url: string }>(`/api/reviews/${reviewId}/invites`, { role, expiresInDays }),
  revokeInvite: (reviewId: string, inviteId: string) =>
    request<{ removed: string[] }>(`/api/reviews/${reviewId}/invites/${inviteId}`, { method: 'DELETE' }),
  frameworks: () => request<FrameworkSummary[]>('/api/frameworks'),
  framework: (id: string, version?: number) =>
    request<Framework>(`/api/frameworks/${encodeURIComponent(id)}${version ? `?version=${version}` : ''}`),
  reviews: () => request<Review[]>('/api/reviews'),
  review: (id: string) => request<Review>(`/api/reviews/${encodeURIComponent(id)}`),
  /** The framework at the version the review uses. */
  reviewFramework: (id: string) => request<Framework>(`/api/reviews/${encodeURIComponent(id)}/framework`),
  /** Upload a framework file; the server validates it and answers with every fault it finds. */
  uploadFramework: (text: string, filename: string, type: string, workspaceId: string | null) =>
    request<FrameworkSummary>(
      `/api/frameworks?filename=${encodeURIComponent(filename)}${workspaceId ? `&workspaceId=${encodeURIComponent(workspaceId)}` : ''}`,
      {
        method: 'POST',
        headers: { 'content-type': type },
        body: text,
      },
    ),
  /** Every version of a framework with its change note, and whether you may save a new one. */
  frameworkVersions: (id: string) => request<FrameworkVersions>(`/api/frameworks/${encodeURIComponent(id)}/versions`),
  /** Save a framework from the editor: a new version (or a new framework), with a note of what changed. */
  saveFramework: (framework: unknown, workspaceId: string | null, changeNote: string) =>
    request<FrameworkSummary>(
      `/api/frameworks?filename=editor&changeNote=${encodeURIComponent(changeNote)}${workspaceId ? `&workspaceId=${encodeURIComponent(workspaceId)}` : ''}`,
      { method: 'POST', body: JSON.stringify(framework) },
    ),
  /** Hide an uploaded framework from new reviews; reviews made from it keep it. */
  retireFramework: (id: string) =>
    request<{ id: string; retired: true }>(`/api/frameworks/${encodeURIComponent(id)}/retire`, { method: 'POST' }),
  createReview: (input: { frameworkId: string; title: string; workspaceId?: string; moderation?: boolean }) =>
    request<Review>('/api/reviews', { method: 'POST', body: JSON.stringify(input) }),
  ...recordApi,
};
