import { useCallback, useEffect, useMemo, useRef, useState } from 'react';

export type AsyncState<T> =
  | { status: 'loading' }
  | { status: 'error'; error: Error }
  /** `stale`: an earlier run's value, shown while the next run loads (with `keepLast`). */
  | { status: 'ready'; value: T; stale?: boolean };

export interface AsyncOptions {
  /**
   * While a new run loads, go on returning the last value (marked stale) rather than 'loading', so a page
   * that reloads after a filter or a change stays on screen, with the control in hand still mounted.
   */
  keepLast?: boolean;
}

/** Run `load` whenever `deps` change; `reload` runs it again. Results of superseded runs are dropped. */
export function useAsync<T>(
  load: () => Promise<T>,
  deps: readonly unknown[],
  { keepLast = false }: AsyncOptions = {},
): [AsyncState<T>, () => void] {
  const [tick, setTick] = useState(0);
  const key = JSON.stringify([...deps, tick]);
  const [result, setResult] = useState<{ key: string; state: AsyncState<T> } | null>(null);
  const loadRef = useRef(load);
  useEffect(() => {
    loadRef.current = load;
  });
  useEffect(() => {
    let live = true;
    loadRef.current().then(
      (value) => live && setResult({ key, state: { status: 'ready', value } }),
      (error: unknown) =>
        live &&
        setResult({
          key,
          state: { status: 'error', error: error instanceof Error ? error : new Error(String(error)) },
        }),
    );
    return () => {
      live = false;
    };
  }, [key]);
  const reload = useCallback(() => setTick((t) => t + 1), []);
  // One object per result, so callers may memoise on the state.
  const state = useMemo<AsyncState<T>>(() => {
    if (result?.key === key) return result.state;
    if (keepLast && result?.state.status === 'ready') return { ...result.state, stale: true };
    return { status: 'loading' };
  }, [result, key, keepLast]);
  return [state, reload];
}

/** A form field's text value (never a File). */
export function formText(data: FormData, name: string): string {
  const value = data.get(name);
  return typeof value === 'string' ? value : '';
}
