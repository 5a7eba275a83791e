/**
 * Who sent which edit when, and who has received it. An edit is one Yjs item, so a writer's
 * sequence number is its Yjs clock: a receiver learns which edits a relayed update carries from
 * the update's own (client, clock) ranges, whether the server relays it alone or merged.
 */
import * as Y from 'yjs';
import { Histogram } from '../lib/stats.ts';

export class Ledger {
  /** Writer client id → index. */
  readonly writers = new Map<number, number>();
  /** Send time (performance.now()) of each edit, by writer index and clock. */
  readonly sendTimes: number[][] = [];
  /** Edits sent, by writer index. */
  readonly sent: number[] = [];
  readonly receivers: Receiver[] = [];
  /** When set, every measured latency is also kept per edit: samples[writer][clock] (for bootstrap intervals). */
  samples: number[][][] | null = null;
  /**
   * When set, every measured latency is also counted in the time slice its edit was sent in:
   * blocks of a step for a bootstrap that resamples whole stretches of time, since one stall
   * delays every edit sent during it.
   */
  slices: { from: number; ms: number; hists: Histogram[] } | null = null;

  addWriter(clientID: number): number {
    const existing = this.writers.get(clientID);
    if (existing !== undefined) return existing;
    const index = this.sendTimes.length;
    this.writers.set(clientID, index);
    this.sendTimes.push([]);
    this.sent.push(0);
    return index;
  }

  record(writer: number, clock: number, at: number): void {
    const times = this.sendTimes[writer]!;
    times[clock] = at;
    this.sent[writer] = Math.max(this.sent[writer]!, clock + 1);
  }

  /** Counts one latency in its edit's slice (see `slices`). */
  recordSlice(sentAt: number, latency: number): void {
    const slices = this.slices;
    if (!slices) return;
    const k = Math.max(0, Math.floor((sentAt - slices.from) / slices.ms));
    (slices.hists[k] ??= new Histogram()).record(latency);
  }

  addReceiver(ownClientID: number | null): Receiver {
    const r = new Receiver(this, ownClientID);
    this.receivers.push(r);
    return r;
  }

  /** Receipts still missing: every receiver should get every edit but its own. */
  missing(): number {
    let missing = 0;
    for (const r of this.receivers) {
      for (let w = 0; w < this.sent.length; w++) {
        if (w === r.ownIndex) continue;
        missing += Math.max(0, this.sent[w]! - (r.received[w] ?? 0));
      }
    }
    return missing;
  }

  totalSent(): number {
    return this.sent.reduce((a, b) => a + b, 0);
  }

  /** Resolves when nothing is missing or after `timeoutMs`; returns what is still missing. */
  async drain(timeoutMs: number, isDead: (r: Receiver) => boolean = () => false): Promise<number> {
    const end = performance.now() + timeoutMs;
    for (;;) {
      const missing = this.missingAmongLive(isDead);
      if (missing === 0 || performance.now() >= end) return this.missing();
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }

  private missingAmongLive(isDead: (r: Receiver) => boolean): number {
    let missing = 0;
    for (const r of this.receivers) {
      if (isDead(r)) continue;
      for (let w = 0; w < this.sent.length; w++) {
        if (w === r.ownIndex) continue;
        missing += Math.max(0, this.sent[w]! - (r.received[w] ?? 0));
      }
    }
    return missing;
  }
}

export class Receiver {
  /** Edits received, by writer index (the next clock expected). */
  readonly received: number[] = [];
  hist = new Histogram();
  /** Only edits sent at or after this time are measured (warm-up before it). */
  measureFrom = 0;
  readonly ownIndex: number;

  constructor(
    private readonly ledger: Ledger,
    ownClientID: number | null,
  ) {
    this.ownIndex = ownClientID === null ? -1 : ledger.addWriter(ownClientID);
  }

  onUpdate(update: Uint8Array, now: number): void {
    const meta = Y.parseUpdateMeta(update);
    for (const [client, to] of meta.to) {
      const w = this.ledger.writers.get(client);
      if (w === undefined || w === this.ownIndex) continue;
      const have = this.received[w] ?? 0;
      if (to <= have) continue;
      const times = this.ledger.sendTimes[w]!;
      for (let clock = Math.max(have, meta.from.get(client) ?? 0); clock < to; clock++) {
        const sentAt = times[clock];
        if (sentAt !== undefined && sentAt >= this.measureFrom) {
          this.hist.record(now - sentAt);
          this.ledger.recordSlice(sentAt, now - sentAt);
          const kept = this.ledger.samples;
          if (kept) ((kept[w] ??= [])[clock] ??= []).push(now - sentAt);
        }
      }
      this.received[w] = to;
    }
  }
}
