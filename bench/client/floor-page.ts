/**
 * The floor under a cold load: a page served by the same server, in the same browser, that does only
 * what any live review page must before it can show anything. One small script opens the review's
 * socket, asks for the whole document (sync step 1 with an empty state vector) and, when the answer
 * (sync step 2) arrives, says so on the page: no framework, no Yjs, no React. What Bestfit takes
 * above it is what the application adds.
 *
 * With `frames` in its query, it is the floor under a rendered frame after a remote edit: the socket
 * stays open and each update the review relays changes one number on the page, the least a page can
 * show of an edit (frame-measure.ts times it as it times the grid).
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { signedIn } from './frame-measure.ts';

const HTML = `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <title>Floor</title>
    <script type="module" src="/bench-floor.js"></script>
  </head>
  <body>
    <p id="status">Connecting…</p>
    <p>Updates: <span id="updates">0</span></p>
  </body>
</html>
`;

/** A string, so nothing the TypeScript loader adds reaches the page. */
const SCRIPT = `const floor = { ready: null, painted: null, longTasks: [] };
window.__floor = floor;
try {
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) floor.longTasks.push([e.startTime, e.startTime + e.duration]);
  }).observe({ type: 'longtask', buffered: true });
} catch {}
const query = new URLSearchParams(location.search);
const review = query.get('review');
const frames = query.has('frames');
let updates = 0;
const ws = new WebSocket(\`\${location.protocol === 'https:' ? 'wss:' : 'ws:'}//\${location.host}/collab/\${encodeURIComponent(review)}\`);
ws.binaryType = 'arraybuffer';
ws.onopen = () => ws.send(new Uint8Array([0, 0, 1, 0]));
ws.onmessage = (event) => {
  const b = new Uint8Array(event.data, 0, Math.min(2, event.data.byteLength));
  // A relayed update (sync message, update): one number changes on the page.
  if (frames && floor.ready !== null && b[0] === 0 && b[1] === 2)
    return void (document.getElementById('updates').textContent = String(++updates));
  if (floor.ready !== null || b[0] !== 0 || b[1] !== 1) return;
  document.getElementById('status').textContent = 'All changes saved';
  floor.ready = performance.now();
  if (!frames) ws.close();
  requestAnimationFrame(() => {
    const channel = new MessageChannel();
    channel.port1.onmessage = () => (floor.painted = performance.now());
    channel.port2.postMessage(0);
  });
};
`;

/** Puts the floor page beside a built client, so the server serves it as it serves the application. */
export async function writeFloorPage(clientDir: string): Promise<void> {
  await writeFile(join(clientDir, 'bench-floor.html'), HTML);
  await writeFile(join(clientDir, 'bench-floor.js'), SCRIPT);
}

export interface FloorLoad {
  /** Navigation start → the review's document arrived and the page said so (ms). */
  readyMs: number;
  /** Navigation start → the frame showing it painted (ms). */
  paintedMs: number;
  /** TTI as scenario 7 defines it: the later of ready and the end of the last long task. */
  ttiMs: number;
}

interface FloorBench {
  ready: number | null;
  painted: number | null;
  longTasks: [number, number][];
}

/** One cold load of the floor page for `review`, in a fresh context signed in as `email`. */
export async function floorLoad(browser: Browser, url: string, email: string, review: string): Promise<FloorLoad> {
  const context = await signedIn(browser, url, email, '');
  try {
    const page = await context.newPage();
    await page.goto(`${url}/bench-floor.html?review=${encodeURIComponent(review)}`);
    await page.waitForFunction(() => (window as unknown as { __floor?: FloorBench }).__floor?.painted != null, null, {
      timeout: 30_000,
    });
    const f = await page.evaluate(() => (window as unknown as { __floor: FloorBench }).__floor);
    const lastTask = f.longTasks.reduce((m, [, end]) => Math.max(m, end), 0);
    return { readyMs: f.ready!, paintedMs: f.painted!, ttiMs: Math.max(f.ready!, lastTask) };
  } finally {
    await context.close();
  }
}
