/**
 * The servers under test, each a child process: the project's server (`server/main.ts`, as
 * `npm start` runs it, with SQLite or with the bench's in-memory store) and the reference
 * (@y/websocket-server's stock `setupWSConnection`, in memory, no auth), and the floor (a bare
 * relay that keeps and forwards frames without Yjs, bench/servers/floor.ts).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { onCores, onServerCore } from './pinning.ts';

export const repoRoot = fileURLToPath(new URL('../../', import.meta.url));

export type ServerKind = 'candidate' | 'reference' | 'memory' | 'floor' | 'stored-floor';

export const serverLabels: Record<ServerKind, string> = {
  candidate: 'Bestfit (SQLite)',
  reference: 'reference (@y/websocket-server 0.1.1)',
  memory: 'Bestfit (in-memory store)',
  floor: 'floor (a bare ws relay, no Yjs)',
  'stored-floor': 'stored floor (the bare relay, writing each update to SQLite before relaying it)',
};

export interface EldStats {
  /** Longest event-loop delay in the window, ms. */
  max: number;
  /** 50 ms slots in the window, and how many had a delay over 5 ms. */
  slots: number;
  slotsOver5ms: number;
  /** Longest garbage-collection pause in the window, ms. */
  gcMax: number;
  /** Collection pauses (ms) that ended in the slot holding the longest delay: how much of it was GC. */
  gcInWorst: number;
}

export interface ServerHandle {
  kind: ServerKind;
  url: string;
  /** Base for y-websocket: `${wsBase}/${room}`. */
  wsBase: string;
  pid: number;
  process: ChildProcess;
  exited: Promise<void>;
  output(): string;
  /** Event-loop delay inside the server over an epoch-ms window (needs `eld`). */
  eldRead(window: { start: number; end: number }): Promise<EldStats | null>;
  /** process.memoryUsage() inside the server, after a full GC when `gc` (needs `inspect`). */
  memory(gc: boolean): Promise<NodeJS.MemoryUsage | null>;
  stop(): Promise<void>;
  kill9(): Promise<void>;
}

export interface CandidateOptions {
  dataDir: string;
  frameworksDir: string;
  /** Serve a built client (scenario 7); otherwise a folder that does not exist. */
  clientDir?: string;
  memoryStore?: boolean;
  /** Measure event-loop delay inside the server (bench/servers/eld.ts). */
  eld?: boolean;
  /** Load the same preload for memory figures, with --expose-gc. */
  inspect?: boolean;
  env?: Record<string, string>;
  /** CPUs to run on (scenario 11's layout); by default the server core. */
  cores?: string | null;
}

const preload = (name: string) => new URL(`../servers/${name}`, import.meta.url).href;

export function startCandidate(o: CandidateOptions): Promise<ServerHandle> {
  const args = ['--import', 'tsx'];
  if (o.eld || o.inspect) args.push('--import', preload('eld.ts'));
  // As `npm start` runs it: the server collects garbage once when its last review unloads.
  args.push('--expose-gc');
  // A CPU profile of each server, written when it stops (to see where a scenario's CPU goes).
  const profiles = process.env.BENCH_SERVER_CPU_PROF_DIR;
  if (profiles) args.push('--cpu-prof', `--cpu-prof-dir=${profiles}`);
  // The in-memory store is passed to startServer by its own entry point; otherwise as `npm start`.
  args.push(o.memoryStore ? fileURLToPath(new URL('../servers/memory-server.ts', import.meta.url)) : 'server/main.ts');
  return launch(
    o.memoryStore ? 'memory' : 'candidate',
    args,
    {
      BENCH_ELD: o.eld ? '1' : '0',
      PORT: '0',
      HOST: '127.0.0.1',
      DATA_DIR: o.dataDir,
      FRAMEWORKS_DIR: o.frameworksDir,
      CLIENT_DIR: o.clientDir ?? join(o.dataDir, 'no-client'),
      ...o.env,
    },
    o.cores,
  );
}

export function startReference(
  o: { eld?: boolean; inspect?: boolean; env?: Record<string, string> } = {},
): Promise<ServerHandle> {
  const args = ['--import', 'tsx'];
  if (o.eld || o.inspect) args.push('--import', preload('eld.ts'));
  // Both servers can be made to collect garbage before a memory reading.
  args.push('--expose-gc');
  args.push(fileURLToPath(new URL('../servers/reference.ts', import.meta.url)));
  return launch('reference', args, { PORT: '0', HOST: '127.0.0.1', BENCH_ELD: o.eld ? '1' : '0', ...o.env });
}

/**
 * The floor: the least a y-websocket server can do, to show how far above it each server is. Given
 * `store` (a database file), the stored floor: the least a server that stores before relaying can do.
 */
export function startFloor(o: { eld?: boolean; inspect?: boolean; store?: string } = {}): Promise<ServerHandle> {
  const args = ['--import', 'tsx'];
  if (o.eld || o.inspect) args.push('--import', preload('eld.ts'));
  args.push('--expose-gc');
  args.push(fileURLToPath(new URL('../servers/floor.ts', import.meta.url)));
  const env = { PORT: '0', HOST: '127.0.0.1', BENCH_ELD: o.eld ? '1' : '0' };
  return o.store === undefined
    ? launch('floor', args, env)
    : launch('stored-floor', args, { ...env, FLOOR_STORE: o.store });
}

interface IpcReply {
  eld?: string;
  id?: number;
  stats?: EldStats | null;
  memory?: NodeJS.MemoryUsage;
}

const live = new Set<ChildProcess>();

/** Stop every server still running (the bench was interrupted). */
export function killServers(): void {
  for (const child of live) child.kill('SIGKILL');
}

function launch(
  kind: ServerKind,
  args: string[],
  env: Record<string, string>,
  cores?: string | null,
): Promise<ServerHandle> {
  // `taskset` execs node, so the pid is the server's own.
  const [command, commandArgs] =
    cores === undefined ? onServerCore(process.execPath, args) : onCores(cores, process.execPath, args);
  const child = spawn(command, commandArgs, {
    cwd: repoRoot,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
    serialization: 'advanced',
  });
  live.add(child);
  child.once('exit', () => live.delete(child));
  let out = '';
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const pending = new Map<number, (m: IpcReply) => void>();
  let nextId = 1;
  child.on('message', (m: IpcReply) => {
    if (m.id === undefined) return;
    pending.get(m.id)?.(m);
    pending.delete(m.id);
  });
  const ask = (eld: string, extra: Record<string, unknown> = {}): Promise<IpcReply | null> => {
    if (!child.connected) return Promise.resolve(null);
    const id = nextId++;
    return new Promise((done) => {
      const t = setTimeout(() => {
        pending.delete(id);
        done(null);
      }, 10_000);
      pending.set(id, (m) => {
        clearTimeout(t);
        done(m);
      });
      child.send({ eld, id, ...extra });
    });
  };
  const keep = (chunk: Buffer) => {
    out += chunk.toString();
    if (out.length > 200_000) out = out.slice(-100_000);
  };
  child.stderr?.on('data', keep);
  return new Promise((resolve, reject) => {
    let handle: ServerHandle | null = null;
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${kind} server did not start in 60 s:\n${out}`));
    }, 60_000);
    child.stdout?.on('data', (chunk: Buffer) => {
      keep(chunk);
      const match = /listening on (http:\/\/\S+)/.exec(out);
      if (!match?.[1] || handle) return;
      clearTimeout(timer);
      const url = match[1];
      handle = {
        kind,
        url,
        wsBase: `${url.replace('http', 'ws')}/collab`,
        pid: child.pid ?? 0,
        process: child,
        exited,
        output: () => out,
        async eldRead(window) {
          return (await ask('read', { from: window.start, to: window.end }))?.stats ?? null;
        },
        async memory(gc: boolean) {
          return (await ask(gc ? 'gc' : 'memory'))?.memory ?? null;
        },
        async stop() {
          if (child.exitCode !== null || child.signalCode !== null) return;
          child.kill('SIGTERM');
          const force = setTimeout(() => child.kill('SIGKILL'), 15_000);
          await exited;
          clearTimeout(force);
        },
        async kill9() {
          if (child.exitCode !== null || child.signalCode !== null) return;
          child.kill('SIGKILL');
          await exited;
        },
      };
      resolve(handle);
    });
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      if (!handle) reject(new Error(`${kind} server exited (${code ?? signal}) before listening:\n${out}`));
    });
  });
}
