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
  worker: Worker;
  sampler: Sampler;
}

/** A server of `kind`, a fresh load process and a /proc sampler of both, torn down afterwards. */
export async function withHarness<T>(
  ctx: Context,
  kind: ServerKind,
  o: { template?: string; eld?: boolean; inspect?: boolean },
  task: (h: Harness) => Promise<T>,
): Promise<T> {
  const s = await ctx.start(kind, o);
  const worker = await Worker.start();
  const sampler = new Sampler([s.server.pid, worker.pid]).start();
  const started = Date.now();
  try {
    return await task({ s, worker, sampler });
  } finally {
    ctx.backgroundSeen.push(sampler.backgroundShare(started, Date.now()));
    sampler.stop();
    await worker.stop();
    await ctx.stop(s);
  }
}

export const median = (xs: number[]): number => {
  const v = xs.filter((x) => Number.isFinite(x)).sort((a, b) => a - b);
  if (v.length === 0) return Number.NaN;
  const mid = Math.floor(v.length / 2);
  return v.length % 2 ? v[mid]! : (v[mid - 1]! + v[mid]!) / 2;
};
