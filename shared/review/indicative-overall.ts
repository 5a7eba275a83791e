/**
 * Indicative overall judgements for a framework with an `overall` rule. The sources give no
 * formula, so this takes the median of the rated levels, rounding to the worse level, and only
 * suggests: the people in the meeting decide the overall.
 */
import type { Framework, Level, Rule, Section } from '../framework/schema.ts';

export type OverallBy = Extract<Rule, { kind: 'overall' }>['by'];

export interface IndicativeOverall {
  track: string;
  /** The section group, or null when the overall spans every section. */
  group: string | null;
  /** The phase, or null when the overall spans every phase. */
  phase: string | null;
  /** Ratings at a level that went into the median (N/A does not). */
  rated: number;
  /** Level id; null while nothing in scope is rated. */
  indicative: string | null;
}

/** The lower median of the values (the worse of the two middle ones on an even count), as a level. */
export function lowerMedianLevel(levels: readonly Level[], values: readonly number[]): Level | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const median = sorted[Math.floor((sorted.length - 1) / 2)];
  return levels.find((l) => l.value === median) ?? null;
}

/** A section's group for the overall; a section without one stands as a group of its own. */
export const groupOf = (section: Section): string => section.group ?? section.title;

const key = (track: string, group: string | null, phase: string | null): string =>
  JSON.stringify([track, group, phase]);

/** Collects level values per track, group and phase as the rule asks, then takes the medians. */
export class OverallTally {
  private readonly buckets = new Map<string, { overall: IndicativeOverall; values: number[] }>();

  constructor(
    private readonly fw: Framework,
    readonly by: OverallBy | null,
  ) {
    if (by === null) return;
    const groups = by === 'phase' ? [null] : [...new Set(fw.sections.map(groupOf))];
    const phases: (string | null)[] = by === 'group' ? [null] : (fw.phases ?? []).map((p) => p.id);
    if (by === 'phase-and-group') phases.push(null);
    for (const track of fw.tracks)
      for (const group of groups)
        for (const phase of phases)
          this.buckets.set(key(track.id, group, phase), {
            overall: { track: track.id, group, phase, rated: 0, indicative: null },
            values: [],
          });
  }

  add(track: string, section: Section, phase: string, level: Level): void {
    const group = this.by === 'phase' ? null : groupOf(section);
    // The phase's own overall, and the one across phases where the rule asks for it.
    this.buckets.get(key(track, group, phase))?.values.push(level.value);
    this.buckets.get(key(track, group, null))?.values.push(level.value);
  }

  /** Per track, then group in section order, then phase in the framework's order, across phases last. */
  results(): IndicativeOverall[] {
    return [...this.buckets.values()].map(({ overall, values }) => ({
      ...overall,
      rated: values.length,
      indicative: lowerMedianLevel(this.fw.scale.levels, values)?.id ?? null,
    }));
  }
}
