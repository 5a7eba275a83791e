/**
 * The suggested best fit of one criterion, from its statements' evidence marks, with the reasons
 * in words a meeting can check. Only a suggestion: it is shown beside the rating, never applied.
 *
 * 1. The highest level whose statements are substantially evidenced: at least the framework's
 *    threshold (DEFAULT_BEST_FIT_THRESHOLD unless its best-fit rule says otherwise) of them,
 *    "partly" counting half. With marks but no level reaching it, the lowest level.
 * 2. Critical criteria at or above the rule's threshold level are minimums: one not evidenced
 *    caps the suggestion at the level below that column. Critical criteria below it are caps:
 *    one evidenced caps the suggestion at its own level.
 * 3. Any-condition rules: a condition marked as applying sets the rule's level (at most).
 * 4. A criterion not judged in the phase, or with no descriptors yet, has no suggestion.
 */
import type { Framework, Level } from '../framework/schema.ts';
import { NO_PHASE } from './keys.ts';
import { phasesOfCriterion } from './model.ts';
import { statementsOf, type Mark, type Statement } from './statements.ts';

/** Three quarters of a level's statements, "partly" counting half. */
export const DEFAULT_BEST_FIT_THRESHOLD = 0.75;

export interface LevelTally {
  level: string;
  statements: number;
  evidenced: number;
  partly: number;
  /** Reaches the threshold. */
  met: boolean;
}

export interface BestFit {
  /** Level id; null when nothing can be suggested (no marks, not judged in the phase, pending). */
  level: string | null;
  /** In order: how the level was reached, then each rule that moved it. */
  reasons: string[];
  /** The reasons as one line: "Good: 6 of 7 statements evidenced; critical 'timely' not evidenced → …". */
  text: string;
  /** Per level with statements, in the order the source prints them. */
  tallies: LevelTally[];
}

export const thresholdOf = (fw: Framework): number =>
  fw.rules?.find((r) => r.kind === 'best-fit')?.threshold ?? DEFAULT_BEST_FIT_THRESHOLD;

/** A statement as quoted in a reason: short ones whole, long ones cut at a word. */
export function quote(text: string): string {
  const clean = text.trim().replace(/\s+/g, ' ');
  if (clean.length <= 64) return `'${clean}'`;
  const cut = clean.slice(0, 60);
  const space = cut.lastIndexOf(' ');
  return `'${cut.slice(0, space > 30 ? space : 60).replace(/[\s,;:.]+$/, '')}…'`;
}

function tallyLine(label: string, t: LevelTally): string {
  const partly = t.partly ? `, ${t.partly} partly` : '';
  const noun = t.statements === 1 ? 'statement' : 'statements';
  return `${label}: ${t.evidenced} of ${t.statements} ${noun} evidenced${partly}`;
}

const result = (level: string | null, reasons: string[], tallies: LevelTally[]): BestFit => ({
  level,
  reasons,
  text: reasons.join('; '),
  tallies,
});

/**
 * Suggest the level that fits best for one criterion in one phase, from the marks of one track.
 * `markOf` answers a statement ref (statements.ts) with its mark, or undefined when unmarked.
 */
export function suggestBestFit(
  fw: Framework,
  criterionId: string,
  phase: string,
  markOf: (ref: string) => Mark | undefined,
): BestFit {
  const criterion = fw.sections.flatMap((s) => s.criteria).find((c) => c.id === criterionId);
  if (!criterion) return result(null, [`No criterion "${criterionId}"`], []);
  if (criterion.pending !== undefined) return result(null, ['No descriptors yet to judge against'], []);
  if (!phasesOfCriterion(fw, criterion.phases).includes(phase)) {
    const label = fw.phases?.find((p) => p.id === phase)?.label ?? phase;
    return result(null, [`Not judged in ${phase === NO_PHASE ? 'this review' : label}`], []);
  }

  const levels = fw.scale.levels;
  const levelById = new Map(levels.map((l) => [l.id, l]));
  const byValue = [...levels].sort((a, b) => a.value - b.value);
  const labelOf = (id: string) => levelById.get(id)?.label ?? id;
  const statements = statementsOf(fw, criterionId);
  const marked = statements.filter((s) => markOf(s.ref) !== undefined);
  if (marked.length === 0) return result(null, ['No statements marked yet'], []);

  const threshold = thresholdOf(fw);
  const tallies: LevelTally[] = [];
  for (const level of levels) {
    const own = statements.filter((s) => s.kind === 'descriptor' && s.level === level.id);
    if (own.length === 0) continue;
    const evidenced = own.filter((s) => markOf(s.ref) === 'evidenced').length;
    const partly = own.filter((s) => markOf(s.ref) === 'partly').length;
    tallies.push({
      level: level.id,
      statements: own.length,
      evidenced,
      partly,
      met: (evidenced + partly / 2) / own.length >= threshold - 1e-9,
    });
  }

  const reasons: string[] = [];
  const valueOf = (id: string) => levelById.get(id)!.value;
  const best = tallies.filter((t) => t.met).sort((a, b) => valueOf(b.level) - valueOf(a.level))[0];
  let level: Level;
  if (best) {
    level = levelById.get(best.level)!;
    reasons.push(tallyLine(level.label, best));
  } else {
    level = byValue[0]!;
    const highest = [...tallies].sort((a, b) => valueOf(b.level) - valueOf(a.level));
    const nearest = highest.find((t) => t.evidenced + t.partly > 0);
    reasons.push(
      nearest
        ? `${tallyLine(labelOf(nearest.level), nearest)}; no level substantially evidenced → ${level.label}`
        : `No statement evidenced → ${level.label}`,
    );
  }

  const capTo = (to: Level, because: string) => {
    if (to.value >= level.value) return;
    level = to;
    reasons.push(`${because} → capped at ${to.label}`);
  };
  const below = (l: Level): Level => byValue[Math.max(0, byValue.indexOf(l) - 1)]!;

  const critical = fw.rules?.find((r) => r.kind === 'critical-criteria');
  const thresholdLevel = critical ? levelById.get(critical.threshold) : undefined;
  if (thresholdLevel) {
    const criticals = statements.filter((s) => s.critical);
    // Caps below the threshold: the worst column whose critical statement is evidenced binds.
    for (const l of byValue.filter((x) => x.value < thresholdLevel.value)) {
      const hit = criticals.find((s) => s.level === l.id && markOf(s.ref) === 'evidenced');
      if (hit) capTo(l, `critical ${quote(hit.text)} evidenced`);
    }
    // Minimums at and above it, lowest column first: the first one missing binds.
    for (const l of byValue.filter((x) => x.value >= thresholdLevel.value && x.value <= level.value)) {
      const missing = criticals.filter((s) => s.level === l.id && markOf(s.ref) !== 'evidenced');
      if (missing.length === 0) continue;
      const names = missing.map((s) => quote(s.text));
      const list = names.length > 3 ? `${names.slice(0, 3).join(', ')} and ${names.length - 3} more` : names.join(', ');
      capTo(below(l), `critical ${list} not evidenced`);
      break;
    }
  }

  for (const s of statements) {
    if (s.kind !== 'condition' || markOf(s.ref) !== 'evidenced') continue;
    const to = levelById.get(s.level);
    if (to) capTo(to, `${quote(s.text)} applies`);
  }
  return result(level.id, reasons, tallies);
}

export type { Statement };
