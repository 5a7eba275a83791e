import { useState } from 'react';
import { ApiError } from '../api.ts';

export interface ActionState {
  /** The last success, said in one sentence (announced politely). */
  done: string | null;
  /** The last failure: the server's message, which names what was wrong. */
  failed: string | null;
  run(action: () => Promise<unknown>, said: string): void;
}

/** Run an administration action and keep what it says, for one live region per page. */
export function useAction(after: () => void): ActionState {
  const [done, setDone] = useState<string | null>(null);
  const [failed, setFailed] = useState<string | null>(null);
  return {
    done,
    failed,
    run(action, said) {
      setDone(null);
      setFailed(null);
      action().then(
        () => {
          setDone(said);
          after();
        },
        (error: unknown) => setFailed(error instanceof ApiError ? error.message : 'Could not reach the server.'),
      );
    },
  };
}
