import type { WebsocketProvider } from 'y-websocket';

/** The longest wait before attempt `attempt` (0-based): 0.5 s doubling, capped at 30 s. */
export const backoffWindow = (attempt: number): number => Math.min(30_000, 500 * 2 ** attempt);

/**
 * Reconnect with "full jitter" exponential back-off: a random wait up to 0.5 s × 2^attempt, capped
 * at 30 s, so a room of 200 people does not reconnect in step to a restarted server.
 * Returns a function that stops it.
 */
export function jitteredReconnect(provider: WebsocketProvider, random: () => number = Math.random): () => void {
  let attempt = 0;
  let timer: ReturnType<typeof setTimeout> | null = null;
  const onClose = (event: CloseEvent | null) => {
    // Closed by us (disconnect) or for good (4400–4499): leave it to the provider.
    // The provider emits this before it marks a 44xx close as final, so ask its rule directly.
    if (event === null || !provider.shouldConnect || !provider.shouldReconnect(event, provider)) return;
    // Take the reconnect away from the provider's own fixed schedule...
    provider.shouldConnect = false;
    const cap = backoffWindow(attempt);
    attempt++;
    // ...and give it back after a random share of the window.
    timer = setTimeout(() => {
      timer = null;
      provider.connect();
    }, random() * cap);
  };
  const onStatus = ({ status }: { status: string }) => {
    if (status === 'connected') attempt = 0;
  };
  provider.on('connection-close', onClose);
  provider.on('status', onStatus);
  return () => {
    provider.off('connection-close', onClose);
    provider.off('status', onStatus);
    if (timer) clearTimeout(timer);
  };
}
