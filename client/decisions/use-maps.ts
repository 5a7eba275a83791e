import { useCallback, useRef, useSyncExternalStore } from 'react';
import type * as Y from 'yjs';

/**
 * A number that changes whenever any of the maps (or anything under them) changes, so a
 * component can recompute what it derives from several roots at once. Pass a memoised array.
 */
export function useMapsVersion(maps: readonly Y.Map<unknown>[]): number {
  const version = useRef(0);
  const subscribe = useCallback(
    (cb: () => void) => {
      const handler = () => {
        version.current++;
        cb();
      };
      for (const map of maps) map.observeDeep(handler);
      return () => {
        for (const map of maps) map.unobserveDeep(handler);
      };
    },
    [maps],
  );
  return useSyncExternalStore(subscribe, () => version.current);
}
