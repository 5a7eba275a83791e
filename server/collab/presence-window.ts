/**
 * How long presence changes are coalesced before they go out: 50 ms by default, well inside the
 * 100 ms people read as instant. PRESENCE_FLUSH_MS (0–1,000) sets it, so the trade between server
 * CPU and awareness latency can be measured at other windows; 0 sends at the next turn of the loop.
 */
export const DEFAULT_PRESENCE_FLUSH_MS = 50;

export function presenceFlushMs(value: string | undefined): number {
  if (value === undefined || value.trim() === '') return DEFAULT_PRESENCE_FLUSH_MS;
  const ms = Number(value);
  if (!Number.isInteger(ms) || ms < 0 || ms > 1_000)
    throw new Error(`PRESENCE_FLUSH_MS must be a whole number of milliseconds from 0 to 1000, not "${value}"`);
  return ms;
}
