/**
 * How far a review's people agree, read from its silent rounds: the spread of each round, and
 * Krippendorff's alpha (ordinal) over the rounds, each round one unit and each vote one value.
 * Levels are ranked by the scale's values; "not applicable" votes are left out; open rounds never
 * count (their votes are secret until the reveal).
 */
import type { Framework } from '../framework/schema.ts';
import type { RoundVote } from '../protocol/meeting.ts';
import { bootstrapAlpha, krippendorffAlpha, type Unit } from './alpha.ts';

/** What agreement needs of a round: where it was, whether it was revealed, and its votes. */
export interface AgreementRound {
  id: string;
  criterion: string;
  phase: string;
  track: string;
  status: 'open' | 'revealed' | 'closed';
  votes: readonly RoundVote[];
}

export interface RoundSpread {
  round: string;
  criterion: string;
  phase: string;
  track: string;
  /** Votes at a level (not applicable left out). */
  votes: number;
  notApplicable: number;
  /** Lowest and highest level voted and how many scale steps apart; null with no level votes. */
  range: { low: string; high: string; steps: number } | null;
  /** The most-voted level(s), in scale order; empty with no level votes. */
  modes: string[];
  /** Share of the level votes at the mode, 0–1; null with no level votes. */
  modeShare: number | null;
}

export interface AlphaSummary {
  /** Ordinal alpha; null when undefined (fewer than two pairable votes, or no variation at all). */
  alpha: number | null;
  /** Rounds with at least two level votes: the units alpha is computed over. */
  rounds: number;
  /** Level votes in those rounds. */
  votes: number;
  /** Bootstrapped 95% interval; null where alpha is, or with fewer than two rounds. */
  ci95: [number, number] | null;
}

export interface AgreementGroup extends AlphaSummary {
  track: string;
  phase: string;
}

export interface Agreement extends AlphaSummary {
  /** Per track and phase, in the framework's track then phase order, only where rounds exist. */
  groups: AgreementGroup[];
  /** Every revealed or closed round, oldest first. */
  byRound: RoundSpread[];
}

/** Ranks of the scale's levels, worst first, by their values. */
function ranksOf(fw: Framework): Map<string, number> {
  const sorted = [...fw.scale.levels].sort((a, b) => a.value - b.value);
  return new Map(sorted.map((l, i) => [l.id, i]));
}

function summary(units: Unit[], seed: number): AlphaSummary {
  const pairable = units.filter((u) => u.length >= 2);
  return {
    alpha: krippendorffAlpha(pairable, 'ordinal'),
    rounds: pairable.length,
    votes: pairable.reduce((n, u) => n + u.length, 0),
    ci95: bootstrapAlpha(pairable, 'ordinal', { seed }),
  };
}

function spreadOf(round: AgreementRound, ranks: Map<string, number>, byRank: string[]): RoundSpread {
  const levels = round.votes.map((v) => ranks.get(v.level)).filter((r): r is number => r !== undefined);
  const counts = new Map<number, number>();
  for (const r of levels) counts.set(r, (counts.get(r) ?? 0) + 1);
  const top = Math.max(0, ...counts.values());
  const low = Math.min(...levels);
  const high = Math.max(...levels);
  return {
    round: round.id,
    criterion: round.criterion,
    phase: round.phase,
    track: round.track,
    votes: levels.length,
    notApplicable: round.votes.length - levels.length,
    range: levels.length ? { low: byRank[low]!, high: byRank[high]!, steps: high - low } : null,
    modes: [...counts]
      .filter(([, n]) => n === top)
      .map(([r]) => r)
      .sort((a, b) => a - b)
      .map((r) => byRank[r]!),
    modeShare: levels.length ? top / levels.length : null,
  };
}

/** Alpha alone over rounds (no groups, no spreads): a cycle's terms pooled. Deterministic. */
export function alphaSummaryOf(fw: Framework, rounds: readonly AgreementRound[]): AlphaSummary {
  const ranks = ranksOf(fw);
  const units = rounds
    .filter((r) => r.status !== 'open')
    .map((r) => r.votes.map((v) => ranks.get(v.level)).filter((x): x is number => x !== undefined));
  return summary(units, 1);
}

/** Agreement over a review's rounds. Deterministic: the bootstrap is seeded. */
export function agreementOf(fw: Framework, rounds: readonly AgreementRound[]): Agreement {
  const ranks = ranksOf(fw);
  const byRank = [...ranks.keys()];
  const revealed = rounds.filter((r) => r.status !== 'open');
  const unitOf = (r: AgreementRound): Unit =>
    r.votes.map((v) => ranks.get(v.level)).filter((x): x is number => x !== undefined);

  const groups: AgreementGroup[] = [];
  const phaseOrder = [...new Set([...(fw.phases ?? []).map((p) => p.id), ...revealed.map((r) => r.phase)])];
  let seed = 1;
  // A review's own moderation track is not in the framework: its rounds come after the framework's tracks.
  const tracks = [...new Set([...fw.tracks.map((t) => t.id), ...revealed.map((r) => r.track)])];
  for (const track of tracks)
    for (const phase of phaseOrder) {
      const inGroup = revealed.filter((r) => r.track === track && r.phase === phase);
      if (inGroup.length) groups.push({ track, phase, ...summary(inGroup.map(unitOf), ++seed) });
    }
  return {
    ...summary(revealed.map(unitOf), 1),
    groups,
    byRound: revealed.map((r) => spreadOf(r, ranks, byRank)),
  };
}

/** Krippendorff's own rule of thumb, in words a meeting can use. */
export function alphaInWords(alpha: number | null): string {
  if (alpha === null) return 'Not enough varied votes yet to measure agreement.';
  if (alpha >= 0.8) return 'Strong agreement: people judge the descriptors the same way.';
  if (alpha >= 0.667) return 'Fair agreement: good enough for tentative conclusions; look at the rounds that split.';
  if (alpha > 0)
    return 'Weak agreement: people read the descriptors differently; moderate before relying on the ratings.';
  return 'No agreement beyond chance: the votes are as scattered as if cast at random.';
}
