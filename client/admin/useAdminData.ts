import { useCallback, useEffect, useState } from 'react';
import type { AsyncState } from '../useAsync.ts';
import {
  adminApi,
  type AuditRecord,
  type OrphanedReview,
  type Person,
  type UploadedFramework,
  type WorkspaceSummary,
} from './api.ts';

export interface AdminData {
  workspaces: WorkspaceSummary[];
  people: Person[];
  orphaned: OrphanedReview[];
  uploads: UploadedFramework[];
  audit: AuditRecord[];
}

/**
 * Everything the page shows; `reload` fetches it again while the last copy stays on screen, so
 * focus, an open link and the page's place survive each change.
 */
export function useAdminData(enabled: boolean): [AsyncState<AdminData>, () => void] {
  const [tick, setTick] = useState(0);
  const [state, setState] = useState<AsyncState<AdminData>>({ status: 'loading' });
  useEffect(() => {
    if (!enabled) return;
    let live = true;
    Promise.all([
      adminApi.workspaces(),
      adminApi.people(),
      adminApi.orphanedReviews(),
      adminApi.uploads(),
      adminApi.audit(),
    ]).then(
      ([workspaces, people, orphaned, uploads, audit]) =>
        live && setState({ status: 'ready', value: { workspaces, people, orphaned, uploads, audit } }),
      (error: unknown) =>
        live && setState({ status: 'error', error: error instanceof Error ? error : new Error(String(error)) }),
    );
    return () => {
      live = false;
    };
  }, [enabled, tick]);
  return [state, useCallback(() => setTick((t) => t + 1), [])];
}
