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

/**
 * How long a state relayed from another process is kept without being renewed: 30 s, y-protocols'
 * own outdatedTimeout (stock clients renew every 15 s), so a process killed outright leaves no
 * ghosts. PRESENCE_TIMEOUT_MS (1,000–600,000) sets it; below 30,000 people whose renewal is merely
 * late are dropped until it arrives, so shorter values are for tests.
 */
export const DEFAULT_PRESENCE_TIMEOUT_MS = 30_000;

export function presenceTimeoutMs(value: string | undefined): number {
  if (value === undefined || value.trim() === '') return DEFAULT_PRESENCE_TIMEOUT_MS;
  const ms = Number(value);
  if (!Number.isInteger(ms) || ms < 1_000 || ms > 600_000)
    throw new Error(`PRESENCE_TIMEOUT_MS must be a whole number of milliseconds from 1000 to 600000, not "${value}"`);
  return ms;
}
