/**
 * The load process: every participant of every scenario lives here, in a process of its own,
 * apart from the server under test and from the orchestrator. Driven over IPC (lib/rpc.ts).
 */
import * as Y from 'yjs';
import { decodeAwareness, encodeAwareness, randomClientId } from '../lib/protocol.ts';
import { RawClient, allSynced } from '../lib/raw-client.ts';
import type { RpcRequest, RpcResponse } from '../lib/rpc.ts';
import { Histogram, median, type HistogramJson } from '../lib/stats.ts';
import { stockClient, type StockClient } from '../lib/stock-client.ts';
import {
  baseOf,
  roomUrl,
  SLICE_MS,
  type KillArgs,
  type KillReport,
  type LatencyArgs,
  type LatencyResult,
  type ManyArgs,
  type ManyResult,
  type PresenceArgs,
  type PresenceResult,
  type ProbeArgs,
  type ProbeSample,
  type RampArgs,
  type RampStep,
  type SeedEditsArgs,
  type StormArgs,
  type StormResult,
} from './commands.ts';
import { Ledger, type Receiver } from './ledger.ts';

const epoch = (perfNow: number): number => performance.timeOrigin + perfNow;
const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Connect thin clients a batch at a time (a real crowd does not arrive in one microsecond). */
async function connectAll(make: (i: number) => RawClient, count: number, batch = 50): Promise<RawClient[]> {
  const clients: RawClient[] = [];
  for (let i = 0; i < count; i += batch) {
    const group: RawClient[] = [];
    for (let j = i; j < Math.min(count, i + batch); j++) group.push(make(j));
    await allSynced(group, 30_000);
    clients.push(...group);
  }
  const failed = clients.filter((c) => c.syncedAt === 0);
  if (failed.length > 0) {
    const reason =
      failed[0]?.closeCode !== null ? `closed ${failed[0]?.closeCode} ${failed[0]?.closeReason}` : 'timeout';
    await Promise.all(clients.map((c) => c.close()));
    throw new Error(`${failed.length} of ${count} participants did not sync (${reason})`);
  }
  return clients;
}

const token = (tokens: (string | null)[], i: number): string | null => tokens[i % tokens.length] ?? null;

// ---------------------------------------------------------------------------------------------
// Scenario 1 (and 6): one writer, N-1 watchers.

async function latency(a: LatencyArgs): Promise<LatencyResult> {
  const t0 = performance.now();
  const ledger = new Ledger();
  ledger.samples = [];
  const writer = stockClient(baseOf(a, 0), a.room, token(a.tokens, 0) ?? undefined);
  const probe = stockClient(baseOf(a, 1), a.room, token(a.tokens, 1) ?? undefined);
  const stock: StockClient[] = [writer, probe];
  // Each receiver's server process (participant i + 1: the writer, at 0, receives nothing).
  const receiverBase: string[] = [];
  let thin: RawClient[] = [];
  try {
    await Promise.all([writer.synced, probe.synced]);
    const w = ledger.addWriter(writer.doc.clientID);
    const probeReceiver = ledger.addReceiver(probe.doc.clientID);
    receiverBase.push(baseOf(a, 1));
    probe.doc.on('update', (update: Uint8Array, origin: unknown) => {
      if (origin === probe.provider) probeReceiver.onUpdate(update, performance.now());
    });
    const thinReceivers: Receiver[] = [];
    thin = await connectAll((i) => {
      const r = ledger.addReceiver(null);
      thinReceivers.push(r);
      receiverBase.push(baseOf(a, i + 2));
      return new RawClient(roomUrl(baseOf(a, i + 2), a.room, token(a.tokens, i + 2)), {
        onUpdate: (u, now) => r.onUpdate(u, now),
      });
    }, a.n - 2);
    const connectMs = performance.now() - t0;
    await sleep(300);

    const start = performance.now();
    const measureFrom = start + a.warmupMs;
    for (const r of ledger.receivers) r.measureFrom = measureFrom;
    const total = Math.round(((a.durationMs + a.warmupMs) / 1000) * a.rate);
    const ratings = writer.doc.getMap<string>('ratings');
    for (let k = 0; k < total; k++) {
      const due = start + (k * 1000) / a.rate;
      const wait = due - performance.now();
      if (wait > 0) await sleep(wait);
      const key = a.keys[k % a.keys.length]!;
      const level = a.levels[(k + Math.floor(k / a.keys.length)) % a.levels.length]!;
      const at = performance.now();
      ratings.set(key, level);
      ledger.record(w, Y.getState(writer.doc.store, writer.doc.clientID) - 1, at);
    }
    const end = performance.now();
    const lost = await ledger.drain(5_000);
    const all = new Histogram();
    for (const r of ledger.receivers) all.merge(r.hist);
    return {
      all: all.toJSON(),
      edits: (ledger.samples[w] ?? []).filter((x): x is number[] => x !== undefined && x.length > 0),
      probe: probeReceiver.hist.toJSON(),
      sent: ledger.totalSent(),
      lost,
      closed: thin.filter((c) => c.closeCode !== null).length + writer.closes.length + probe.closes.length,
      window: { start: epoch(measureFrom), end: epoch(end) },
      connectMs,
      stockCloses: [...writer.closes, ...probe.closes],
      ...(a.bases ? { byBase: histogramsByBase(ledger.receivers, receiverBase) } : {}),
    };
  } finally {
    for (const s of stock) s.destroy();
    await Promise.all(thin.map((c) => c.close()));
  }
}

/** Receivers' histograms merged per server process (`bases[k]` is receiver k's). */
function histogramsByBase(receivers: Receiver[], bases: string[]): { base: string; hist: HistogramJson }[] {
  const merged = new Map<string, Histogram>();
  receivers.forEach((r, k) => {
    const base = bases[k];
    if (base === undefined) return;
    let h = merged.get(base);
    if (!h) merged.set(base, (h = new Histogram()));
    h.merge(r.hist);
  });
  return [...merged].map(([base, hist]) => ({ base, hist: hist.toJSON() }));
}

// ---------------------------------------------------------------------------------------------
// Scenario 2 (and 6): everyone writes their own cell, the total rate ramps up.

interface Writer {
  client: RawClient;
  doc: Y.Doc;
  index: number;
  key: string;
  count: number;
  receiver: Receiver;
}

async function connectWriters(a: Target2, ledger: Ledger): Promise<Writer[]> {
  const writers: Writer[] = [];
  await connectAll((i) => {
    const doc = new Y.Doc();
    const receiver = ledger.addReceiver(doc.clientID);
    const client = new RawClient(roomUrl(baseOf(a, i), a.room, token(a.tokens, i)), {
      doc,
      onUpdate: (u, now) => receiver.onUpdate(u, now),
    });
    doc.on('update', (update: Uint8Array, origin: unknown) => {
      if (origin !== 'remote') client.sendUpdate(update);
    });
    writers.push({ client, doc, index: receiver.ownIndex, key: a.keys[i % a.keys.length]!, count: 0, receiver });
    return client;
  }, a.participants);
  return writers;
}

interface Target2 {
  base: string;
  bases?: string[];
  room: string;
  tokens: (string | null)[];
  keys: string[];
  participants: number;
}

function edit(writer: Writer, ledger: Ledger, levels: string[]): void {
  const level = levels[writer.count++ % levels.length]!;
  const at = performance.now();
  writer.doc.getMap<string>('ratings').set(writer.key, level);
  ledger.record(writer.index, Y.getState(writer.doc.store, writer.doc.clientID) - 1, at);
}

/** Offer `rate` edits a second, round-robin over the writers, for `ms`; returns the worst lag. */
async function offer(writers: Writer[], ledger: Ledger, levels: string[], rate: number, ms: number) {
  const start = performance.now();
  let sent = 0;
  let maxLagMs = 0;
  let next = 0;
  for (;;) {
    const now = performance.now();
    const elapsed = now - start;
    if (elapsed >= ms) break;
    const due = Math.floor((elapsed * rate) / 1000);
    if (due > sent) maxLagMs = Math.max(maxLagMs, ((due - sent - 1) * 1000) / rate);
    while (sent < due) {
      const w = writers[next]!;
      next = (next + 1) % writers.length;
      if (w.client.open) edit(w, ledger, levels);
      sent++;
    }
    await sleep(2);
  }
  return { sent, maxLagMs, elapsed: performance.now() - start };
}

let rampRun: { writers: Writer[]; ledger: Ledger; args: RampArgs } | null = null;

async function rampConnect(a: RampArgs): Promise<{ connectMs: number }> {
  const t0 = performance.now();
  const ledger = new Ledger();
  const writers = await connectWriters({ ...a, participants: a.tokens.length }, ledger);
  rampRun = { writers, ledger, args: a };
  // Let both processes collect the garbage of 200 initial syncs before anything is measured.
  await sleep(2_000);
  return { connectMs: performance.now() - t0 };
}

async function rampStep({ rate }: { rate: number }): Promise<RampStep> {
  if (!rampRun) throw new Error('rampConnect first');
  const { writers, ledger, args: a } = rampRun;
  const dead = (r: Receiver) => writers.find((w) => w.receiver === r)?.client.open === false;
  for (const r of ledger.receivers) {
    r.hist = new Histogram();
    r.measureFrom = 0;
  }
  const messagesBefore = writers.reduce((n, w) => n + w.client.messages, 0);
  const start = performance.now();
  const sliced = (ledger.slices = { from: start, ms: SLICE_MS, hists: [] as Histogram[] });
  const { sent, maxLagMs, elapsed } = await offer(writers, ledger, a.levels, rate, a.stepMs);
  const end = performance.now();
  const lost = await ledger.drain(a.drainMs, dead);
  const drainedAt = performance.now();
  const messages = writers.reduce((n, w) => n + w.client.messages, 0) - messagesBefore;
  const hist = Histogram.mergeAll(ledger.receivers.map((r) => r.hist));
  const slices = Array.from(sliced.hists, (h: Histogram | undefined) => (h ?? new Histogram()).toJSON());
  ledger.slices = null;
  const closed = writers.filter((w) => !w.client.open).length;
  const achievedRate = (sent * 1000) / elapsed;
  const p99 = hist.percentile(99);
  return {
    rate,
    achievedRate,
    sent,
    hist: hist.toJSON(),
    slices,
    lost,
    closed,
    maxLagMs,
    messages,
    receivers: writers.length,
    window: { start: epoch(start), end: epoch(end) },
    drainedAt: epoch(drainedAt),
    pass: p99 < a.p99LimitMs && lost === 0 && closed === 0 && achievedRate >= 0.95 * rate,
  };
}

/** Wait (at most `timeoutMs`) until every live participant has every edit sent so far; what is still missing. */
async function rampSettle({ timeoutMs }: { timeoutMs: number }): Promise<{ missing: number }> {
  if (!rampRun) throw new Error('rampConnect first');
  const { writers, ledger } = rampRun;
  const dead = (r: Receiver) => writers.find((w) => w.receiver === r)?.client.open === false;
  return { missing: await ledger.drain(timeoutMs, dead) };
}

async function rampClose(): Promise<{ ok: true }> {
  const run = rampRun;
  rampRun = null;
  if (run) await Promise.all(run.writers.map((w) => w.client.close()));
  return { ok: true };
}

// Kill -9 in the middle of scenario 2: keep writing until the server goes away.
let killRun: { writers: Writer[]; ledger: Ledger; stop: boolean; done: Promise<void> } | null = null;

async function killStart(a: KillArgs): Promise<{ connected: number }> {
  const ledger = new Ledger();
  const writers = await connectWriters({ ...a, participants: a.tokens.length }, ledger);
  const run = { writers, ledger, stop: false, done: Promise.resolve() };
  run.done = (async () => {
    const start = performance.now();
    let sent = 0;
    let next = 0;
    while (!run.stop && writers.some((w) => w.client.open)) {
      const due = Math.floor(((performance.now() - start) * a.rate) / 1000);
      while (sent < due) {
        const w = writers[next]!;
        next = (next + 1) % writers.length;
        if (w.client.open) edit(w, ledger, a.levels);
        sent++;
      }
      await sleep(2);
    }
  })();
  killRun = run;
  return { connected: writers.length };
}

async function killStop(): Promise<KillReport> {
  const run = killRun;
  if (!run) throw new Error('no kill run in progress');
  run.stop = true;
  await run.done;
  await sleep(200);
  const { writers, ledger } = run;
  const report: KillReport = {
    writers: writers.map((w) => {
      let receivedByAnyone = 0;
      for (const r of ledger.receivers)
        if (r !== w.receiver) receivedByAnyone = Math.max(receivedByAnyone, r.received[w.index] ?? 0);
      return { clientID: w.doc.clientID, sent: ledger.sent[w.index] ?? 0, receivedByAnyone };
    }),
    closed: writers.filter((w) => !w.client.open).length,
  };
  await Promise.all(writers.map((w) => w.client.close()));
  killRun = null;
  return report;
}

// ---------------------------------------------------------------------------------------------
// Scenario 3: presence.

/** Connect everyone; the returned function runs the measurement (so several load processes connect in turn). */
async function presencePrepare(a: PresenceArgs): Promise<() => Promise<PresenceResult>> {
  const t0 = performance.now();
  const hist = new Histogram();
  let measureFrom = Number.POSITIVE_INFINITY;
  let received = 0;
  const ids: number[] = [];
  const own = new Set<number>();
  const clocks: number[] = [];
  const state = (i: number, k: number, t: number) =>
    JSON.stringify({
      user: { name: `Participant ${i}`, color: '#3366cc', colorLight: '#3366cc33' },
      cell: { criterion: a.criteria[(i + k) % a.criteria.length], level: a.levels[k % a.levels.length] },
      t,
    });
  const clients = await connectAll((i) => {
    const clientID = randomClientId();
    ids.push(clientID);
    own.add(clientID);
    clocks.push(0);
    return new RawClient(roomUrl(a.base, a.room, token(a.tokens, i)), {
      initialAwareness: encodeAwareness([{ clientID, clock: 0, json: state(i, 0, 0) }]),
      onAwareness: (update, now) => {
        for (const entry of decodeAwareness(update)) {
          // Only this process's participants carry send times on this process's clock.
          if (entry.clientID === clientID || !own.has(entry.clientID) || entry.json === 'null') continue;
          const t = (JSON.parse(entry.json) as { t?: number }).t ?? 0;
          if (t >= measureFrom) {
            hist.record(now - t);
            received++;
          }
        }
      },
    });
  }, a.tokens.length);
  const connectMs = performance.now() - t0;
  return async () => {
    try {
      await sleep(500);
      const start = performance.now();
      measureFrom = start + a.warmupMs;
      const total = a.durationMs + a.warmupMs;
      const rate = a.hz * clients.length;
      let sent = 0;
      let measuredSent = 0;
      for (;;) {
        const elapsed = performance.now() - start;
        if (elapsed >= total) break;
        const due = Math.floor((elapsed * rate) / 1000);
        while (sent < due) {
          const i = sent % clients.length;
          const clock = ++clocks[i]!;
          const t = performance.now();
          if (t >= measureFrom) measuredSent++;
          clients[i]!.sendAwareness(encodeAwareness([{ clientID: ids[i]!, clock, json: state(i, clock, t) }]));
          sent++;
        }
        await sleep(2);
      }
      const end = performance.now();
      await sleep(1_000);
      return {
        hist: hist.toJSON(),
        sent: measuredSent,
        expected: measuredSent * (clients.length - 1),
        received,
        closed: clients.filter((c) => c.closeCode !== null).length,
        window: { start: epoch(measureFrom), end: epoch(end) },
        connectMs,
      };
    } finally {
      await Promise.all(clients.map((c) => c.close()));
    }
  };
}

let preparedPresence: (() => Promise<PresenceResult>) | null = null;

async function presenceConnect(a: PresenceArgs): Promise<{ ok: true }> {
  preparedPresence = await presencePrepare(a);
  return { ok: true };
}

function presenceRun(): Promise<PresenceResult> {
  const run = preparedPresence;
  preparedPresence = null;
  return run ? run() : Promise.reject(new Error('presenceConnect first'));
}

async function presence(a: PresenceArgs): Promise<PresenceResult> {
  return (await presencePrepare(a))();
}

// ---------------------------------------------------------------------------------------------
// Scenario 4: many small reviews.

let many: RawClient[] = [];

async function manyConnect(a: ManyArgs): Promise<ManyResult> {
  const start = performance.now();
  let failed = 0;
  let firstError: string | null = null;
  const presence = (n: number) =>
    encodeAwareness([
      { clientID: randomClientId(), clock: 0, json: JSON.stringify({ user: { name: `P${n}`, color: '#cc3366' } }) },
    ]);
  for (const participant of [0, 1]) {
    for (let i = 0; i < a.rooms.length; i += a.concurrency) {
      const group: RawClient[] = [];
      for (let r = i; r < Math.min(a.rooms.length, i + a.concurrency); r++) {
        const t = a.tokens[r]?.[participant] ?? null;
        group.push(
          new RawClient(roomUrl(a.base, a.rooms[r]!, t), {
            initialUpdate: participant === 0 && a.seed ? a.seed : undefined,
            initialAwareness: presence(r * 2 + participant),
          }),
        );
      }
      await allSynced(group, 60_000);
      for (const c of group) {
        if (c.syncedAt === 0) {
          failed++;
          firstError ??= c.closeCode !== null ? `closed ${c.closeCode} ${c.closeReason}` : 'timeout';
        }
      }
      many.push(...group);
    }
  }
  return { connected: many.filter((c) => c.open).length, failed, ms: performance.now() - start, firstError };
}

async function manyLeave(): Promise<{ closedMs: number }> {
  const start = performance.now();
  await Promise.all(many.map((c) => c.close()));
  many = [];
  return { closedMs: performance.now() - start };
}

// ---------------------------------------------------------------------------------------------
// Scenario 5: join storm, with a probe on another review (run in a second load process).

async function storm(a: StormArgs): Promise<StormResult> {
  const start = performance.now();
  const clients = a.tokens.map(
    (t, i) =>
      new RawClient(roomUrl(a.base, a.room, t), {
        initialAwareness: encodeAwareness([
          { clientID: randomClientId(), clock: 0, json: JSON.stringify({ user: { name: `Joiner ${i}` } }) },
        ]),
      }),
  );
  await allSynced(clients, 120_000);
  const syncedClients = clients.filter((c) => c.syncedAt > 0);
  const end = syncedClients.reduce((m, c) => Math.max(m, c.syncedAt), start);
  const result: StormResult = {
    window: { start: epoch(start), end: epoch(end) },
    synced: syncedClients.length,
    failed: clients.length - syncedClients.length,
    syncP50Ms: median(syncedClients.map((c) => c.syncedAt - start)),
    syncMaxMs: end - start,
    bytesPerClient: syncedClients.length ? syncedClients.reduce((s, c) => s + c.bytes, 0) / syncedClients.length : 0,
  };
  await sleep(a.holdMs);
  await Promise.all(clients.map((c) => c.close()));
  return result;
}

let probeRun: { stop: boolean; done: Promise<ProbeSample[]>; samples: ProbeSample[] } | null = null;

async function probeStart(a: ProbeArgs): Promise<{ ok: true }> {
  const writer = stockClient(a.base, a.room, token(a.tokens, 0) ?? undefined);
  const reader = stockClient(a.base, a.room, token(a.tokens, 1) ?? undefined);
  await Promise.all([writer.synced, reader.synced]);
  const sentAt: number[] = [];
  const samples: ProbeSample[] = [];
  let seen = 0;
  reader.doc.on('update', (update: Uint8Array, origin: unknown) => {
    if (origin !== reader.provider) return;
    const now = performance.now();
    const to = Y.parseUpdateMeta(update).to.get(writer.doc.clientID);
    if (to === undefined) return;
    for (let clock = seen; clock < to; clock++) {
      const t = sentAt[clock];
      if (t !== undefined) samples.push([epoch(t), now - t]);
    }
    seen = Math.max(seen, to);
  });
  const run = { stop: false, done: Promise.resolve<ProbeSample[]>([]), samples };
  run.done = (async () => {
    const ratings = writer.doc.getMap<string>('ratings');
    const start = performance.now();
    for (let k = 0; !run.stop; k++) {
      const wait = start + (k * 1000) / a.hz - performance.now();
      if (wait > 0) await sleep(wait);
      const at = performance.now();
      ratings.set(a.keys[k % a.keys.length]!, a.levels[(k + Math.floor(k / a.keys.length)) % a.levels.length]!);
      sentAt[Y.getState(writer.doc.store, writer.doc.clientID) - 1] = at;
    }
    await sleep(1_000);
    writer.destroy();
    reader.destroy();
    return samples;
  })();
  probeRun = run;
  return { ok: true };
}

/** The samples so far, the probe still running (to decide whether another storm is needed). */
function probeSamples(): Promise<ProbeSample[]> {
  if (!probeRun) return Promise.reject(new Error('no probe running'));
  return Promise.resolve([...probeRun.samples]);
}

async function probeStop(): Promise<ProbeSample[]> {
  const run = probeRun;
  if (!run) throw new Error('no probe running');
  run.stop = true;
  probeRun = null;
  return run.done;
}

// ---------------------------------------------------------------------------------------------
// A connection that keeps a review open (loaded) on the server between measurements.

const holders = new Map<string, RawClient>();

async function holdOpen(a: { url: string }): Promise<{ ok: true }> {
  const c = new RawClient(a.url);
  if ((await allSynced([c], 60_000)) !== 1)
    throw new Error(`holding the review open failed: ${c.closeCode} ${c.closeReason}`);
  holders.set(a.url, c);
  return { ok: true };
}

async function holdClose(a: { url: string }): Promise<{ ok: true }> {
  await holders.get(a.url)?.close();
  holders.delete(a.url);
  return { ok: true };
}

// ---------------------------------------------------------------------------------------------
// Setup: documents in and out.

async function fetchState(a: { url: string }): Promise<Uint8Array> {
  let state: Uint8Array | null = null;
  const c = new RawClient(a.url, { onStep2: (u) => (state = Uint8Array.from(u)) });
  await allSynced([c], 60_000);
  await c.close();
  if (!state)
    throw new Error(`no state from ${a.url.replace(/token=[^&]+/, 'token=…')}: ${c.closeCode} ${c.closeReason}`);
  return state;
}

async function seed(a: { url: string; state: Uint8Array }): Promise<{ ok: true }> {
  const c = new RawClient(a.url, { initialUpdate: a.state });
  if ((await allSynced([c], 60_000)) !== 1) throw new Error(`seeding failed: ${c.closeCode} ${c.closeReason}`);
  await c.close();
  return { ok: true };
}

/** Write `edits` separate edits (ratings and development-focus text) over several connections. */
async function seedEdits(a: SeedEditsArgs): Promise<{ edits: number; ms: number }> {
  const start = performance.now();
  const docs = a.urls.map(() => {
    const doc = new Y.Doc();
    Y.applyUpdate(doc, a.state, 'remote');
    return doc;
  });
  const clients = docs.map((doc, i) => {
    const c = new RawClient(a.urls[i]!, { doc });
    doc.on('update', (update: Uint8Array, origin: unknown) => {
      if (origin !== 'remote') c.sendUpdate(update);
    });
    return c;
  });
  if ((await allSynced(clients, 60_000)) !== clients.length) {
    const bad = clients.find((c) => c.syncedAt === 0);
    throw new Error(`seeding connections failed: ${bad?.closeCode} ${bad?.closeReason}`);
  }
  const C = a.criteria.length;
  for (let i = 0; i < a.edits; i++) {
    const doc = docs[i % docs.length]!;
    if (i % 2 === 0) {
      const criterion = a.criteria[(i >> 1) % C]!;
      doc.getMap<string>('ratings').set(`self/${criterion}/-`, a.levels[(i >> 1) % a.levels.length]!);
    } else {
      const text = doc.getMap<Y.Text>('focus').get(`self/${a.criteria[(i * 7) % C]!}`);
      if (!text) throw new Error('the seed state has no focus text for a criterion');
      text.insert(text.length, `Edit ${i}. `);
    }
    // Let the socket drain now and then rather than queue 20,000 frames at once.
    if (i % 500 === 499) await sleep(1);
  }
  await Promise.all(clients.map((c, i) => c.barrier(Y.encodeStateVector(docs[i]!))));
  const closed = clients.filter((c) => c.closeCode !== null);
  await Promise.all(clients.map((c) => c.close()));
  if (closed.length > 0)
    throw new Error(`a seeding connection was closed: ${closed[0]?.closeCode} ${closed[0]?.closeReason}`);
  return { edits: a.edits, ms: performance.now() - start };
}

// ---------------------------------------------------------------------------------------------

const handlers: Record<string, (args: never) => Promise<unknown>> = {
  ping: async () => ({ pid: process.pid }),
  latency,
  rampConnect,
  rampStep,
  rampSettle,
  rampClose,
  killStart,
  killStop,
  presence,
  presenceConnect,
  presenceRun,
  manyConnect,
  manyLeave,
  storm,
  probeStart,
  probeSamples,
  probeStop,
  fetchState,
  seed,
  seedEdits,
  holdOpen,
  holdClose,
};

process.on('message', (request: RpcRequest) => {
  const handler = handlers[request.cmd];
  const reply = (response: RpcResponse) => process.send?.(response);
  if (!handler) {
    reply({ id: request.id, ok: false, error: `unknown command ${request.cmd}` });
    return;
  }
  handler(request.args as never).then(
    (result) => reply({ id: request.id, ok: true, result }),
    (error: unknown) =>
      reply({
        id: request.id,
        ok: false,
        error: error instanceof Error ? (error.stack ?? error.message) : String(error),
      }),
  );
});
process.on('SIGTERM', () => process.exit(0));
// Never outlive the orchestrator.
process.on('disconnect', () => process.exit(0));
