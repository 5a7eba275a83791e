import { useCallback, useSyncExternalStore } from 'react';
import type * as Y from 'yjs';

type Listener = () => void;

/**
 * One observer per Y.Map, fanning out to listeners of single keys, so a change to one
 * criterion re-renders that criterion's row and nothing else.
 */
class KeyedMap<T> {
  private readonly byKey = new Map<string, Set<Listener>>();

  constructor(readonly map: Y.Map<T>) {
    map.observe((event) => {
      for (const key of event.keysChanged as Set<string>) for (const l of this.byKey.get(key) ?? []) l();
    });
  }

  subscribe(key: string, listener: Listener): () => void {
    let set = this.byKey.get(key);
    if (!set) this.byKey.set(key, (set = new Set()));
    set.add(listener);
    return () => set.delete(listener);
  }
}

const keyed = new WeakMap<object, object>();

function keyedMap<T>(map: Y.Map<T>): KeyedMap<T> {
  let k = keyed.get(map) as KeyedMap<T> | undefined;
  if (!k) keyed.set(map, (k = new KeyedMap(map)));
  return k;
}

/** Calls the listener when any of the given keys of the map changes (one observer per map, however many listen). */
export function subscribeKeys<T>(map: Y.Map<T>, keys: readonly string[], listener: Listener): () => void {
  const k = keyedMap(map);
  const offs = keys.map((key) => k.subscribe(key, listener));
  return () => offs.forEach((off) => off());
}

/**
 * The same subscribe function from render to render (React unsubscribes and subscribes again
 * whenever it changes, which a remote edit's render would otherwise do for every cell it touches).
 */
function useKeySubscribe<T>(map: Y.Map<T>, key: string): (listener: Listener) => () => void {
  return useCallback((listener: Listener) => keyedMap(map).subscribe(key, listener), [map, key]);
}

/** The value under one key of a Y.Map, re-rendering only when that key changes. */
export function useMapValue<T>(map: Y.Map<T>, key: string): T | undefined {
  const subscribe = useKeySubscribe(map, key);
  return useSyncExternalStore(
    subscribe,
    useCallback(() => map.get(key), [map, key]),
  );
}

/**
 * Whether the value under one key of a Y.Map is the given one: re-renders only when that flips, so
 * of a row's level cells only the two whose selection changes render when its rating moves.
 */
export function useMapValueIs<T>(map: Y.Map<T>, key: string, value: T): boolean {
  const subscribe = useKeySubscribe(map, key);
  return useSyncExternalStore(
    subscribe,
    useCallback(() => map.get(key) === value, [map, key, value]),
  );
}

/** The string content of a Y.Text (for previews), re-rendering when it changes. */
export function useTextContent(text: Y.Text | undefined): string {
  return useSyncExternalStore(
    useCallback(
      (cb: Listener) => {
        if (!text) return () => {};
        text.observe(cb);
        return () => text.unobserve(cb);
      },
      [text],
    ),
    () => text?.toJSON() ?? '',
  );
}

/** A snapshot of a Y.Array's items, re-rendering when it changes. */
export function useArray<T>(array: Y.Array<T> | undefined): readonly T[] {
  return useSyncExternalStore(
    (cb) => {
      if (!array) return () => {};
      const h = () => {
        cache.delete(array as Y.Array<unknown>);
        cb();
      };
      array.observe(h);
      return () => array.unobserve(h);
    },
    () => {
      if (!array) return empty as readonly T[];
      let items = cache.get(array as Y.Array<unknown>) as readonly T[] | undefined;
      if (!items) cache.set(array as Y.Array<unknown>, (items = array.toArray()));
      return items;
    },
  );
}

const empty: readonly unknown[] = [];
const cache = new WeakMap<Y.Array<unknown>, readonly unknown[]>();
