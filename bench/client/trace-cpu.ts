/**
 * The CPU time each remote edit's frame cost, from a Chromium trace: for each window from a sync
 * update's arrival in the page to its frame painted (the `grid:arrival` and `grid:painted` marks
 * frame-measure.ts sets), the thread time (`tdur`) of every browser thread's top-level work in it,
 * and the renderer main thread's split into script, style, layout, paint and commit. Thread time
 * leaves out the time a thread waited for the CPU, so it changes less than wall time with the
 * machine's load.
 */
import { percentileOf } from '../lib/stats.ts';

interface TraceEvent {
  name: string;
  cat?: string;
  ph: string;
  pid: number;
  tid: number;
  ts: number;
  dur?: number;
  tdur?: number;
  args?: { name?: string; data?: { functionName?: string } };
}

/** The renderer main thread's work, by what a frame spends it on. */
const PHASES: Record<string, string> = {
  FunctionCall: 'script',
  EventDispatch: 'script',
  TimerFire: 'script',
  FireAnimationFrame: 'script',
  RunMicrotasks: 'script',
  FireIdleCallback: 'idle callbacks',
  'v8.callFunction': 'script',
  MinorGC: 'GC',
  MajorGC: 'GC',
  UpdateLayoutTree: 'style',
  Layout: 'layout',
  PrePaint: 'pre-paint',
  Paint: 'paint',
  Layerize: 'layerize',
  Commit: 'commit',
};

/** Threads grouped as a frame involves them. */
function group(process: string, thread: string): string {
  if (process === 'Renderer') {
    if (thread === 'CrRendererMain') return 'renderer main';
    if (thread === 'Compositor') return 'renderer compositor';
    if (thread.startsWith('ThreadPool') || thread.startsWith('CompositorTileWorker'))
      return 'renderer workers (raster)';
    return 'renderer other';
  }
  if (process === 'GPU Process') return 'GPU/viz';
  if (process === 'Browser') return 'browser';
  return 'other';
}

const key = (e: TraceEvent) => `${e.pid}:${e.tid}`;

/** Top-level complete events of one thread (not nested in another), in time order. */
function topLevel(events: TraceEvent[]): TraceEvent[] {
  const sorted = [...events].sort((a, b) => a.ts - b.ts || (b.dur ?? 0) - (a.dur ?? 0));
  const out: TraceEvent[] = [];
  let end = -Infinity;
  for (const e of sorted) {
    if (e.ts < end) continue;
    out.push(e);
    end = e.ts + (e.dur ?? 0);
  }
  return out;
}

export function printTraceCpu(traceEvents: TraceEvent[]) {
  const processes = new Map<number, string>();
  const threads = new Map<string, string>();
  for (const e of traceEvents) {
    if (e.ph !== 'M') continue;
    if (e.name === 'process_name') processes.set(e.pid, e.args?.name ?? '');
    if (e.name === 'thread_name') threads.set(key(e), e.args?.name ?? '');
  }
  const marks = (name: string) =>
    traceEvents.filter((e) => e.name === name && e.cat?.includes('user_timing')).sort((a, b) => a.ts - b.ts);
  const arrivals = marks('grid:arrival');
  const painted = marks('grid:painted').map((e) => e.ts);
  if (arrivals.length === 0) return console.log('  (no grid:arrival marks in the trace: no CPU split per edit)');
  const byThread = new Map<string, TraceEvent[]>();
  for (const e of traceEvents)
    if (e.ph === 'X' && e.tdur !== undefined) byThread.set(key(e), [...(byThread.get(key(e)) ?? []), e]);
  const main = new Set([...byThread.keys()].filter((k) => threads.get(k) === 'CrRendererMain'));
  const tops = [...byThread].map(([k, events]) => ({
    name: group(processes.get(Number(k.split(':')[0])) ?? '', threads.get(k) ?? ''),
    main: main.has(k) ? k : null,
    events: topLevel(events),
    // The main thread's phases: the outermost event of a kind PHASES names.
    phases: main.has(k) ? topLevel(events.filter((e) => PHASES[e.name])) : [],
  }));
  const windows: { wall: number; cpu: Map<string, number>; phases: Map<string, number> }[] = [];
  let next = 0;
  for (const mark of arrivals) {
    const arrival = mark.ts;
    // From the start of the task the update arrived in (the mark is set inside it).
    const task = tops
      .find((t) => t.main === `${mark.pid}:${mark.tid}`)
      ?.events.find((e) => e.ts <= arrival && arrival <= e.ts + (e.dur ?? 0));
    const from = task?.ts ?? arrival;
    while (next < painted.length && painted[next]! < arrival) next++;
    const to = painted[next];
    if (to === undefined) break;
    const cpu = new Map<string, number>();
    const phases = new Map<string, number>();
    const within = (e: TraceEvent) => e.ts >= from && e.ts <= to;
    for (const thread of tops) {
      for (const e of thread.events.filter(within)) cpu.set(thread.name, (cpu.get(thread.name) ?? 0) + e.tdur! / 1000);
      for (const e of thread.phases.filter(within))
        phases.set(PHASES[e.name]!, (phases.get(PHASES[e.name]!) ?? 0) + e.tdur! / 1000);
    }
    windows.push({ wall: (to - from) / 1000, cpu, phases });
  }
  const sum = (m: Map<string, number>) => [...m.values()].reduce((a, b) => a + b, 0);
  const totals = windows.map((w) => sum(w.cpu));
  const mean = (pick: (w: (typeof windows)[number]) => number) =>
    (windows.reduce((t, w) => t + pick(w), 0) / windows.length).toFixed(2);
  console.log(
    `CPU time per edit (thread time, arrival → frame painted; ${windows.length} edits): all browser threads mean ${mean((w) => sum(w.cpu))} ms, p50 ${percentileOf(totals, 50).toFixed(2)}, p90 ${percentileOf(totals, 90).toFixed(2)}; wall mean ${mean((w) => w.wall)} ms`,
  );
  const names = (pick: 'cpu' | 'phases') => [...new Set(windows.flatMap((w) => [...w[pick].keys()]))];
  // Mean and median: one long task (a GC, a compile) moves the mean of a hundred edits.
  const line = (pick: 'cpu' | 'phases') =>
    names(pick)
      .map((n) => [n, Number(mean((w) => w[pick].get(n) ?? 0)), windows.map((w) => w[pick].get(n) ?? 0)] as const)
      .sort((a, b) => b[1] - a[1])
      .map(([n, ms, all]) => `${n} ${ms.toFixed(2)} (${percentileOf(all, 50).toFixed(2)})`)
      .join(', ');
  console.log(`  by thread, mean (median) ms: ${line('cpu')}`);
  console.log(`  renderer main by phase, mean (median) ms: ${line('phases')}`);
}
