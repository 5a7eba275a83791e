/**
 * The rating grid in Chromium: the frame rendered after a remote edit on a 1,000-row review, and
 * a cold load's time to the first grid cell. Scenario 7 of `npm run bench` measures the same
 * (bench/client/frame-measure.ts); this runs it alone, with a profile or a trace if asked:
 *
 *   npm run build && node --import tsx bench/client/grid-frame.ts [--client=dist/client] [--edits=200] [--loads=5] [--profile] [--trace] [--pin]
 *
 * - Server: `server/main.ts` as a child process on a fresh data folder, with the bench's
 *   frameworks (the seeds plus the generated 1,000-row one) and the given built client.
 * - Remote edits: a stock y-websocket client in this process; how the frames and cold loads are
 *   timed is described in frame-measure.ts. Cold loads of the largest seed framework's review and
 *   of the 1,000-row review.
 * - `--profile`: where the page's main thread spent its time during the edits (CPU profile, self
 *   time); `--trace`: the renderer main thread's style, layout, paint and script per edit (a
 *   Chromium trace), with how many elements each restyle and layout touched; `--trace-out` and
 *   `--profile-out` keep the raw trace and profile.
 * - `--pin`: as scenario 7 runs under `npm run bench`, this process and the browser on the load
 *   core(s), the server on core 0.
 * - Two floors: after the edits, the same ratings set again (the same updates; nothing on screen
 *   changes), and the same edits shown by the floor page as one number changing (floor-page.ts,
 *   written into the client folder).
 *
 * Figures on a shared machine are indicative: the load average is printed beside them.
 */
import { mkdtemp, writeFile } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { chromium, type CDPSession } from 'playwright-core';
import { connectClient, synced } from '../../test/helpers/clients.ts';
import { spawnServer } from '../../test/helpers/server.ts';
import { findChromium, NOT_FOUND_MESSAGE } from '../../test/chromium.ts';
import { createAccounts, createReview } from '../lib/candidate-access.ts';
import { LARGE_FRAMEWORK_ID, frameworksDir } from '../lib/frameworks.ts';
import { toLoadCores, toServerCore } from '../lib/pinning.ts';
import { repoRoot } from '../lib/servers.ts';
import { percentileOf } from '../lib/stats.ts';
import { writeFloorPage } from './floor-page.ts';
import { coldLoads, printProfile, printTrace, remoteEditFrames } from './frame-measure.ts';

const { values: args } = parseArgs({
  options: {
    client: { type: 'string', default: join(repoRoot, 'dist/client') },
    edits: { type: 'string', default: '200' },
    loads: { type: 'string', default: '5' },
    // Also print where the page's main thread spent its time during the edits (CPU profile, self time).
    profile: { type: 'boolean', default: false },
    // Also write the raw CPU profile (.cpuprofile JSON) here.
    'profile-out': { type: 'string' },
    // Also print the renderer's main-thread work per edit from a Chromium trace (style, layout, paint, script).
    trace: { type: 'boolean', default: false },
    // Also write the raw trace (Chrome trace JSON) here, for a closer look.
    'trace-out': { type: 'string' },
    // As scenario 7 runs: this process and the browser on the load core(s), the server on core 0.
    pin: { type: 'boolean', default: false },
  },
});

const fmt = (ms: number) => (Number.isFinite(ms) ? ms.toFixed(ms < 10 ? 2 : 1) : '—');
const load = () =>
  loadavg()
    .map((x) => x.toFixed(2))
    .join(' ');

async function main() {
  const found = findChromium();
  if (!found) throw new Error(NOT_FOUND_MESSAGE);
  const root = await mkdtemp(join(tmpdir(), 'bestfit-grid-frame-'));
  const data = join(root, 'data');
  const accounts = await createAccounts(data, 1);
  if (args.pin) toLoadCores(process.pid);
  await writeFloorPage(args.client);
  const server = await spawnServer(data, { CLIENT_DIR: args.client, FRAMEWORKS_DIR: await frameworksDir(root) });
  if (args.pin) toServerCore(server.process.pid ?? 0);
  const browser = await chromium.launch({
    executablePath: found.path,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-dev-shm-usage'],
  });
  try {
    const url = server.url;
    const big = await createReview(url, accounts.owner.token, LARGE_FRAMEWORK_ID, 'Remote edits');
    const seed = await createReview(url, accounts.owner.token, 'ba-partnership-sef', 'Cold load');
    console.log(`client: ${args.client}; load average before: ${load()}`);

    const writer = connectClient(server.wsUrl, big, { token: accounts.owner.token });
    await synced(writer);
    const edits = Number(args.edits);
    const profiler: { cdp?: CDPSession } = {};
    const result = await remoteEditFrames(browser, url, accounts.owner.email, big, writer.doc, edits, {
      start: async (page, context) => {
        if (args.profile) {
          const cdp = (profiler.cdp = await context.newCDPSession(page));
          await cdp.send('Profiler.enable');
          await cdp.send('Profiler.setSamplingInterval', { interval: 100 });
          await cdp.send('Profiler.start');
        }
        if (args.trace)
          await browser.startTracing(page, {
            categories: [
              'devtools.timeline',
              'disabled-by-default-devtools.timeline',
              'disabled-by-default-devtools.timeline.frame',
              'disabled-by-default-devtools.timeline.invalidationTracking',
              'toplevel',
              'v8',
              'blink.user_timing',
            ],
          });
      },
      stop: async () => {
        if (profiler.cdp) {
          const { profile } = await profiler.cdp.send('Profiler.stop');
          if (args['profile-out']) await writeFile(args['profile-out'], JSON.stringify(profile));
          printProfile(profile);
        }
        if (!args.trace) return;
        const trace = await browser.stopTracing();
        if (args['trace-out']) await writeFile(args['trace-out'], trace);
        printTrace(trace, edits);
      },
    });
    const floorOf = (options: Parameters<typeof remoteEditFrames>[7]) =>
      remoteEditFrames(browser, url, accounts.owner.email, big, writer.doc, edits, {}, options);
    // The floor: the same ratings set again, so the same updates arrive and nothing on screen changes.
    const floor = await floorOf({ unchanged: true });
    // The least any page pays to show an edit: the floor page changes one number per update.
    const shown = await floorOf({ floorPage: true });
    writer.destroy();
    const report = (kind: string, pick: (i: number) => boolean, from = result) => {
      const total = from.total.filter((_, i) => pick(i));
      const frame = from.frame.filter((_, i) => pick(i));
      console.log(
        `remote edit → frame painted, ${kind} (${total.length}): p50 ${fmt(percentileOf(total, 50))} ms, p99 ${fmt(percentileOf(total, 99))} ms, max ${fmt(Math.max(...total))} ms; of which the frame itself p50 ${fmt(percentileOf(frame, 50))} / p99 ${fmt(percentileOf(frame, 99))} ms`,
      );
    };
    report('all', () => true);
    report('rows in view', (i) => result.inView[i] === true);
    report('rows anywhere', (i) => result.inView[i] === false);
    report('floor, nothing changed on screen', () => true, floor);
    report('floor, one number changed on a page of its own', () => true, shown);
    const long = result.longFrames;
    console.log(
      `long animation frames while edits arrived: ${long.length} (longest ${fmt(Math.max(0, ...long.map(([, d]) => d)))} ms); load average: ${load()}`,
    );

    const loads = Number(args.loads);
    for (const [name, review] of [
      ['B&A SEF (seed)', seed],
      ['1,000 rows', big],
    ] as const) {
      if (loads === 0) break;
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
