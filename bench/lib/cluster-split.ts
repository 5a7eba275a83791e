/**
 * Scenario 11's arithmetic: how participants are spread over load processes and server
 * processes, and what a pair of searched limits says about their ratio.
 */

export interface Place {
  /** Load process the participant lives in. */
  load: number;
  /** Server process it connects to. */
  process: number;
}

/**
 * Participant `i` of `count`: load process `i mod loads` (as scenario 2 splits them), server
 * process chosen so that every load process talks to every server process evenly and every
 * server process gets an even share (no stickiness: a review's participants land anywhere).
 */
export function placeClients(count: number, loads: number, processes: number): Place[] {
  if (!Number.isInteger(loads) || loads < 1 || !Number.isInteger(processes) || processes < 1)
    throw new Error(`need at least one load process and one server process, not ${loads} and ${processes}`);
  return Array.from({ length: count }, (_, i) => ({
    load: i % loads,
    // Each load process walks the server processes in turn, starting one further along than the last.
    process: (Math.floor(i / loads) + (i % loads)) % processes,
  }));
}

/** How many participants each server process got. */
export function perProcess(places: Place[], processes: number): number[] {
  const counts = Array.from({ length: processes }, () => 0);
  for (const p of places) counts[p.process]!++;
  return counts;
}

/** A searched limit: the highest rate that passed and the lowest that failed (Infinity: none failed). */
export interface Bracket {
  best: number;
  firstFailure: number;
}

/**
 * `a`'s limit ÷ `b`'s, with the range the searches leave open: each true limit lies between its
 * last pass and its first failure, so the ratio lies between a.best ÷ b.firstFailure and
 * a.firstFailure ÷ b.best (NaN bounds where a search found no pass or no failure).
 */
export function bracketRatio(a: Bracket, b: Bracket): { estimate: number; low: number; high: number } {
  const div = (x: number, y: number) => (Number.isFinite(x) && Number.isFinite(y) && x > 0 && y > 0 ? x / y : NaN);
  return {
    estimate: div(a.best, b.best),
    low: div(a.best, b.firstFailure),
    high: div(a.firstFailure, b.best),
  };
}

/** CPU µs per edit from CPU seconds and edits; NaN when nothing was sent or CPU is unknown. */
export function cpuPerEdit(cpuSeconds: number, edits: number): number {
  return edits > 0 && Number.isFinite(cpuSeconds) ? (cpuSeconds * 1e6) / edits : Number.NaN;
}
