/**
 * What every scenario shares: a temporary root, the frameworks folder, a data folder template
 * with accounts, skeleton states for seeding the reference, and helpers to start each server.
 */
import { cp, mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readFrameworkFolder } from '../../server/frameworks/files.ts';
import type { Framework } from '../../shared/framework/schema.ts';
import { reviewModel } from '../../shared/review/model.ts';
import { roomUrl } from '../load/commands.ts';
import type { Options } from './args.ts';
import { admit, createAccounts, createReview, type BenchAccounts } from './candidate-access.ts';
import { LARGE_FRAMEWORK_ID, frameworksDir } from './frameworks.ts';
import { background } from './proc.ts';
import { Worker } from './rpc.ts';
import { startCandidate, startFloor, startReference, type ServerHandle, type ServerKind } from './servers.ts';

export const BA = 'ba-partnership-sef';
/** Participants the template holds: 2,000 reviews × 2 for scenario 4, each a different person. */
export const PARTICIPANTS = 4000;

export interface Started {
  server: ServerHandle;
  dataDir: string | null;
}

export class Context {
  private templates = new Map<string, Promise<string>>();
  private states = new Map<string, Promise<Uint8Array>>();
  readonly frameworks = new Map<string, Framework>();
  private counter = 0;
  /** CPU (cores) other processes used while each measurement ran, for the report. */
  readonly backgroundSeen: number[] = [];
  private waitBudgetMs = 5 * 60_000;
  log: (message: string) => void = (m) => console.log(m);

  private constructor(
    readonly options: Options,
    readonly root: string,
    readonly frameworksDir: string,
    readonly baseDir: string,
    readonly accounts: BenchAccounts,
  ) {}

  static async create(options: Options): Promise<Context> {
    const root = await mkdtemp(join(tmpdir(), 'bestfit-bench-'));
    const fwDir = await frameworksDir(root);
    const baseDir = join(root, 'template-base');
    await mkdir(baseDir, { recursive: true });
    const accounts = await createAccounts(baseDir, PARTICIPANTS);
    const ctx = new Context(options, root, fwDir, baseDir, accounts);
    for (const fw of await readFrameworkFolder(fwDir)) ctx.frameworks.set(fw.id, fw);
    return ctx;
  }

  framework(id: string): Framework {
    const fw = this.frameworks.get(id);
    if (!fw) throw new Error(`no framework ${id}`);
    return fw;
  }

  ratingKeys(id: string): string[] {
    return [...reviewModel(this.framework(id)).ratingKeys];
  }

  criteria(id: string): string[] {
    return [...reviewModel(this.framework(id)).criteria];
  }

  levels(id: string): string[] {
    return this.framework(id).scale.levels.map((l) => l.id);
  }

  /** Start a server of `kind`; candidates get a fresh copy of a data folder template. */
  async start(
    kind: ServerKind,
    o: { template?: string; eld?: boolean; inspect?: boolean; clientDir?: string; env?: Record<string, string> } = {},
  ): Promise<Started> {
    if (kind === 'floor') return { server: await startFloor(o), dataDir: null };
    if (kind === 'stored-floor') {
      const dataDir = join(this.root, `stored-floor-${++this.counter}`);
      await mkdir(dataDir, { recursive: true });
      return { server: await startFloor({ ...o, store: join(dataDir, 'floor.db') }), dataDir };
    }
    if (kind === 'reference') {
      // A reference that persists (YPERSISTENCE) gets a LevelDB folder of its own, removed with the run.
      const persist = o.env?.YPERSISTENCE !== undefined;
      const dataDir = persist ? join(this.root, `reference-${++this.counter}`) : null;
      const env = persist ? { ...o.env, YPERSISTENCE: dataDir! } : o.env;
      return { server: await startReference({ ...o, env }), dataDir };
    }
    const dataDir = join(this.root, `run-${++this.counter}`);
    await cp(o.template ?? this.baseDir, dataDir, { recursive: true });
    const server = await startCandidate({
      dataDir,
      frameworksDir: this.frameworksDir,
      memoryStore: kind === 'memory',
      eld: o.eld,
      inspect: o.inspect,
      clientDir: o.clientDir,
      env: o.env,
    });
    return { server, dataDir };
  }

  async stop(s: Started): Promise<void> {
    await s.server.stop();
    if (s.dataDir) await rm(s.dataDir, { recursive: true, force: true });
  }

  /**
   * A review of `frameworkId` the first `participants` people can join: created through the API
   * on the candidate; on the reference a fresh room seeded with the same skeleton document.
   */
  async review(
    s: Started,
    worker: Worker,
    frameworkId: string,
    participants: number,
    title: string,
  ): Promise<{ room: string; tokens: (string | null)[] }> {
    // The reference and the floor have no accounts: a fresh room, seeded over the socket.
    if (s.server.kind === 'reference' || s.server.kind === 'floor' || s.server.kind === 'stored-floor') {
      const room = `${title.replace(/\W+/g, '-')}-${++this.counter}`;
      await worker.call('seed', { url: roomUrl(s.server.wsBase, room, null), state: await this.skeleton(frameworkId) });
      return { room, tokens: [null] };
    }
    const id = await createReview(s.server.url, this.accounts.owner.token, frameworkId, title);
    const tokens = this.accounts.participants.slice(0, participants);
    await admit(s.server.url, this.accounts.owner.token, id, tokens);
    return { room: id, tokens };
  }

  /** The document the candidate builds for a new review of `frameworkId` (to seed the reference). */
  skeleton(frameworkId: string): Promise<Uint8Array> {
    let state = this.states.get(frameworkId);
    if (!state) {
      state = this.withSetupServer(this.baseDir, async (server, worker) => {
        const id = await createReview(server.url, this.accounts.owner.token, frameworkId, 'Skeleton');
        await admit(server.url, this.accounts.owner.token, id, this.accounts.participants.slice(0, 1));
        return worker.call<Uint8Array>('fetchState', {
          url: roomUrl(server.wsBase, id, this.accounts.participants[0]),
        });
      });
      this.states.set(frameworkId, state);
    }
    return state;
  }

  /** Run `task` against a candidate on a copy of `template` that is thrown away afterwards. */
  async withSetupServer<T>(
    template: string,
    task: (server: ServerHandle, worker: Worker, dataDir: string) => Promise<T>,
    keepAs?: string,
  ): Promise<T> {
    const dataDir = keepAs ?? join(this.root, `setup-${++this.counter}`);
    await cp(template, dataDir, { recursive: true });
    const server = await startCandidate({ dataDir, frameworksDir: this.frameworksDir });
    const worker = await Worker.start();
    try {
      return await task(server, worker, dataDir);
    } finally {
      await worker.stop();
      await server.stop();
      if (!keepAs) await rm(dataDir, { recursive: true, force: true });
    }
  }

  /** A data folder template built once by `build` (on a running candidate) and reused by every run. */
  template(name: string, build: (server: ServerHandle, worker: Worker) => Promise<void>): Promise<string> {
    let t = this.templates.get(name);
    if (!t) {
      const dir = join(this.root, `template-${name}`);
      t = this.withSetupServer(this.baseDir, (server, worker) => build(server, worker), dir).then(() => dir);
      this.templates.set(name, t);
    }
    return t;
  }

  /** A state of the large review after many edits, as the candidate holds it (to seed the reference). */
  cachedState(name: string, make: () => Promise<Uint8Array>): Promise<Uint8Array> {
    let s = this.states.get(name);
    if (!s) {
      s = make();
      this.states.set(name, s);
    }
    return s;
  }

  /**
   * Wait (at most `maxMs`) until processes other than the bench use under a quarter of a core:
   * on a small machine anything else running skews every figure.
   */
  async waitQuiet(maxMs = 60_000): Promise<number> {
    // At most five minutes of waiting over the whole run: the suite must end by itself.
    maxMs = Math.min(maxMs, this.waitBudgetMs);
    const start = Date.now();
    let busy = await background([], 1_000);
    let told = false;
    while (busy > 0.25 && Date.now() - start < maxMs) {
      if (!told) this.log(`    waiting for a quiet machine: other processes use ${busy.toFixed(2)} cores`);
      told = true;
      busy = await background([], 2_000);
    }
    if (busy > 0.25) this.log(`    the machine is still busy (${busy.toFixed(2)} cores); measuring anyway`);
    this.waitBudgetMs = Math.max(0, this.waitBudgetMs - (Date.now() - start - 1_000));
    return busy;
  }

  async cleanup(): Promise<void> {
    await rm(this.root, { recursive: true, force: true });
  }
}

export { LARGE_FRAMEWORK_ID };
