import { useCallback, useEffect, useRef, useState } from 'react';

export type AsyncState<T> = { status: 'loading' } | { status: 'error'; error: Error } | { status: 'ready'; value: T };

/** Run `load` whenever `deps` change; `reload` runs it again. Results of superseded runs are dropped. */
export function useAsync<T>(load: () => Promise<T>, deps: readonly unknown[]): [AsyncState<T>, () => void] {
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
  return [result?.key === key ? result.state : { status: 'loading' }, reload];
}

/** A form field's text value (never a File). */
export function formText(data: FormData, name: string): string {
  const value = data.get(name);
  return typeof value === 'string' ? value : '';
}
