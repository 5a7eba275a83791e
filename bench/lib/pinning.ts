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

/** Move a running process (every thread of it) to the server's core. */
export function toServerCore(pid: number): void {
  const { server } = pinning();
  if (!server || !pid) return;
  execFileSync('taskset', ['-a', '-p', '-c', server, String(pid)], { stdio: 'ignore' });
}

export function pinningLine(): string {
  const p = pinning();
  return p.server ? `server on core ${p.server}, load on core(s) ${p.load} (taskset)` : `not pinned (${p.reason})`;
}

/**
 * Scenario 11's layout: one core per server process, the load on the rest. With fewer than four
 * cores the load cannot have cores of its own, so it runs on every core, sharing them with the
 * servers (`shared`); the single process of the comparison runs on the first server core.
 */
export interface ClusterLayout {
  /** CPU list of each server process. */
  servers: [string, string];
  /** CPU list of the load processes, the orchestrator's helpers and the private Redis. */
  load: string;
  /** Whether the load shares the servers' cores. */
  shared: boolean;
}

export function clusterLayout(cores: number): ClusterLayout | null {
  if (cores < 2) return null;
  if (cores < 4) return { servers: ['0', '1'], load: `0-${cores - 1}`, shared: true };
  return { servers: ['0', '1'], load: cores === 4 ? '2,3' : `2-${cores - 1}`, shared: false };
}

/** The layout on this machine, or null when nothing is pinned (see `pinning`). */
export function clusterPinning(): ClusterLayout | null {
  return pinning().server ? clusterLayout(cpus().length) : null;
}

/** The command and arguments that start `command` on the CPUs `list` (unchanged when null). */
export function onCores(list: string | null, command: string, args: string[]): [string, string[]] {
  return list ? ['taskset', ['-c', list, command, ...args]] : [command, args];
}

/** Move a running process (every thread of it) to the CPUs `list`. */
export function toCores(pid: number, list: string | null): void {
  if (!list || !pid) return;
  execFileSync('taskset', ['-a', '-p', '-c', list, String(pid)], { stdio: 'ignore' });
}

export function clusterPinningLine(layout: ClusterLayout | null = clusterPinning()): string {
  if (!layout) return `not pinned (${pinning().reason ?? 'fewer than two cores'})`;
  const where = `server processes on cores ${layout.servers.join(' and ')} (one process: core ${layout.servers[0]}), load on core(s) ${layout.load}`;
  return layout.shared
    ? `${where}: with ${cpus().length} cores the load shares the servers' cores (a core each for the servers and cores of the load's own need 4)`
    : where;
}
