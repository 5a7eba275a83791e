/**
 * The rating grid in Chromium: the frame rendered after a remote edit on a 1,000-row review, and
 * a cold load's time to the first grid cell. Not part of `npm run bench`; run on its own:
 *
 *   npm run build && node --import tsx bench/client/grid-frame.ts [--client=dist/client] [--edits=200] [--loads=5]
 *
 * - Server: `server/main.ts` as a child process on a fresh data folder, with the bench's
 *   frameworks (the seeds plus the generated 1,000-row one) and the given built client.
 * - Remote edits: a stock y-websocket client in this process sets ratings one at a time, each after
 *   the page has rendered the previous one: half on rows in view at the top of the page, half
 *   spread over the whole review (most of them off-screen).
 * - In the page (installed before the app runs): a listener on the page's WebSocket stamps each
 *   sync update's arrival, then asks for the next animation frame and, from it, a task that runs
 *   once that frame's style, layout and paint are done. Frame = that task − the arrival.
 *   Long animation frames (PerformanceObserver `long-animation-frame`, ≥ 50 ms) are counted.
 * - Cold load: a fresh browser context each time; from navigation start to the first rating cell
 *   painted (a task queued from the animation frame after the cell appeared), for the largest seed
 *   framework's review and for the 1,000-row review. The first load of each is not counted.
 *
 * Figures on a shared machine are indicative: the load average is printed beside them.
 */
import { mkdtemp } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { chromium, type Browser, type BrowserContext } from 'playwright-core';
import * as Y from 'yjs';
import { connectClient, synced } from '../../test/helpers/clients.ts';
import { spawnServer } from '../../test/helpers/server.ts';
import { findChromium, NOT_FOUND_MESSAGE } from '../../test/chromium.ts';
import { BENCH_PASSWORD, createAccounts, createReview } from '../lib/candidate-access.ts';
import { LARGE_FRAMEWORK_ID, LEVELS, frameworksDir, largeCriteria } from '../lib/frameworks.ts';
import { repoRoot } from '../lib/servers.ts';
import { percentileOf } from '../lib/stats.ts';

const { values: args } = parseArgs({
  options: {
    client: { type: 'string', default: join(repoRoot, 'dist/client') },
    edits: { type: 'string', default: '200' },
    loads: { type: 'string', default: '5' },
    // Also print where the page's main thread spent its time during the edits (CPU profile, self time).
    profile: { type: 'boolean', default: false },
    // Also print the renderer's main-thread work per edit from a Chromium trace (style, layout, paint, script).
    trace: { type: 'boolean', default: false },
  },
});

/** A string, so nothing the TypeScript loader adds to functions reaches the page. */
const instrumentation = `(() => {
  const bench = { frames: [], longFrames: [], firstCell: null };
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
        afterPaint((raf, done) => bench.frames.push([at, raf, done]));
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

interface GridBench {
  /** [update arrived, next animation frame began, that frame painted] */
  frames: [number, number, number][];
  longFrames: [number, number][];
  firstCell: number | null;
}

const fmt = (ms: number) => (Number.isFinite(ms) ? ms.toFixed(ms < 10 ? 2 : 1) : '—');
const load = () =>
  loadavg()
    .map((x) => x.toFixed(2))
    .join(' ');

interface CpuProfile {
  nodes: { id: number; callFrame: { functionName: string; url: string; lineNumber: number } }[];
  samples?: number[];
  timeDeltas?: number[];
}

/** The functions with the most self time in a CPU profile, as "name (file:line) ms". */
function printProfile(profile: CpuProfile) {
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
function printTrace(buffer: Buffer, edits: number) {
  const { traceEvents } = JSON.parse(buffer.toString('utf8')) as { traceEvents: TraceEvent[] };
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

async function signedIn(browser: Browser, url: string, email: string): Promise<BrowserContext> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const res = await context.request.post(`${url}/api/auth/login`, {
    data: { email, password: BENCH_PASSWORD },
    headers: { origin: url },
  });
  if (!res.ok()) throw new Error(`signing in failed: ${res.status()} ${await res.text()}`);
  await context.addInitScript({ content: instrumentation });
  return context;
}

async function coldLoads(browser: Browser, url: string, email: string, review: string, count: number) {
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
  }
  return times;
}

async function main() {
  const found = findChromium();
  if (!found) throw new Error(NOT_FOUND_MESSAGE);
  const root = await mkdtemp(join(tmpdir(), 'bestfit-grid-frame-'));
  const data = join(root, 'data');
  const accounts = await createAccounts(data, 1);
  const server = await spawnServer(data, { CLIENT_DIR: args.client, FRAMEWORKS_DIR: await frameworksDir(root) });
  const browser = await chromium.launch({
    executablePath: found.path,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-dev-shm-usage'],
  });
  try {
    const url = server.url;
    const big = await createReview(url, accounts.owner.token, LARGE_FRAMEWORK_ID, 'Remote edits');
    const seed = await createReview(url, accounts.owner.token, 'ba-partnership-sef', 'Cold load');
    console.log(`client: ${args.client}; load average before: ${load()}`);

    const context = await signedIn(browser, url, accounts.owner.email);
    const page = await context.newPage();
    await page.goto(`${url}/reviews/${big}`);
    await page.getByTestId('connection-state').getByText('All changes saved').waitFor({ timeout: 60_000 });
    const writer = connectClient(server.wsUrl, big, { token: accounts.owner.token });
    await synced(writer);
    const ratings = writer.doc.getMap<string>('ratings');
    const criteria = largeCriteria();
    const edits = Number(args.edits);
    const kinds: ('in view' | 'anywhere')[] = [];
    const cdp = args.profile ? await context.newCDPSession(page) : null;
    if (cdp) {
      await cdp.send('Profiler.enable');
      await cdp.send('Profiler.setSamplingInterval', { interval: 100 });
      await cdp.send('Profiler.start');
    }
    if (args.trace)
      await browser.startTracing(page, {
        categories: ['devtools.timeline', 'disabled-by-default-devtools.timeline', 'v8'],
      });
    const editsFrom = await page.evaluate(() => performance.now());
    for (let k = 0; k < edits; k++) {
      const inView = k % 2 === 0;
      // In view: the first three rows; anywhere: spread over the whole table.
      const criterion = criteria[inView ? (k / 2) % 3 : (k * 337) % criteria.length]!;
      kinds.push(inView ? 'in view' : 'anywhere');
      Y.transact(writer.doc, () => ratings.set(`self/${criterion}/-`, LEVELS[k % LEVELS.length]!));
      await page.waitForFunction((n) => (window as unknown as { __grid: GridBench }).__grid.frames.length >= n, k + 1, {
        polling: 5,
        timeout: 30_000,
      });
    }
    if (cdp) printProfile((await cdp.send('Profiler.stop')).profile);
    if (args.trace) printTrace(await browser.stopTracing(), edits);
    const bench = await page.evaluate(() => (window as unknown as { __grid: GridBench }).__grid);
    const frames = bench.frames.slice(-edits);
    const report = (kind: string, list: [number, number, number][]) => {
      const total = list.map(([at, , done]) => done - at);
      const paint = list.map(([, raf, done]) => done - raf);
      console.log(
        `remote edit → frame painted, ${kind} (${list.length}): p50 ${fmt(percentileOf(total, 50))} ms, p99 ${fmt(percentileOf(total, 99))} ms, max ${fmt(Math.max(...total))} ms; of which the frame itself p50 ${fmt(percentileOf(paint, 50))} / p99 ${fmt(percentileOf(paint, 99))} ms`,
      );
    };
    report('all', frames);
    report(
      'rows in view',
      frames.filter((_, i) => kinds[i] === 'in view'),
    );
    report(
      'rows anywhere',
      frames.filter((_, i) => kinds[i] === 'anywhere'),
    );
    const long = bench.longFrames.filter(([start]) => start >= editsFrom);
    console.log(
      `long animation frames while edits arrived: ${long.length} (longest ${fmt(Math.max(0, ...long.map(([, d]) => d)))} ms); load average: ${load()}`,
    );
    writer.destroy();
    await context.close();

    const loads = Number(args.loads);
    for (const [name, review] of [
      ['B&A SEF (seed)', seed],
      ['1,000 rows', big],
    ] as const) {
      const times = await coldLoads(browser, url, accounts.owner.email, review, loads);
      console.log(
        `cold load → first grid cell painted, ${name}: median ${fmt(percentileOf(times, 50))} ms (${times.map((t) => Math.round(t)).join(', ')}); load average: ${load()}`,
      );
    }
  } finally {
    await browser.close();
    server.process.kill('SIGTERM');
    await server.exited;
  }
}

await main();
