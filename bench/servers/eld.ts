/**
 * Preloaded into a server under test (`node --import`) so the bench can look inside without
 * changing it. With BENCH_ELD=1: Node's event-loop delay histogram at 1 ms resolution, read and
 * cleared every 50 ms into a log of (time, longest delay) the bench queries for a time window
 * over IPC. Also process.memoryUsage() on request; with `--expose-gc`, a "gc" request runs a full
 * collection first — used only after scenario 4's measurements, to tell garbage not yet collected
 * from memory still held.
 */
import { monitorEventLoopDelay, performance, PerformanceObserver } from 'node:perf_hooks';

const SLOT_MS = 50;
const MAX_SLOTS = 40_000;
/** [epoch ms at the end of the slot, longest delay in the slot (ms)] */
const slots: [number, number][] = [];
/** [epoch ms at the end of a collection's pause, its length (ms)] */
const pauses: [number, number][] = [];

if (process.env.BENCH_ELD === '1') {
  const histogram = monitorEventLoopDelay({ resolution: 1 });
  histogram.enable();
  setInterval(() => {
    slots.push([Date.now(), histogram.count > 0 ? histogram.max / 1e6 : 0]);
    if (slots.length > MAX_SLOTS) slots.splice(0, slots.length - MAX_SLOTS);
    histogram.reset();
  }, SLOT_MS).unref();
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) pauses.push([performance.timeOrigin + e.startTime + e.duration, e.duration]);
    if (pauses.length > MAX_SLOTS) pauses.splice(0, pauses.length - MAX_SLOTS);
  }).observe({ entryTypes: ['gc'] });
}

/** Collection pauses that ended within a slot (the slot's end time). */
function pausedIn(slotEnd: number): number {
  return pauses.filter(([t]) => t > slotEnd - SLOT_MS && t <= slotEnd).reduce((a, [, d]) => a + d, 0);
}

interface Request {
  eld?: string;
  id?: number;
  from?: number;
  to?: number;
}

process.on('message', (m: Request) => {
  if (m.eld === 'read') {
    const from = m.from ?? 0;
    const to = m.to ?? Number.POSITIVE_INFINITY;
    // A slot ending within SLOT_MS after `from` overlaps the window.
    const inWindow = slots.filter(([t]) => t >= from && t <= to + SLOT_MS);
    const worst = inWindow.reduce<[number, number] | null>((w, s) => (w && w[1] >= s[1] ? w : s), null);
    const gcInWindow = pauses.filter(([t]) => t >= from && t <= to + SLOT_MS);
    process.send?.({
      eld: 'stats',
      id: m.id,
      stats:
        process.env.BENCH_ELD === '1'
          ? {
              max: worst?.[1] ?? 0,
              slots: inWindow.length,
              slotsOver5ms: inWindow.filter(([, d]) => d > 5).length,
              gcMax: gcInWindow.reduce((x, [, d]) => Math.max(x, d), 0),
              gcInWorst: worst ? pausedIn(worst[0]) : 0,
            }
          : null,
    });
  }
  if (m.eld === 'memory' || m.eld === 'gc') {
    const gc = (globalThis as { gc?: () => void }).gc;
    if (m.eld === 'gc' && gc) gc();
    process.send?.({ eld: 'memory', id: m.id, memory: process.memoryUsage() });
  }
});
// The channel must not keep a server alive that would otherwise exit.
process.channel?.unref();
