import type {
  Comparison,
  ComparisonSide,
  Overview,
  OverviewFramework,
  OverviewReview,
  Rag,
  ReportedSource,
  TermAgreement,
  Trends,
} from '../../shared/protocol/cycles.ts';
import { request } from '../api.ts';

export interface Snapshot {
  id: string;
  reviewId: string;
  label: string;
  meta: { title: string; frameworkId: string; frameworkVersion: number; status?: string; overall?: string | null };
  createdBy: string | null;
  createdByName: string | null;
  createdAt: string;
}

export interface Cycle {
  previous: {
    id: string;
    title: string;
    readable: boolean;
    source: ReportedSource;
    carriedFocus: boolean;
    ratings: Record<string, string>;
    agreed: Record<string, string>;
  } | null;
  next: { id: string; title: string; readable: boolean }[];
}

export type Move = 'up' | 'down' | 'same' | 'rated' | 'cleared' | 'changed' | 'unrated' | 'added' | 'removed';

export type {
  Comparison,
  ComparisonSide,
  Overview,
  OverviewFramework,
  OverviewReview,
  Rag,
  ReportedSource,
  TermAgreement,
  Trends,
};

const enc = encodeURIComponent;
const post = <T>(path: string, body: unknown) => request<T>(path, { method: 'POST', body: JSON.stringify(body) });

export const cyclesApi = {
  snapshots: (reviewId: string) => request<Snapshot[]>(`/api/reviews/${enc(reviewId)}/snapshots`),
  snapshot: (reviewId: string, id: string) =>
    request<Snapshot & { state: string }>(`/api/reviews/${enc(reviewId)}/snapshots/${enc(id)}`),
  takeSnapshot: (reviewId: string, label: string) =>
    post<Snapshot>(`/api/reviews/${enc(reviewId)}/snapshots`, { label }),
  startNextTerm: (reviewId: string, input: { title: string; carryFocus: boolean; upgrade: boolean }) =>
    post<{ id: string; unchanged: string[] }>(`/api/reviews/${enc(reviewId)}/next`, input),
  cycle: (reviewId: string) => request<Cycle>(`/api/reviews/${enc(reviewId)}/cycle`),
  compareUrl: (reviewId: string, from: string, to: string, format: 'json' | 'csv' = 'json') =>
    `/api/reviews/${enc(reviewId)}/compare?from=${enc(from)}&to=${enc(to)}${format === 'csv' ? '&format=csv' : ''}`,
  compare: (reviewId: string, from: string, to: string) =>
    request<Comparison>(cyclesApi.compareUrl(reviewId, from, to)),
  trends: (reviewId: string) => request<Trends>(`/api/reviews/${enc(reviewId)}/trends`),
  overview: (workspaceId: string, filters: Record<string, string>) => {
    const query = new URLSearchParams(Object.entries(filters).filter(([, v]) => v !== '')).toString();
    return request<Overview>(`/api/workspaces/${enc(workspaceId)}/overview${query ? `?${query}` : ''}`);
  },
};

/** "12 Nov 2026, 14:05". */
export const when = (iso: string) =>
  new Date(iso).toLocaleString('en-GB', {
    day: 'numeric',
    month: 'short',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
  });

/** The framework's own code and a red/amber/green tone for a level, by its rank on the scale (thirds). */
export function toneOf(rank: number, levels: number): Rag {
  if (levels < 2) return 'none';
  const position = rank / (levels - 1);
  return position >= 2 / 3 ? 'green' : position >= 1 / 3 ? 'amber' : 'red';
}
