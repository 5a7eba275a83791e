import { useSyncExternalStore } from 'react';
import type * as Y from 'yjs';

const versions = new WeakMap<Y.Map<unknown>, { n: number; listeners: Set<() => void> }>();

function tracked(map: Y.Map<unknown>) {
  let entry = versions.get(map);
  if (!entry) {
    const created = { n: 0, listeners: new Set<() => void>() };
    map.observe(() => {
      created.n++;
      for (const l of created.listeners) l();
    });
    versions.set(map, (entry = created));
  }
  return entry;
}

/** A number that changes whenever any key of the map changes: for values derived from many keys. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- any value type: only changes are counted.
export function useMapVersion(map: Y.Map<any>): number {
  const entry = tracked(map as Y.Map<unknown>);
  return useSyncExternalStore(
    (cb) => {
      entry.listeners.add(cb);
      return () => entry.listeners.delete(cb);
    },
    () => entry.n,
  );
}
