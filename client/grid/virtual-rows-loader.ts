/**
 * The grid's virtualiser, loaded only for reviews large enough to need it. The grid renders no rows
 * until it is here rather than placeholder rows first: replacing placeholders (as a Suspense
 * fallback did) mounted the first rows twice and took focus from a cell just given it.
 */
import { useEffect, useState } from 'react';
import type { VirtualRows as VirtualRowsComponent } from './VirtualRows.tsx';

type Loaded = typeof VirtualRowsComponent;

let loaded: Loaded | null = null;
let loading: Promise<Loaded> | null = null;

/** Starts loading the virtualiser, once; the early load calls it as soon as it knows the review's size. */
export function loadVirtualRows(): Promise<Loaded> {
  loading ??= import('./VirtualRows.tsx').then(
    (module) => (loaded = module.VirtualRows),
    (error: unknown) => {
      // A failed fetch (the network, a deploy that replaced the chunk) may be asked again.
      loading = null;
      throw error;
    },
  );
  return loading;
}

export type VirtualRowsState = { component: Loaded } | { component: null; failed: boolean; retry: () => void };

/** The virtualiser when `wanted`: at once if already loaded, else after it arrives (the caller renders again). */
export function useVirtualRows(wanted: boolean): VirtualRowsState {
  const [failed, setFailed] = useState(false);
  // Bumped when it arrives (to render again) and on a retry (to ask again).
  const [attempt, setAttempt] = useState(0);
  useEffect(() => {
    if (!wanted || loaded) return;
    let live = true;
    loadVirtualRows().then(
      () => live && setAttempt((n) => n + 1),
      () => live && setFailed(true),
    );
    return () => {
      live = false;
    };
  }, [wanted, attempt]);
  const retry = () => {
    setFailed(false);
    setAttempt((n) => n + 1);
  };
  return loaded ? { component: loaded } : { component: null, failed, retry };
}
