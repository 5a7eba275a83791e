import { useCallback, useState } from 'react';

/** Run one change at a time against the server, with its progress and the server's own message when refused. */
export function useReviewAction(): {
  busy: string | null;
  error: string | null;
  run: <T>(what: string, action: () => Promise<T>, then?: (result: T) => void) => void;
  clearError: () => void;
} {
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const run = useCallback(<T>(what: string, action: () => Promise<T>, then?: (result: T) => void) => {
    setBusy(what);
    setError(null);
    action().then(
      (result) => {
        setBusy(null);
        then?.(result);
      },
      (e: unknown) => {
        setBusy(null);
        setError(`Could not ${what}: ${e instanceof Error ? e.message : String(e)}`);
      },
    );
  }, []);
  return { busy, error, run, clearError: useCallback(() => setError(null), []) };
}
