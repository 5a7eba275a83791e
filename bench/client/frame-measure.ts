/**
 * The grid's frame after a remote edit and a cold load's time to the first grid cell, in Chromium:
 * shared by `bench/client/grid-frame.ts` (run alone) and scenario 7 of `npm run bench`.
 *
 * - Remote edits: a Y.Doc connected to the review (its updates reach the server) sets ratings one
 *   at a time, each after the page has rendered the previous one: half on rows in view at the top
 *   of the page, half spread over the whole review (most of them off-screen).
 * - In the page (installed before the app runs): a listener on the page's WebSocket stamps each
 *   sync update's arrival, then asks for the next animation frame and, from it, a task that runs
 *   once that frame's style, layout and paint are done. Frame = that task − the arrival. The bench
 *   waits for each frame on a promise the page resolves, not by polling it (which ran in the page's
 *   main thread every 5 ms, in the frames it measured).
 *   Long animation frames (PerformanceObserver `long-animation-frame`, ≥ 50 ms) are counted.
 * - Cold load: a fresh browser context each time; from navigation start to the first rating cell
 *   painted (a task queued from the animation frame after the cell appeared). The first load is
 *   not counted.
 */
import type { Browser, BrowserContext, Page } from 'playwright-core';
import * as Y from 'yjs';
import { BENCH_PASSWORD } from '../lib/candidate-access.ts';
import { LEVELS, largeCriteria } from '../lib/frameworks.ts';
import { percentileOf } from '../lib/stats.ts';
import { printTraceCpu } from './trace-cpu.ts';

/** A string, so nothing the TypeScript loader adds to functions reaches the page. */
const instrumentation = `(() => {
  const waiting = [];
  const bench = {
    frames: [],
    longFrames: [],
    firstCell: null,
    // Resolves once n frames are recorded: the bench waits on this, not by polling the page it measures.
    until: (n) => new Promise((resolve) => (bench.frames.length >= n ? resolve() : waiting.push([n, resolve]))),
  };
  window.__grid = bench;
  try {
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) bench.longFrames.push([e.startTime, e.duration]);
    }).observe({ type: 'long-animation-frame', buffered: true });
  } catch {}
  const afterPaint = (record) =>
    requestAnimationFrame((raf) => {
      const channel = new MessageChannel();
      channel.port1.onmessage = () => record(raf, performance.now());
      channel.port2.postMessage(0);
    });
  const Native = window.WebSocket;
  window.WebSocket = class extends Native {
    constructor(url, protocols) {
      super(url, protocols);
      // Registered before y-websocket sets onmessage, so it runs first.
      this.addEventListener('message', (event) => {
        const data = event.data;
        if (!(data instanceof ArrayBuffer) || data.byteLength < 2) return;
        const b = new Uint8Array(data, 0, 2);
        if (b[0] !== 0 || b[1] !== 2) return;
        const at = performance.now();
        // Marks for a trace (trace-cpu.ts): where each edit's window starts and ends.
        performance.mark('grid:arrival');
        afterPaint((raf, done) => {
          performance.mark('grid:painted');
          bench.frames.push([at, raf, done]);
          for (const w of waiting.splice(0)) if (bench.frames.length >= w[0]) w[1]();
          else waiting.push(w);
        });
      });
    }
  };
  const cell = new MutationObserver(() => {
    if (!document.querySelector('.rubric .level-button')) return;
    cell.disconnect();
    afterPaint((_, done) => (bench.firstCell = done));
  });
  cell.observe(document, { subtree: true, childList: true });
})();`;

export interface GridBench {
  /** [update arrived, next animation frame began, that frame painted] */
  frames: [number, number, number][];
  longFrames: [number, number][];
  firstCell: number | null;
  until: (frames: number) => Promise<void>;
}

interface CpuProfile {
  nodes: { id: number; callFrame: { functionName: string; url: string; lineNumber: number } }[];
  samples?: number[];
  timeDeltas?: number[];
}

/** The functions with the most self time in a CPU profile, as "name (file:line) ms". */
export function printProfile(profile: CpuProfile) {
  const byNode = new Map(profile.nodes.map((n) => [n.id, n]));
  const self = new Map<string, number>();
  profile.samples?.forEach((id, i) => {
    const frame = byNode.get(id)?.callFrame;
    const name = frame
      ? `${frame.functionName || '(anonymous)'} (${frame.url.split('/').pop()}:${frame.lineNumber + 1})`
      : '?';
    self.set(name, (self.get(name) ?? 0) + (profile.timeDeltas?.[i] ?? 0) / 1000);
  });
  const top = [...self].sort((a, b) => b[1] - a[1]).slice(0, 25);
  console.log('page main thread during the edits, self time:');
  for (const [name, ms] of top) console.log(`  ${ms.toFixed(1).padStart(8)} ms  ${name}`);
}

interface TraceEvent {
  name: string;
  ph: string;
  pid: number;
  tid: number;
  dur?: number;
  args?: { name?: string; elementCount?: number; beginData?: { dirtyObjects?: number; totalObjects?: number } };
}

/** The renderer main thread's work in a Chromium trace, per edit: time by event and how much each restyle and layout touched. */
export function printTrace(buffer: Buffer, edits: number) {
  const { traceEvents } = JSON.parse(buffer.toString('utf8')) as { traceEvents: TraceEvent[] };
  printTraceCpu(traceEvents as Parameters<typeof printTraceCpu>[0]);
  const main = new Set(
    traceEvents
      .filter((e) => e.ph === 'M' && e.name === 'thread_name' && e.args?.name === 'CrRendererMain')
      .map((e) => `${e.pid}:${e.tid}`),
  );
  const on = traceEvents.filter((e) => main.has(`${e.pid}:${e.tid}`));
  const names = ['FunctionCall', 'EventDispatch', 'RunMicrotasks', 'FireAnimationFrame', 'UpdateLayoutTree', 'Layout'];
  const more = [
    'PrePaint',
    'Paint',
    'Layerize',
    'Commit',
    'HitTest',
    'ScheduleStyleRecalculation',
    'MajorGC',
    'MinorGC',
  ];
  console.log(`renderer main thread during the edits (trace), per edit (${edits}):`);
  for (const name of [...names, ...more]) {
    const list = on.filter((e) => e.name === name && e.ph === 'X');
    if (list.length === 0) continue;
    const total = list.reduce((t, e) => t + (e.dur ?? 0), 0) / 1000;
    console.log(
      `  ${name.padEnd(20)} ${(total / edits).toFixed(2).padStart(7)} ms, ${(list.length / edits).toFixed(1)} times`,
    );
  }
  const restyled = on.filter((e) => e.name === 'UpdateLayoutTree' && e.args?.elementCount !== undefined);
  const counts = restyled.map((e) => e.args!.elementCount!);
  if (counts.length)
    console.log(`  elements restyled per recalc: p50 ${percentileOf(counts, 50)}, max ${Math.max(...counts)}`);
  const layouts = on.filter((e) => e.name === 'Layout' && e.args?.beginData?.dirtyObjects !== undefined);
  const dirty = layouts.map((e) => e.args!.beginData!.dirtyObjects!);
  if (dirty.length)
    console.log(
      `  layout objects dirty per layout: p50 ${percentileOf(dirty, 50)}, max ${Math.max(...dirty)} of ${layouts.at(-1)!.args!.beginData!.totalObjects}`,
    );
}

/** A browser context signed in as `email`, with `script` (the frame instrumentation unless given) in every page. */
export async function signedIn(
  browser: Browser,
  url: string,
  email: string,
  script = instrumentation,
): Promise<BrowserContext> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const res = await context.request.post(`${url}/api/auth/login`, {
    data: { email, password: BENCH_PASSWORD },
    headers: { origin: url },
  });
  if (!res.ok()) throw new Error(`signing in failed: ${res.status()} ${await res.text()}`);
  await context.addInitScript({ content: script });
  return context;
}

export async function coldLoads(
  browser: Browser,
  url: string,
  email: string,
  review: string,
  count: number,
  /** Run after each load (`counted` false for the first), so another page's loads alternate with these. */
  after: (counted: boolean) => Promise<void> = async () => {},
) {
  const times: number[] = [];
  for (let i = 0; i <= count; i++) {
    const context = await signedIn(browser, url, email);
    try {
      const page = await context.newPage();
      await page.goto(`${url}/reviews/${review}`);
      await page.waitForFunction(() => (window as unknown as { __grid: GridBench }).__grid.firstCell !== null, null, {
        timeout: 60_000,
      });
      const at = await page.evaluate(() => (window as unknown as { __grid: GridBench }).__grid.firstCell!);
      // The first load warms the server's caches and the disk; it is not counted.
      if (i > 0) times.push(at);
    } finally {
      await context.close();
    }
    await after(i > 0);
  }
  return times;
}

export interface EditFrames {
  /** Update arrival → frame painted, per edit (ms). */
  total: number[];
  /** Of which the frame itself: its animation frame → painted (ms). */
  frame: number[];
  /** Whether each edit was on a row in view at the top of the page. */
  inView: boolean[];
  /** Long animation frames while the edits arrived: [start, duration]. */
  longFrames: [number, number][];
}

/**
 * Sets `edits` ratings on the 1,000-row review through `doc` (synced with the server), each once the
 * page has painted the previous one, and returns each edit's frame. `around` runs around the edits
 * (a profiler or a trace) with the page. Two floors under the measurement:
 * - `unchanged`: each rating is set to the value it already has, so the page gets the same updates
 *   and draws the same frames with nothing to change (the wait for the next frame and a frame's
 *   fixed cost);
 * - `floorPage`: the same edits, shown by the floor page (floor-page.ts, served beside the client)
 *   as one number changing: the least any page pays to show an edit in this browser, with no
 *   application in it.
 */
export async function remoteEditFrames(
  browser: Browser,
  url: string,
  email: string,
  review: string,
  doc: Y.Doc,
  edits: number,
  around: {
    start?: (page: Page, context: BrowserContext) => Promise<void>;
    stop?: () => Promise<void>;
  } = {},
  options: { unchanged?: boolean; floorPage?: boolean } = {},
): Promise<EditFrames> {
  const context = await signedIn(browser, url, email);
  try {
    const page = await context.newPage();
    if (options.floorPage) {
      await page.goto(`${url}/bench-floor.html?review=${encodeURIComponent(review)}&frames`);
      await page.locator('#status').getByText('All changes saved').waitFor({ timeout: 60_000 });
    } else {
      await page.goto(`${url}/reviews/${review}`);
      await page.getByTestId('connection-state').getByText('All changes saved').waitFor({ timeout: 60_000 });
    }
    const ratings = doc.getMap<string>('ratings');
    const criteria = largeCriteria();
    const inView: boolean[] = [];
    await around.start?.(page, context);
    const editsFrom = await page.evaluate(() => performance.now());
    const before = await page.evaluate(() => (window as unknown as { __grid: GridBench }).__grid.frames.length);
    for (let k = 0; k < edits; k++) {
      const near = k % 2 === 0;
      // In view: the first three rows; anywhere: spread over the whole table.
      const criterion = criteria[near ? (k / 2) % 3 : (k * 337) % criteria.length]!;
      inView.push(near);
      const key = `self/${criterion}/-`;
      // Unchanged: the rating it already has, set again (a real update that changes nothing on screen).
      const level = options.unchanged ? (ratings.get(key) ?? LEVELS[0]!) : LEVELS[k % LEVELS.length]!;
      Y.transact(doc, () => ratings.set(key, level));
      await page.evaluate((n) => (window as unknown as { __grid: GridBench }).__grid.until(n), before + k + 1);
    }
    await around.stop?.();
    const bench = await page.evaluate(() => (window as unknown as { __grid: GridBench }).__grid);
    const frames = bench.frames.slice(-edits);
    return {
      total: frames.map(([at, , done]) => done - at),
      frame: frames.map(([, raf, done]) => done - raf),
      inView,
      longFrames: bench.longFrames.filter(([start]) => start >= editsFrom),
    };
  } finally {
    await context.close();
  }
}
