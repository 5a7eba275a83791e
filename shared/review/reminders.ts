/**
 * Reminders a framework's rules attach to one rating: the conditions that would pull it down, and
 * the critical descriptor items that are minimums or caps. Plain data in the source's own words.
 */
import type { DescriptorItem, Framework, Level } from '../framework/schema.ts';

export type CriticalItem = Exclude<DescriptorItem, string>;

export interface RatingAt {
  track: string;
  criterion: string;
  phase: string;
  /** The level id rated. */
  rated: string;
}

export type Reminder =
  /** Rated better than `level`: check none of the conditions applies. */
  | (RatingAt & { kind: 'any-condition'; level: string; text: string; conditions: string[] })
  /** The rated level's critical items: necessary, not sufficient. */
  | (RatingAt & { kind: 'critical-minimum'; items: CriticalItem[] })
  /** Critical items of a lower level: if one applies, rate no higher than `cap`. */
  | (RatingAt & { kind: 'critical-cap'; cap: string; items: CriticalItem[] })
  /** Rated at (or above) a level whose evaluations must be accompanied by evidence of impact. */
  | (RatingAt & { kind: 'evidence-of-impact'; level: string; text: string });

export const criticalItems = (items: readonly DescriptorItem[] | undefined): CriticalItem[] =>
  (items ?? []).filter((i): i is CriticalItem => typeof i !== 'string' && i.critical === true);

/** Turns one rating into the reminders the framework's rules attach to it. */
export type ReminderRules = (at: RatingAt, rated: Level, descriptors: Record<string, DescriptorItem[]>) => Reminder[];

/** Read the framework's reminder rules once, for every rating of a pass. */
export function reminderRules(fw: Framework): ReminderRules {
  const levelById = new Map(fw.scale.levels.map((l) => [l.id, l]));
  const anyConditions = (fw.rules ?? []).flatMap((r) => {
    const floor = r.kind === 'any-condition' ? levelById.get(r.level) : undefined;
    return r.kind === 'any-condition' && floor ? [{ rule: r, floor }] : [];
  });
  const critical = fw.rules?.find((r) => r.kind === 'critical-criteria');
  const threshold = critical ? levelById.get(critical.threshold) : undefined;
  // Worst level first: of two caps that apply, the lower one binds.
  const below = threshold
    ? fw.scale.levels.filter((l) => l.value < threshold.value).sort((a, b) => a.value - b.value)
    : [];

  // Best level first: a rating is reminded of the strictest requirement it reaches.
  const impact = (fw.rules ?? [])
    .flatMap((r) => {
      const level = r.kind === 'evidence-of-impact' ? levelById.get(r.level) : undefined;
      return r.kind === 'evidence-of-impact' && level ? [{ rule: r, level }] : [];
    })
    .sort((a, b) => b.level.value - a.level.value);

  return (at, rated, descriptors) => {
    const reminders: Reminder[] = [];
    const needs = impact.find((i) => rated.value >= i.level.value);
    if (needs) reminders.push({ ...at, kind: 'evidence-of-impact', level: needs.rule.level, text: needs.rule.text });
    for (const { rule, floor } of anyConditions) {
      if (rated.value <= floor.value || (rule.criteria && !rule.criteria.includes(at.criterion))) continue;
      reminders.push({ ...at, kind: 'any-condition', level: rule.level, text: rule.text, conditions: rule.conditions });
    }
    if (threshold && rated.value >= threshold.value) {
      const items = criticalItems(descriptors[rated.id]);
      if (items.length) reminders.push({ ...at, kind: 'critical-minimum', items });
    }
    for (const cap of below) {
      if (cap.value >= rated.value) continue;
      const items = criticalItems(descriptors[cap.id]);
      if (items.length) reminders.push({ ...at, kind: 'critical-cap', cap: cap.id, items });
    }
    return reminders;
  };
}
