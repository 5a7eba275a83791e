/** CPU time and memory of other processes, read from outside through /proc (Linux). */
import { execFileSync } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';

let clockTicks = 100;
try {
  clockTicks = Number(execFileSync('getconf', ['CLK_TCK']).toString().trim()) || 100;
} catch {
  // 100 on every Linux this runs on.
}

export interface ProcSample {
  /** Epoch ms. */
  t: number;
  /** utime + stime, seconds. */
  cpu: number;
  /** stime alone (kernel: sockets, memory), seconds. */
  system: number;
  /** Resident set size, bytes. */
  rss: number;
}

export function readProc(pid: number): ProcSample | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name is in parentheses and may hold spaces; fields resume after the last ')'.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const utime = Number(fields[11]);
    const stime = Number(fields[12]);
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const rssKb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
    return { t: Date.now(), cpu: (utime + stime) / clockTicks, system: stime / clockTicks, rss: rssKb * 1024 };
  } catch {
    return null;
  }
}

/** CPU seconds the whole machine has spent in user and system mode (all cores). */
export function machineBusy(): number {
  try {
    const line = readFileSync('/proc/stat', 'utf8').split('\n', 1)[0] ?? '';
    const [, user, nice, system] = line.trim().split(/\s+/).map(Number);
    return ((user ?? 0) + (nice ?? 0) + (system ?? 0)) / clockTicks;
  } catch {
    return Number.NaN;
  }
}

/**
 * CPU used by processes other than `ours` (in cores) over `ms`: a busy machine makes every
 * figure worse, so the bench waits for quiet and records what else was running.
 */
export async function background(ours: number[], ms: number): Promise<number> {
  const read = () => ({
    t: Date.now(),
    machine: machineBusy(),
    ours: ours.reduce((sum, pid) => sum + (readProc(pid)?.cpu ?? 0), 0),
  });
  const a = read();
  await new Promise((resolve) => setTimeout(resolve, ms));
  const b = read();
  return Math.max(0, (b.machine - a.machine - (b.ours - a.ours)) / ((b.t - a.t) / 1000));
}

/**
 * CPU seconds used by a process and everything below it: live descendants, plus (through
 * cutime/cstime) those that exited and were waited for — e.g. Chromium's renderers.
 */
export function treeCpu(root: number): number {
  const parent = new Map<number, number>();
  const cpu = new Map<number, number>();
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      parent.set(Number(name), Number(f[1]));
      cpu.set(Number(name), (Number(f[11]) + Number(f[12]) + Number(f[13]) + Number(f[14])) / clockTicks);
    } catch {
      // exited meanwhile
    }
  }
  let total = 0;
  for (const [pid, seconds] of cpu) {
    for (let p: number | undefined = pid; p !== undefined && p > 1; p = parent.get(p)) {
      if (p === root) {
        total += seconds;
        break;
      }
    }
  }
  return total;
}

/** Samples a set of processes every `intervalMs` until stopped. */
export class Sampler {
  readonly samples = new Map<number, ProcSample[]>();
  /** [epoch ms, machine busy seconds] */
  readonly machine: [number, number][] = [];
  /** [epoch ms, CPU seconds of this process] */
  private readonly self: [number, number][] = [];
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly pids: number[],
    private readonly intervalMs = 100,
  ) {}

  start(): this {
    this.sample();
    this.timer = setInterval(() => this.sample(), this.intervalMs);
    return this;
  }

  addPid(pid: number): void {
    if (!this.pids.includes(pid)) this.pids.push(pid);
  }

  private sample(): void {
    this.machine.push([Date.now(), machineBusy()]);
    const usage = process.cpuUsage();
    this.self.push([Date.now(), (usage.user + usage.system) / 1e6]);
    for (const pid of this.pids) {
      const s = readProc(pid);
      if (!s) continue;
      let list = this.samples.get(pid);
      if (!list) this.samples.set(pid, (list = []));
      list.push(s);
    }
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  /** The sample nearest to epoch time `t`. */
  private at(pid: number, t: number): ProcSample | null {
    const list = this.samples.get(pid) ?? [];
    let best: ProcSample | null = null;
    for (const s of list) if (!best || Math.abs(s.t - t) < Math.abs(best.t - t)) best = s;
    return best;
  }

  /** CPU seconds used per wall second in [start, end] (1.0 = one core busy). */
  cpuShare(pid: number, start: number, end: number): number {
    const a = this.at(pid, start);
    const b = this.at(pid, end);
    if (!a || !b || b.t <= a.t) return Number.NaN;
    return (b.cpu - a.cpu) / ((b.t - a.t) / 1000);
  }

  /** Kernel (system) CPU seconds per wall second in [start, end]; the rest of cpuShare is user time. */
  systemShare(pid: number, start: number, end: number): number {
    const a = this.at(pid, start);
    const b = this.at(pid, end);
    if (!a || !b || b.t <= a.t) return Number.NaN;
    return (b.system - a.system) / ((b.t - a.t) / 1000);
  }

  /** CPU seconds used in [start, end]. */
  cpuSeconds(pid: number, start: number, end: number): number {
    const a = this.at(pid, start);
    const b = this.at(pid, end);
    if (!a || !b) return Number.NaN;
    return b.cpu - a.cpu;
  }

  /** CPU (cores) used in [start, end] by everything but the sampled processes and this one. */
  backgroundShare(start: number, end: number): number {
    const near = (t: number) =>
      this.machine.reduce<[number, number] | null>(
        (best, s) => (!best || Math.abs(s[0] - t) < Math.abs(best[0] - t) ? s : best),
        null,
      );
    const a = near(start);
    const b = near(end);
    if (!a || !b || b[0] <= a[0]) return Number.NaN;
    let ours = 0;
    for (const pid of this.pids) ours += this.cpuSeconds(pid, a[0], b[0]) || 0;
    const self = this.selfCpu(a[0], b[0]);
    return Math.max(0, (b[1] - a[1] - ours - self) / ((b[0] - a[0]) / 1000));
  }

  private selfCpu(start: number, end: number): number {
    const list = this.self.filter(([t]) => t >= start - 200 && t <= end + 200);
    if (list.length < 2) return 0;
    return list.at(-1)![1] - list[0]![1];
  }

  maxRss(pid: number, start: number, end: number): number {
    let max = 0;
    for (const s of this.samples.get(pid) ?? []) if (s.t >= start && s.t <= end) max = Math.max(max, s.rss);
    return max;
  }
}
