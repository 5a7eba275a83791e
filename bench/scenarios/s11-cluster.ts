/**
 * Scenario 11: Bestfit as one process and as two processes of the same install, side by side in
 * one run, both on PostgreSQL (a fresh schema each run) and Redis (a private redis-server each
 * run). Participants of one review are split evenly over the processes, with no stickiness.
 * Measured as scenarios 2 and 1 measure one server: fan-out throughput (thin clients in several
 * load processes, fixed rates, then the searched limit) and edit-to-visible latency at 20 edits/s
 * (a stock writer on the first process, watchers on every process), with server CPU per edit for
 * each process and for Redis.
 */
import { BA, LARGE_FRAMEWORK_ID, type Context } from '../lib/context.ts';
import { admit, createReview } from '../lib/candidate-access.ts';
import { startCluster, type Cluster } from '../lib/cluster.ts';
import { perProcess, placeClients } from '../lib/cluster-split.ts';
import { largeCriteria } from '../lib/frameworks.ts';
import { clusterPinning, clusterPinningLine, toCores } from '../lib/pinning.ts';
import { Sampler } from '../lib/proc.ts';
import { RateSearch } from '../lib/rate-search.ts';
import { Worker } from '../lib/rpc.ts';
import { roomUrl, type LatencyResult, type RampStep } from '../load/commands.ts';
import { loadCpu, share } from './common.ts';
import { loadProcesses, offerStep, P99_LIMIT_MS } from './s2-fanout.ts';

/** The configurations compared: how many server processes. */
export const PROCESS_COUNTS = [1, 2] as const;
export const PARTICIPANTS = 200;
/** Lower than scenario 2's: every commit is a PostgreSQL transaction. */
export const FIXED_RATES = [100, 225];
/** Edit-to-visible: participants and the writer's rate (scenario 1's method at its largest N). */
export const LATENCY_N = 200;
export const LATENCY_RATE = 20;
export const editsFor = (quick: boolean): number => (quick ? 100 : 1_000);
const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** CPU of one server process over a window. */
export interface ProcessCpu {
  /** CPU seconds from the first edit to the end of the drain (fan-out) or over the window (latency). */
  cpuSeconds: number;
  /** Cores busy over the offering window, and the kernel part of it. */
  share: number;
  system: number;
}

export interface ClusterStep extends RampStep {
  phase: 'fixed' | 'search';
  servers: ProcessCpu[];
  redisCpuSeconds: number;
  loadCpu: number;
}

export interface ClusterLatency {
  result: LatencyResult;
  /** Edits measured (after the warm-up). */
  edits: number;
  servers: ProcessCpu[];
  redisCpuSeconds: number;
  loadCpu: number;
}

export interface ClusterRun {
  processes: number;
  /** Where the processes and the load ran. */
  pinning: string;
  /** Whether the load shared the servers' cores. */
  shared: boolean;
  latency: ClusterLatency;
  steps: ClusterStep[];
  best: number;
  firstFailure: number;
  loads: number;
  /** Fan-out participants on each process. */
  perProcess: number[];
  /** The latency phase's base URL of each process, in order (to name them in `byBase`). */
  bases: string[];
}

/** Runs by process count ("1", "2"), in the order measured. */
export type ClusterData = Map<string, ClusterRun[]>;

function processCpu(sampler: Sampler, pid: number, start: number, end: number, cpuEnd = end): ProcessCpu {
  return {
    cpuSeconds: sampler.cpuSeconds(pid, start, cpuEnd),
    share: sampler.cpuShare(pid, start, end),
    system: sampler.systemShare(pid, start, end),
  };
}

/** Edit-to-visible at LATENCY_RATE: the writer on process 1, the stock watcher on the last, thin watchers alternating. */
async function latencyPhase(ctx: Context, c: Cluster, worker: Worker, sampler: Sampler): Promise<ClusterLatency> {
  const { processes, accounts } = c;
  const first = processes[0]!;
  const review = await createReview(first.url, accounts.owner.token, BA, 'Cluster latency');
  // N participants and one connection per process that holds the review open between calls.
  const tokens = accounts.participants.slice(0, LATENCY_N + processes.length);
  await admit(first.url, accounts.owner.token, review, tokens);
  // Participant i on process i mod count: the writer (0) on the first, the stock watcher (1) on the second.
  const bases = placeClients(LATENCY_N, 1, processes.length).map((p) => processes[p.process]!.wsBase);
  const holders = processes.map((p, k) => roomUrl(p.wsBase, review, tokens[LATENCY_N + k]));
  const perRun = Math.ceil(editsFor(ctx.options.quick) / ctx.options.repeat);
  const call = (n: number, ms: number, warmupMs: number) =>
    worker.call<LatencyResult>('latency', {
      base: first.wsBase,
      bases,
      room: review,
      tokens: tokens.slice(0, LATENCY_N),
      n,
      rate: LATENCY_RATE,
      durationMs: ms,
      warmupMs,
      keys: ctx.ratingKeys(BA),
      levels: ctx.levels(BA),
    });
  for (const url of holders) await worker.call('holdOpen', { url });
  try {
    // The same unmeasured warm-up in both configurations (JIT, first GCs, first commits).
    await call(5, ctx.options.quick ? 1_000 : 5_000, 0);
    const result = await call(LATENCY_N, Math.ceil((perRun / LATENCY_RATE) * 1000), 500);
    const { start, end } = result.window;
    return {
      result,
      edits: result.edits.length,
      servers: processes.map((p) => processCpu(sampler, p.pid, start, end)),
      redisCpuSeconds: sampler.cpuSeconds(c.redis.pid, start, end),
      loadCpu: sampler.cpuShare(worker.pid, start, end),
    };
  } finally {
    for (const url of holders) await worker.call('holdClose', { url });
  }
}

/** Fan-out: fixed rates, then the searched limit (scenario 2's rules), clients split over processes. */
async function fanoutPhase(ctx: Context, c: Cluster, workers: Worker[], sampler: Sampler) {
  const { processes, accounts } = c;
  const first = processes[0]!;
  const loads = workers.length;
  const review = await createReview(first.url, accounts.owner.token, LARGE_FRAMEWORK_ID, 'Cluster fan-out');
  const tokens = accounts.participants.slice(0, PARTICIPANTS);
  await admit(first.url, accounts.owner.token, review, tokens);
  const keys = largeCriteria()
    .slice(0, PARTICIPANTS)
    .map((id) => `self/${id}/-`);
  const places = placeClients(PARTICIPANTS, loads, processes.length);
  const bases = places.map((p) => processes[p.process]!.wsBase);
  const stepMs = ctx.options.quick ? 2_000 : 5_000;
  // One load process after another, as in scenario 2.
  for (const [j, w] of workers.entries())
    await w.call('rampConnect', {
      base: first.wsBase,
      bases: share(bases, loads, j),
      room: review,
      tokens: share(tokens, loads, j),
      keys: share(keys, loads, j),
      levels: ctx.levels(LARGE_FRAMEWORK_ID),
      stepMs,
      drainMs: 3_000,
      p99LimitMs: P99_LIMIT_MS,
    });
  const steps: ClusterStep[] = [];
  // A failed step can leave a backlog of commits: the next step starts once it has cleared (bounded).
  const settle = async () => {
    const timeoutMs = ctx.options.quick ? 15_000 : 30_000;
    const left = await Promise.all(workers.map((w) => w.call<{ missing: number }>('rampSettle', { timeoutMs })));
    const missing = left.reduce((n, x) => n + x.missing, 0);
    if (missing > 0) ctx.log(`    backlog not cleared in ${timeoutMs / 1000} s: ${missing} receipts missing`);
    await sleep(1_000);
  };
  const measure = async (rate: number, phase: ClusterStep['phase']) => {
    const st = await offerStep(workers, rate);
    const { start, end } = st.window;
    const step: ClusterStep = {
      ...st,
      phase,
      servers: processes.map((p) => processCpu(sampler, p.pid, start, end, st.drainedAt)),
      redisCpuSeconds: sampler.cpuSeconds(c.redis.pid, start, st.drainedAt),
      loadCpu: loadCpu(sampler, workers, start, end),
    };
    steps.push(step);
    if (!st.pass) await settle();
    return step;
  };
  try {
    // Unmeasured warm-up at the first fixed rate.
    if (!(await offerStep(workers, FIXED_RATES[0]!)).pass) await settle();
    for (const rate of FIXED_RATES) await measure(rate, 'fixed');
    const passed = steps.filter((x) => x.pass).map((x) => x.rate);
    const search = new RateSearch({
      start: passed.length ? Math.max(...passed) : 100,
      // As scenario 2: below this a 2 s step split over the load processes is too few edits to offer evenly.
      min: 25,
      maxSteps: ctx.options.quick ? 6 : 16,
    });
    for (let rate = search.next(); rate !== null; rate = search.next())
      search.record((await measure(rate, 'search')).pass);
    return {
      steps,
      best: search.best,
      firstFailure: search.firstFailure,
      perProcess: perProcess(places, processes.length),
    };
  } finally {
    await Promise.all(workers.map((w) => w.call('rampClose', {})));
  }
}

async function runOnce(ctx: Context, count: number): Promise<ClusterRun> {
  const layout = clusterPinning();
  const loads = loadProcesses(ctx.options.quick);
  const cluster = await startCluster(ctx, count, Math.max(PARTICIPANTS, LATENCY_N + count));
  const workers: Worker[] = [];
  let sampler: Sampler | null = null;
  const started = Date.now();
  try {
    for (let j = 0; j < loads; j++) {
      const w = await Worker.start();
      workers.push(w);
      toCores(w.pid, layout?.load ?? null);
    }
    sampler = new Sampler([...cluster.processes.map((p) => p.pid), cluster.redis.pid, ...workers.map((w) => w.pid)]);
    sampler.start();
    const latency = await latencyPhase(ctx, cluster, workers[0]!, sampler);
    const fanout = await fanoutPhase(ctx, cluster, workers, sampler);
    return {
      processes: count,
      pinning: clusterPinningLine(layout),
      shared: layout?.shared ?? true,
      latency,
      ...fanout,
      loads,
      bases: cluster.processes.map((p) => p.wsBase),
    };
  } finally {
    if (sampler) {
      ctx.backgroundSeen.push(sampler.backgroundShare(started, Date.now()));
      sampler.stop();
    }
    await Promise.all(workers.map((w) => w.stop()));
    await cluster.stop();
  }
}

/** Every configuration `repeat` times, alternating (the order rotates each repetition). */
export async function runCluster(ctx: Context): Promise<ClusterData> {
  const data: ClusterData = new Map(PROCESS_COUNTS.map((n) => [String(n), []]));
  ctx.log(`    ${clusterPinningLine()}`);
  for (let rep = 0; rep < ctx.options.repeat; rep++) {
    const order = PROCESS_COUNTS.map((_, i) => PROCESS_COUNTS[(i + rep) % PROCESS_COUNTS.length]!);
    for (const count of order) {
      await ctx.waitQuiet();
      ctx.log(`    run ${rep + 1}/${ctx.options.repeat}: Bestfit, ${count} process${count > 1 ? 'es' : ''}`);
      data.get(String(count))!.push(await runOnce(ctx, count));
    }
  }
  return data;
}
