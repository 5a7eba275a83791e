/** Arguments and results of the load process's commands, shared by both sides of the IPC. */
import type { HistogramJson } from '../lib/stats.ts';

/** Where participants connect: `${base}/${room}`, plus `?token=` for the candidate. */
export interface Target {
  base: string;
  room: string;
  /** One per participant; null for the reference, which has no auth. */
  tokens: (string | null)[];
  /** Several server processes (scenario 11): participant i connects to `bases[i]` instead of `base`. */
  bases?: string[];
}

/** Where participant `i` connects. */
export const baseOf = (t: { base: string; bases?: string[] }, i: number): string => t.bases?.[i] ?? t.base;

export const roomUrl = (base: string, room: string, token: string | null | undefined): string =>
  `${base}/${encodeURIComponent(room)}${token ? `?token=${encodeURIComponent(token)}` : ''}`;

/**
 * A ramp step's latencies are also kept in slices of this many ms by send time: long enough to
 * hold a stall and the edits it delayed, short enough for 20 of them in a 5 s step.
 */
export const SLICE_MS = 250;

/** An epoch-ms window, comparable across processes on this machine. */
export interface Window {
  start: number;
  end: number;
}

export interface LatencyArgs extends Target {
  n: number;
  rate: number;
  durationMs: number;
  warmupMs: number;
  /** Rating keys the writer cycles through, and levels. */
  keys: string[];
  levels: string[];
}

export interface LatencyResult {
  all: HistogramJson;
  /** Every measured latency, one list per edit (the writer's), for intervals that resample edits. */
  edits: number[][];
  probe: HistogramJson;
  sent: number;
  lost: number;
  closed: number;
  window: Window;
  connectMs: number;
  /** Closes of the stock writer and watcher by the server. */
  stockCloses: string[];
  /** With `bases`: every receipt by the participants on each server process, in order of first appearance. */
  byBase?: { base: string; hist: HistogramJson }[];
}

export interface RampArgs extends Target {
  /** One distinct rating key per participant. */
  keys: string[];
  levels: string[];
  stepMs: number;
  drainMs: number;
  p99LimitMs: number;
}

export interface RampStep {
  rate: number;
  achievedRate: number;
  sent: number;
  hist: HistogramJson;
  /** The same latencies by when their edit was sent, in slices of `SLICE_MS` from the step's start (empty slices are empty histograms). */
  slices?: HistogramJson[];
  lost: number;
  closed: number;
  /** The send loop fell behind by this much at worst (ms): the load process was the limit. */
  maxLagMs: number;
  /** Messages the participants received in the step (and its drain), and how many participants. */
  messages: number;
  receivers: number;
  /** The offering window, and when the drain ended (epoch ms). */
  window: Window;
  drainedAt: number;
  pass: boolean;
}

export interface KillArgs extends Target {
  keys: string[];
  levels: string[];
  rate: number;
}

export interface KillReport {
  /** Per writer client id: edits sent, and the highest clock any other participant received. */
  writers: { clientID: number; sent: number; receivedByAnyone: number }[];
  closed: number;
}

export interface PresenceArgs extends Target {
  hz: number;
  durationMs: number;
  warmupMs: number;
  criteria: string[];
  levels: string[];
}

export interface PresenceResult {
  hist: HistogramJson;
  sent: number;
  /** Receipts expected of what was sent: each state by every other participant of this load process (absent in old results). */
  expected?: number;
  received: number;
  closed: number;
  window: Window;
  connectMs: number;
}

export interface ManyArgs {
  base: string;
  rooms: string[];
  /** tokens[room][participant], or null for the reference. */
  tokens: ([string, string] | null)[];
  /** The reference's first participant of each room sends this state (the same skeleton the candidate built). */
  seed: Uint8Array | null;
  concurrency: number;
}

export interface ManyResult {
  connected: number;
  failed: number;
  ms: number;
  firstError: string | null;
}

export interface StormArgs extends Target {
  holdMs: number;
}

export interface StormResult {
  window: Window;
  synced: number;
  failed: number;
  syncP50Ms: number;
  syncMaxMs: number;
  bytesPerClient: number;
}

export interface ProbeArgs extends Target {
  hz: number;
  keys: string[];
  levels: string[];
}

/** [send time (epoch ms), edit-to-visible latency (ms)] for each probe edit. */
export type ProbeSample = [number, number];

export interface SeedEditsArgs {
  urls: string[];
  state: Uint8Array;
  edits: number;
  criteria: string[];
  levels: string[];
}
