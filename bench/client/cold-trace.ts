/**
 * Where a cold load's time goes: a fresh browser context (1280×720) opens a review, and the page's
 * own clocks say when each request, the websocket and the grid happened, from navigation start.
 *
 *   npm run build && node --import tsx bench/client/cold-trace.ts [--client=dist/client]… [--loads=3] [--pin] [--trace]
 *
 * - Requests: the Resource Timing entries (documents, scripts, styles, fetches): start, first
 *   byte and end, with the bytes on the wire, so a waterfall of requests shows as one.
 * - Websocket: a wrapper installed before the app runs stamps its creation, its opening, the
 *   first message and the server's sync step 2 (the review's state).
 * - Grid: the first rating cell in the DOM and the frame that painted it; "All changes saved".
 * - `--profile`: the page's JavaScript by self time over the load (a CPU profile), by function.
 * - `--save=<folder>`: each printed load's profile and trace written there, for DevTools.
 * - `--pin`: as scenario 7 runs under `npm run bench`, this process and the browser on the load
 *   core(s), the server on core 0.
 * - `--trace`: the renderer main thread until the first cell painted, by event (script
 *   compile and evaluation, functions, style, layout, paint, GC), from a Chromium trace.
 *
 * Loads of the 1,000-row review (after a hundred edits, as scenario 7) and of the largest seed
 * review; the first load of each warms the server and is not printed. Figures on a shared machine
 * are indicative: the load average is printed beside them.
 */
import { mkdtemp, writeFile } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { chromium, type Browser } from 'playwright-core';
import * as Y from 'yjs';
import { connectClient, synced } from '../../test/helpers/clients.ts';
import { spawnServer } from '../../test/helpers/server.ts';
import { findChromium, NOT_FOUND_MESSAGE } from '../../test/chromium.ts';
import { BENCH_PASSWORD, createAccounts, createReview } from '../lib/candidate-access.ts';
import { LARGE_FRAMEWORK_ID, LEVELS, frameworksDir, largeCriteria } from '../lib/frameworks.ts';
import { toLoadCores, toServerCore } from '../lib/pinning.ts';
import { repoRoot } from '../lib/servers.ts';

const { values: args } = parseArgs({
  options: {
    // Several: each served by a server of its own, their loads taken in turn.
    client: { type: 'string', multiple: true, default: [join(repoRoot, 'dist/client')] },
    loads: { type: 'string', default: '3' },
    trace: { type: 'boolean', default: false },
    profile: { type: 'boolean', default: false },
    pin: { type: 'boolean', default: false },
    // Where to write each printed load's CPU profile (.cpuprofile, for DevTools) and trace (.json).
    save: { type: 'string' },
  },
});

/** A string, so nothing the TypeScript loader adds to functions reaches the page. */
const instrumentation = `(() => {
  const t = { ws: null, wsOpen: null, wsFirst: null, wsSync: null, cell: null, cellPainted: null, ready: null, rows: 0, elements: 0 };
  window.__cold = t;
  const Native = window.WebSocket;
  window.WebSocket = class extends Native {
    constructor(url, protocols) {
      super(url, protocols);
      t.ws ??= performance.now();
      this.addEventListener('open', () => (t.wsOpen ??= performance.now()));
      this.addEventListener('message', (event) => {
        t.wsFirst ??= performance.now();
        const d = event.data;
        if (d instanceof ArrayBuffer && d.byteLength >= 2) {
          const b = new Uint8Array(d, 0, 2);
          if (b[0] === 0 && b[1] === 1) t.wsSync ??= [performance.now(), d.byteLength];
        }
      });
    }
  };
  new MutationObserver((_, observer) => {
    if (t.cell === null && document.querySelector('.rubric .level-button')) {
      t.cell = performance.now();
      performance.mark('cold-first-cell');
      t.rows = document.querySelectorAll('.rubric tr[data-criterion]').length;
      requestAnimationFrame(() => {
        const channel = new MessageChannel();
        channel.port1.onmessage = () => {
          t.cellPainted = performance.now();
          t.elements = document.getElementsByTagName('*').length;
        };
        channel.port2.postMessage(0);
      });
    }
    const badge = document.querySelector('[data-testid="connection-state"]');
    if (t.ready === null && badge && badge.textContent.includes('All changes saved')) t.ready = performance.now();
    // The badge can turn green before the grid has rendered: keep watching until both have happened.
    if (t.ready !== null && t.cell !== null) observer.disconnect();
  }).observe(document, { subtree: true, childList: true, characterData: true });
})();`;

interface Cold {
  ws: number | null;
  wsOpen: number | null;
  wsFirst: number | null;
  wsSync: [number, number] | null;
  cell: number | null;
  cellPainted: number | null;
  ready: number | null;
  rows: number;
  /** Elements in the page when the first cell painted. */
  elements: number;
}

interface TraceEvent {
  name: string;
  ph: string;
  pid: number;
  tid: number;
  ts: number;
  dur?: number;
  args?: { name?: string; data?: { frame?: string } };
}

const ms = (x: number | null | undefined) =>
  x === null || x === undefined ? '   —' : Math.round(x).toString().padStart(4);

/** Main-thread time by event until `until` (ms after navigation start), nested events counted under their own name. */
function traceSummary(buffer: Buffer, cellAt: number, until: number) {
  const { traceEvents } = JSON.parse(buffer.toString('utf8')) as { traceEvents: TraceEvent[] };
  const main = new Set(
    traceEvents
      .filter((e) => e.ph === 'M' && e.name === 'thread_name' && e.args?.name === 'CrRendererMain')
      .map((e) => `${e.pid}:${e.tid}`),
  );
  // The trace clock is not the page's: anchor on the mark set at the first cell.
  const mark = traceEvents.find((e) => e.name === 'cold-first-cell');
  if (!mark) return console.log('    (no mark in the trace)');
  const origin = mark.ts - cellAt * 1000;
  const names = [
    'ParseHTML',
    'v8.compile',
    'v8.compileModule',
    'EvaluateScript',
    'v8.evaluateModule',
    'FunctionCall',
    'EventDispatch',
    'RunMicrotasks',
    'TimerFire',
    'FireAnimationFrame',
    'UpdateLayoutTree',
    'Layout',
    'PrePaint',
    'Paint',
    'MajorGC',
    'MinorGC',
    'ParseAuthorStyleSheet',
  ];
  const on = traceEvents.filter(
    (e) => main.has(`${e.pid}:${e.tid}`) && e.ph === 'X' && e.ts >= origin && (e.ts - origin) / 1000 <= until,
  );
  // Top-level tasks only: a task run inside another (a nested message loop) is counted once.
  let taskEnd = 0;
  const tasks = on
    .filter((e) => e.name === 'RunTask')
    .sort((a, b) => a.ts - b.ts)
    .filter((e) => e.ts >= taskEnd && (taskEnd = e.ts + (e.dur ?? 0)) > 0);
  const busy = tasks.reduce((t, e) => t + (e.dur ?? 0), 0) / 1000;
  const long = tasks.filter((e) => (e.dur ?? 0) >= 50_000);
  console.log(
    `    tasks ≥ 50 ms: ${long.map((e) => `${((e.ts - origin) / 1000).toFixed(0)}+${((e.dur ?? 0) / 1000).toFixed(0)}`).join(', ')}`,
  );
  const parts = names
    .map((name) => [name, on.filter((e) => e.name === name).reduce((t, e) => t + (e.dur ?? 0), 0) / 1000] as const)
    .filter(([, t]) => t >= 1)
    .map(([name, t]) => `${name} ${t.toFixed(0)}`);
  console.log(`    main thread busy ${busy.toFixed(0)} ms of ${until.toFixed(0)}: ${parts.join(', ')}`);
}

interface CpuProfile {
  nodes: { id: number; callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number } }[];
  samples?: number[];
  timeDeltas?: number[];
}

/** Self time by function and by script, largest first. */
function selfTime(profile: CpuProfile) {
  const byNode = new Map(profile.nodes.map((n) => [n.id, n]));
  const fns = new Map<string, number>();
  const files = new Map<string, number>();
  profile.samples?.forEach((id, i) => {
    const frame = byNode.get(id)?.callFrame;
    const file = frame?.url.split('/').pop() || '(native)';
    const name = frame
      ? `${frame.functionName || '(anonymous)'} (${file}:${frame.lineNumber + 1}:${frame.columnNumber})`
      : '?';
    const dt = (profile.timeDeltas?.[i] ?? 0) / 1000;
    fns.set(name, (fns.get(name) ?? 0) + dt);
    files.set(file, (files.get(file) ?? 0) + dt);
  });
  const top = (m: Map<string, number>, n: number) =>
    [...m]
      .sort((a, b) => b[1] - a[1])
      .slice(0, n)
      .map(([k, v]) => `${k} ${v.toFixed(0)}`)
      .join('; ');
  console.log(`    self time by script (ms): ${top(files, 8)}`);
  console.log(`    by function: ${top(fns, 14)}`);
}

async function load(browser: Browser, url: string, email: string, review: string, print: boolean) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 720 } });
  try {
    const res = await context.request.post(`${url}/api/auth/login`, {
      data: { email, password: BENCH_PASSWORD },
      headers: { origin: url },
    });
    if (!res.ok()) throw new Error(`signing in failed: ${res.status()}`);
    await context.addInitScript({ content: instrumentation });
    const page = await context.newPage();
    if (args.trace && print)
      await browser.startTracing(page, {
        categories: ['devtools.timeline', 'disabled-by-default-devtools.timeline', 'v8', 'blink.user_timing'],
      });
    const cdp = args.profile && print ? await context.newCDPSession(page) : null;
    if (cdp) {
      await cdp.send('Profiler.enable');
      await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
      await cdp.send('Profiler.start');
    }
    await page.goto(`${url}/reviews/${review}`);
    await page
      .waitForFunction(
        () => {
          const c = (window as unknown as { __cold: Cold }).__cold;
          return c.cellPainted !== null && c.ready !== null;
        },
        null,
        { timeout: 60_000 },
      )
      .catch(async (error: unknown) => {
        // Say where the load stopped: the page's own clocks and a screenshot.
        const shot = join(tmpdir(), `cold-stuck-${Date.now()}.png`);
        await page.screenshot({ path: shot });
        const state = await page.evaluate(() => JSON.stringify((window as unknown as { __cold: Cold }).__cold));
        throw new Error(`the grid never showed: ${state} (screenshot ${shot})`, { cause: error });
      });
    const trace = args.trace && print ? await browser.stopTracing() : null;
    const profile = cdp ? (await cdp.send('Profiler.stop')).profile : null;
    const { cold, resources } = await page.evaluate(() => ({
      cold: (window as unknown as { __cold: Cold }).__cold,
      resources: [...performance.getEntriesByType('navigation'), ...performance.getEntriesByType('resource')].map(
        (e) => {
          const r = e as PerformanceResourceTiming;
          return {
            name: r.name.replace(location.origin, ''),
            start: r.startTime,
            firstByte: r.responseStart,
            end: r.responseEnd,
            bytes: r.transferSize,
            body: r.decodedBodySize,
          };
        },
      ),
    }));
    if (!print) return cold;
    for (const r of resources.sort((a, b) => a.start - b.start))
      console.log(
        `    ${ms(r.start)} → ${ms(r.firstByte)} → ${ms(r.end)}  ${(r.bytes / 1000).toFixed(1).padStart(6)} KB on the wire (${(r.body / 1000).toFixed(1)} KB)  ${r.name.slice(0, 70)}`,
      );
    console.log(
      `    websocket created ${ms(cold.ws)}, open ${ms(cold.wsOpen)}, first message ${ms(cold.wsFirst)}, sync step 2 ${ms(cold.wsSync?.[0])} (${((cold.wsSync?.[1] ?? 0) / 1000).toFixed(1)} KB); first cell ${ms(cold.cell)} (${cold.rows} rows, ${cold.elements} elements in the DOM), painted ${ms(cold.cellPainted)}; all changes saved ${ms(cold.ready)}`,
    );
    if (trace) traceSummary(trace, cold.cell ?? 0, cold.cellPainted ?? 0);
    if (profile) selfTime(profile);
    if (args.save) {
      const name = join(args.save, `cold-${review}-${Date.now()}`);
      if (profile) await writeFile(`${name}.cpuprofile`, JSON.stringify(profile));
      if (trace) await writeFile(`${name}.json`, trace);
    }
    return cold;
  } finally {
    await context.close();
  }
}

interface Served {
  client: string;
  url: string;
  email: string;
  reviews: [string, string][];
  stop: () => Promise<void>;
}

/** The server with one built client, a 1,000-row review with a hundred ratings and a seed review. */
async function serve(client: string): Promise<Served> {
  const root = await mkdtemp(join(tmpdir(), 'bestfit-cold-trace-'));
  const data = join(root, 'data');
  const accounts = await createAccounts(data, 1);
  const server = await spawnServer(data, { CLIENT_DIR: client, FRAMEWORKS_DIR: await frameworksDir(root) });
  if (args.pin) toServerCore(server.process.pid ?? 0);
  const url = server.url;
  const big = await createReview(url, accounts.owner.token, LARGE_FRAMEWORK_ID, 'Cold 1,000 rows');
  const seed = await createReview(url, accounts.owner.token, 'ba-partnership-sef', 'Cold seed');
  // A hundred ratings spread over the review, as scenario 7 leaves it before its cold loads.
  const writer = connectClient(server.wsUrl, big, { token: accounts.owner.token });
  await synced(writer);
  const criteria = largeCriteria();
  const ratings = writer.doc.getMap<string>('ratings');
  for (let k = 0; k < 100; k++)
    Y.transact(writer.doc, () => ratings.set(`self/${criteria[(k * 337) % criteria.length]}/-`, LEVELS[k % 4]!));
  await new Promise((resolve) => setTimeout(resolve, 500));
  writer.destroy();
  return {
    client,
    url,
    email: accounts.owner.email,
    reviews: [
      ['1,000 rows', big],
      ['largest seed', seed],
    ],
    stop: async () => {
      server.process.kill('SIGTERM');
      await server.exited;
    },
  };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? Number.NaN;

async function main() {
  const found = findChromium();
  if (!found) throw new Error(NOT_FOUND_MESSAGE);
  const served: Served[] = [];
  // Before the browser starts, so its processes inherit the load cores.
  if (args.pin) toLoadCores(process.pid);
  const browser = await chromium.launch({
    executablePath: found.path,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-dev-shm-usage'],
  });
  try {
    for (const client of args.client) served.push(await serve(client));
    // Let the reviews go idle (cold) on the servers before the loads.
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    const times = new Map<string, { cell: number[]; ready: number[] }>();
    for (let i = 0; i <= Number(args.loads); i++) {
      // Each client in turn, load after load, so a busy spell on a shared machine falls on all of them.
      for (const [k, [name]] of served[0]!.reviews.entries()) {
        for (const s of served) {
          const review = s.reviews[k]![1];
          if (i > 0) console.log(`${name}, ${s.client}, cold load ${i} (load average ${loadavg()[0]!.toFixed(2)}):`);
          const cold = await load(browser, s.url, s.email, review, i > 0);
          if (i === 0) continue;
          const key = `${name}, ${s.client}`;
          const t = times.get(key) ?? { cell: [], ready: [] };
          t.cell.push(cold.cellPainted ?? Number.NaN);
          t.ready.push(cold.ready ?? Number.NaN);
          times.set(key, t);
        }
      }
    }
    for (const [key, t] of times)
      console.log(
        `${key}: first cell painted median ${median(t.cell).toFixed(0)} ms (${t.cell.map(Math.round).join(', ')}); all changes saved median ${median(t.ready).toFixed(0)} ms`,
      );
  } finally {
    await browser.close();
    for (const s of served) await s.stop();
  }
}

await main();
