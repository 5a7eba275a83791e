/** How long a test waits for any one awaited event: well inside vitest's 60 s, so the named wait fails first. */
export const WAIT_MS = 20_000;

/**
 * Wait for an event with a deadline of its own. `subscribe` starts listening, calls `done` with the
 * value once it has happened, and returns a function that stops listening. On timeout the promise
 * rejects with a message naming what was awaited, instead of vitest's generic test timeout.
 */
export function waitFor<T>(
  what: string,
  subscribe: (done: (value: T) => void) => () => void,
  timeoutMs = WAIT_MS,
): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    let settled = false;
    let stop: (() => void) | null = null;
    const timer = setTimeout(() => {
      settled = true;
      stop?.();
      reject(new Error(`timed out after ${timeoutMs / 1000} s waiting for ${what}`));
    }, timeoutMs);
    const done = (value: T) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      stop?.();
      resolve(value);
    };
    stop = subscribe(done);
    // `done` may have run inside `subscribe`, before `stop` existed.
    if (settled) stop();
  });
}
