import type { Context, Started } from '../lib/context.ts';
import { Sampler } from '../lib/proc.ts';
import { Worker } from '../lib/rpc.ts';
import { serverLabels, type ServerKind } from '../lib/servers.ts';

/**
 * Run `run` `repeat` times for every server kind, alternating them (the order rotates each
 * repetition so neither server always goes first or last).
 */
export async function alternate<T>(
  ctx: Context,
  kinds: ServerKind[],
  run: (kind: ServerKind, rep: number) => Promise<T>,
  repeat = ctx.options.repeat,
): Promise<Map<ServerKind, T[]>> {
  const results = new Map<ServerKind, T[]>(kinds.map((k) => [k, []]));
  for (let rep = 0; rep < repeat; rep++) {
    const order = kinds.map((_, i) => kinds[(i + rep) % kinds.length]!);
    for (const kind of order) {
      await ctx.waitQuiet();
      ctx.log(`    run ${rep + 1}/${repeat}: ${serverLabels[kind]}`);
      results.get(kind)!.push(await run(kind, rep));
    }
  }
  return results;
}

export interface Harness {
  s: Started;
  /** The first load process (setup and single-process scenarios). */
  worker: Worker;
  /** Every load process (`loads` of them), worker first. */
  workers: Worker[];
  sampler: Sampler;
}

/** A server of `kind`, fresh load processes and a /proc sampler of all of them, torn down afterwards. */
export async function withHarness<T>(
  ctx: Context,
  kind: ServerKind,
  o: { template?: string; eld?: boolean; inspect?: boolean; env?: Record<string, string>; loads?: number },
  task: (h: Harness) => Promise<T>,
): Promise<T> {
  const s = await ctx.start(kind, o);
  const workers = await Promise.all(Array.from({ length: Math.max(1, o.loads ?? 1) }, () => Worker.start()));
  const sampler = new Sampler([s.server.pid, ...workers.map((w) => w.pid)]).start();
  const started = Date.now();
  try {
    return await task({ s, worker: workers[0]!, workers, sampler });
  } finally {
    ctx.backgroundSeen.push(sampler.backgroundShare(started, Date.now()));
    sampler.stop();
    await Promise.all(workers.map((w) => w.stop()));
    await ctx.stop(s);
  }
}

/** CPU (cores) of all load processes together over a window. */
export function loadCpu(sampler: Sampler, workers: Worker[], start: number, end: number): number {
  return workers.reduce((sum, w) => sum + (sampler.cpuShare(w.pid, start, end) || 0), 0);
}

/** Participant `i` of `count` split round-robin over `parts` load processes: the ones process `j` gets. */
export function share<T>(list: T[], parts: number, j: number): T[] {
  return list.filter((_, i) => i % parts === j);
}

export const median = (xs: number[]): number => {
  const v = xs.filter((x) => Number.isFinite(x)).sort((a, b) => a - b);
  if (v.length === 0) return Number.NaN;
  const mid = Math.floor(v.length / 2);
  return v.length % 2 ? v[mid]! : (v[mid - 1]! + v[mid]!) / 2;
};
