/**
 * Server and load on separate cores, the same for both servers: the server under test on core 0,
 * the orchestrator and every load process on the others (on 2 cores: core 1). Needs `taskset`
 * (util-linux) and at least two cores; otherwise nothing is pinned and the report says so.
 * BENCH_PIN=0 turns it off.
 */
import { execFileSync } from 'node:child_process';
import { cpus } from 'node:os';

export interface Pinning {
  /** CPU list for `taskset -c`, or null when not pinned. */
  server: string | null;
  load: string | null;
  /** Why nothing is pinned, when it is not. */
  reason: string | null;
}

let cached: Pinning | null = null;

export function pinning(): Pinning {
  if (cached) return cached;
  const n = cpus().length;
  let reason: string | null = null;
  if (process.env.BENCH_PIN === '0') reason = 'BENCH_PIN=0';
  else if (process.platform !== 'linux') reason = `not Linux (${process.platform})`;
  else if (n < 2) reason = 'one core';
  else {
    try {
      execFileSync('taskset', ['-V'], { stdio: 'ignore' });
    } catch {
      reason = 'no taskset on PATH';
    }
  }
  cached = reason
    ? { server: null, load: null, reason }
    : { server: '0', load: n === 2 ? '1' : `1-${n - 1}`, reason: null };
  return cached;
}

/** The command and arguments that start `command` on the server's core. */
export function onServerCore(command: string, args: string[]): [string, string[]] {
  const { server } = pinning();
  return server ? ['taskset', ['-c', server, command, ...args]] : [command, args];
}

/** Move a running process (every thread of it) to the load cores; its later threads inherit that. */
export function toLoadCores(pid: number): void {
  const { load } = pinning();
  if (!load || !pid) return;
  execFileSync('taskset', ['-a', '-p', '-c', load, String(pid)], { stdio: 'ignore' });
}

export function pinningLine(): string {
  const p = pinning();
  return p.server ? `server on core ${p.server}, load on core(s) ${p.load} (taskset)` : `not pinned (${p.reason})`;
}
