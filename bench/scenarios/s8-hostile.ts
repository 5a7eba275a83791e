/**
 * Scenario 8: hostile uploads and bodies (issue 10, finding 3). Each input of
 * test/helpers/hostile-uploads.ts is sent to the project's server (the framework upload as its
 * administrator; the deep JSON body also signed out) while this process probes `GET /healthz`
 * back to back. Measured from the send until the answer: the longest event-loop delay inside
 * the server (Node's monitorEventLoopDelay, bench/servers/eld.ts) and the slowest /healthz round
 * trip. Goal: no stall over 50 ms. The reference has no uploads, so only Bestfit runs. One
 * small upload before the measurements starts the server's parsing thread; a second of probing
 * with nothing sent gives the noise floor of the machine.
 */
import { hostileInputs } from '../../test/helpers/hostile-uploads.ts';
import type { Context } from '../lib/context.ts';
import type { Goal, Row, ScenarioReport } from '../lib/report.ts';
import { fmt } from '../lib/stats.ts';
import { withHarness } from './common.ts';

const GOAL_MS = 50;
const BASELINE = 'nothing sent, 1 s of /healthz probes (the noise floor)';
const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export interface HostileSend {
  name: string;
  status: number;
  expectedStatus: number;
  message: string;
  /** Longest event-loop delay in the server from send to answer (ms). */
  stallMs: number | null;
  /** Slowest /healthz round trip meanwhile (ms), and how many probes answered. */
  healthzMaxMs: number;
  probes: number;
  answerMs: number;
}

/** GET /healthz one after another until `stop` resolves; the slowest round trip. */
async function probe(url: string, stop: Promise<void>): Promise<{ max: number; count: number }> {
  let done = false;
  void stop.then(() => (done = true));
  let max = 0;
  let count = 0;
  while (!done) {
    const t = performance.now();
    await (await fetch(`${url}/healthz`)).arrayBuffer();
    max = Math.max(max, performance.now() - t);
    count++;
  }
  return { max, count };
}

export async function runHostile(ctx: Context): Promise<HostileSend[][]> {
  const runs: HostileSend[][] = [];
  for (let rep = 0; rep < ctx.options.repeat; rep++) {
    await ctx.waitQuiet();
    ctx.log(`    run ${rep + 1}/${ctx.options.repeat}`);
    runs.push(
      await withHarness(ctx, 'candidate', { eld: true }, async ({ s }) => {
        const url = s.server.url;
        const admin = { authorization: `Bearer ${ctx.accounts.owner.token}` };
        await fetch(`${url}/api/frameworks`, {
          method: 'POST',
          headers: { 'content-type': 'application/yaml', ...admin },
          body: 'id: warm-up\n',
        });
        const sends: HostileSend[] = [];
        const measure = async (
          name: string,
          expectedStatus: number,
          send: () => Promise<{ status: number; message: string }>,
        ) => {
          await sleep(300);
          let release = () => {};
          const stop = new Promise<void>((resolve) => (release = resolve));
          const probing = probe(url, stop);
          const start = Date.now();
          const t = performance.now();
          const { status, message } = await send();
          const answerMs = performance.now() - t;
          const end = Date.now();
          release();
          const healthz = await probing;
          // The server's delay log closes a slot every 50 ms: wait for the one holding the answer.
          await sleep(120);
          const eld = await s.server.eldRead({ start, end });
          sends.push({
            name,
            status,
            expectedStatus,
            message,
            stallMs: eld?.max ?? null,
            healthzMaxMs: healthz.max,
            probes: healthz.count,
            answerMs,
          });
          ctx.log(
            `      ${name}: ${status || '—'} in ${fmt(answerMs)} ms; stall ${fmt(eld?.max)} ms, /healthz max ${fmt(healthz.max)} ms`,
          );
        };
        // The noise floor: the same probing for a second with nothing sent.
        await measure(BASELINE, 0, async () => {
          await sleep(1000);
          return { status: 0, message: '' };
        });
        for (const input of hostileInputs()) {
          await measure(input.name, input.expected.status, async () => {
            const res = await fetch(`${url}${input.path}`, {
              method: 'POST',
              headers: { 'content-type': input.contentType, ...(input.path === '/api/auth/login' ? {} : admin) },
              body: input.body,
            });
            const body = (await res.json()) as { error?: { message?: string } };
            return { status: res.status, message: body.error?.message ?? '' };
          });
        }
        return sends;
      }),
    );
  }
  return runs;
}

export function reportHostile(runs: HostileSend[][], seconds: number): ScenarioReport {
  const rows: Row[] = [];
  const notes: string[] = [];
  const names = runs[0]?.map((r) => r.name) ?? [];
  let worst = 0;
  for (const name of names) {
    const sends = runs.map((run) => run.find((r) => r.name === name)).filter((r) => r !== undefined);
    const stall = Math.max(...sends.map((r) => r.stallMs ?? Number.NaN));
    const healthz = Math.max(...sends.map((r) => r.healthzMaxMs));
    const statuses = [...new Set(sends.map((r) => r.status))].join('/');
    if (name === BASELINE) {
      rows.push({
        scenario: 8,
        metric: `${name}: longest event-loop stall`,
        unit: 'ms',
        candidate: stall,
        reference: null,
        note: `/healthz max ${fmt(healthz)} ms`,
      });
      continue;
    }
    const wrong = sends.filter((r) => r.status !== r.expectedStatus);
    worst = Math.max(worst, stall);
    rows.push({
      scenario: 8,
      metric: `${name} → ${statuses}: longest event-loop stall`,
      unit: 'ms',
      candidate: stall,
      reference: null,
      target: `≤ ${GOAL_MS} ms`,
      met: Number.isFinite(stall) ? stall <= GOAL_MS && wrong.length === 0 : null,
      note: `/healthz max ${fmt(healthz)} ms`,
    });
    const first = sends[0];
    if (first)
      notes.push(
        `${name}: answered ${statuses}${first.message ? ` "${first.message}"` : ''} in ${fmt(Math.max(...sends.map((r) => r.answerMs)))} ms (slowest run); ${sends.reduce((n, r) => n + r.probes, 0)} /healthz probes meanwhile.`,
      );
    for (const w of wrong) notes.push(`${name}: expected ${w.expectedStatus}, got ${w.status}.`);
  }
  const goals: Goal[] = [
    {
      scenario: 8,
      metric: 'longest event-loop stall during any hostile upload or body',
      unit: 'ms',
      candidate: names.length ? worst : null,
      reference: null,
      ratio: null,
      target: `≤ ${GOAL_MS} ms`,
      met: names.length ? rows.every((r) => r.met !== false) : null,
    },
  ];
  return { scenario: 8, title: 'Hostile uploads', rows, goals, raw: runs, notes, seconds };
}
