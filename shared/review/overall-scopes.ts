/**
 * The overall judgements each framework asks for, the conditions and triggers that pull them
 * down, and a suggestion for each that says why. The suggestion only advises: the overall is
 * recorded by the people in the meeting, with their rationale (the `overalls` root).
 *
 * - A framework with an `overall` rule (the LA standards): per section group and phase, and per
 *   group across phases, as the rule asks.
 * - Otherwise, several sections (B&A, PMQS, Leicestershire): per section, and one overall.
 * - One section (Milton Keynes): one overall, the school's category.
 * - `any-condition` rules (Leicestershire's "inadequate if any") become tickable conditions; a
 *   ticked one caps its criterion at the rule's level.
 * - Milton Keynes' Appendix 1 triggers (the `triggers` reference) are tickable for the school's
 *   type; a ticked one points to LA4a.
 */
import { itemFullText } from '../framework/items.ts';
import type { Framework, Level, Section } from '../framework/schema.ts';
import { lowerMedianLevel, groupOf } from './indicative-overall.ts';
import { NO_PHASE, NOT_APPLICABLE } from './keys.ts';
import { reminderRules } from './reminders.ts';

export interface OverallScope {
  /** Never contains "/": `all`, `section:<id>`, `group:<first section id>`, with `@<phase>` for one phase. */
  id: string;
  kind: 'all' | 'section' | 'group' | 'phase';
  label: string;
  sections: readonly string[];
  /** One phase, or null across every phase. */
  phase: string | null;
}

/** `overalls` key: one recorded overall per track and scope. */
export const overallKey = (track: string, scope: string): string => `${track}/${scope}`;

export interface CheckItem {
  /** Unique within its kind; never contains "/". */
  id: string;
  text: string;
}

export interface CheckList {
  kind: 'condition' | 'trigger';
  title: string;
  /** The level a ticked item points to: the judgement is no better than this. */
  level: string;
  /** Conditions: the criteria the rule applies to (every criterion when the rule names none). */
  criteria: readonly string[];
  /** Triggers: the school types the list applies to. */
  schoolTypes: readonly string[];
  items: CheckItem[];
}

export interface SchoolType {
  id: string;
  label: string;
}

/** `checks` keys: `condition/<id>` or `trigger/<id>` ticked; SCHOOL_TYPE_KEY holds the school's type. */
/** `example`: an example table row the review removed (model.ts). */
export type CheckKind = CheckList['kind'] | 'critical' | 'example';
export const checkKey = (kind: CheckKind, item: string): string => `${kind}/${item}`;

/**
 * One critical descriptor item of one criterion in one phase (the LA standards), tickable as
 * "not met" when it is a minimum (a level at or above the rule's threshold) or "applies" when it
 * is a cap (a level below it). Its check key is `critical/<criterion>/<phase>/<level>/<index>`.
 */
export interface CriticalCheck {
  id: string;
  criterion: string;
  phase: string;
  level: string;
  index: number;
  text: string;
  role: 'minimum' | 'cap';
  /** The best level the criterion can have once ticked. */
  cap: string;
  /** Why the transcription reads the item as critical, when the source does not say so. */
  inferred?: string;
}
export const SCHOOL_TYPE_KEY = 'school-type/-';

const TRIGGERS_REFERENCE = 'triggers';
/**
 * Milton Keynes' Appendix 1 lists its triggers under headings by type of school; which headings
 * apply to which type is read from the headings themselves.
 */
const SCHOOL_TYPES: (SchoolType & { lists: string[] })[] = [
  {
    id: 'primary',
    label: 'Primary or infant school',
    lists: ['All schools', 'All mainstream schools', 'Primary/Infant schools'],
  },
  { id: 'secondary', label: 'Secondary school', lists: ['All schools', 'All mainstream schools', 'Secondary schools'] },
  { id: 'special', label: 'Special school', lists: ['All schools', 'Special schools'] },
];

export interface OverallDefinition {
  scopes: OverallScope[];
  checkLists: CheckList[];
  /** Critical descriptor items, by criterion and phase; empty without a critical-criteria rule. */
  critical: CriticalCheck[];
  /** Types of school the triggers distinguish; empty when the framework has no triggers. */
  schoolTypes: SchoolType[];
}

const sectionLabel = (s: Section): string => (s.code ? `${s.code} ${s.title}` : s.title);

function scopesOf(fw: Framework): OverallScope[] {
  const rule = fw.rules?.find((r) => r.kind === 'overall');
  const phases = (fw.phases ?? []).map((p) => p.id);
  const phaseLabel = new Map((fw.phases ?? []).map((p) => [p.id, p.label]));
  if (rule) {
    const groups = new Map<string, Section[]>();
    for (const s of fw.sections) groups.set(groupOf(s), [...(groups.get(groupOf(s)) ?? []), s]);
    const scopes: OverallScope[] = [];
    if (rule.by === 'phase') {
      const all = fw.sections.map((s) => s.id);
      for (const p of phases)
        scopes.push({ id: `phase:${p}`, kind: 'phase', label: phaseLabel.get(p) ?? p, sections: all, phase: p });
      return scopes;
    }
    for (const [group, sections] of groups) {
      const id = `group:${sections[0]!.id}`;
      const ids = sections.map((s) => s.id);
      if (rule.by === 'phase-and-group')
        for (const p of phases)
          scopes.push({
            id: `${id}@${p}`,
            kind: 'group',
            label: `${group}: ${phaseLabel.get(p) ?? p}`,
            sections: ids,
            phase: p,
          });
      scopes.push({
        id,
        kind: 'group',
        label: rule.by === 'phase-and-group' ? `${group}: all phases` : group,
        sections: ids,
        phase: null,
      });
    }
    return scopes;
  }
  const all: OverallScope = {
    id: 'all',
    kind: 'all',
    label: fw.sections.length === 1 ? fw.scale.label : 'Overall',
    sections: fw.sections.map((s) => s.id),
    phase: null,
  };
  if (fw.sections.length === 1) return [all];
  return [
    ...fw.sections.map((s): OverallScope => ({
      id: `section:${s.id}`,
      kind: 'section',
      label: sectionLabel(s),
      sections: [s.id],
      phase: null,
    })),
    all,
  ];
}

function checkListsOf(fw: Framework): { lists: CheckList[]; schoolTypes: SchoolType[] } {
  const lists: CheckList[] = [];
  const allCriteria = fw.sections.flatMap((s) => s.criteria.map((c) => c.id));
  (fw.rules ?? []).forEach((rule, r) => {
    if (rule.kind !== 'any-condition') return;
    lists.push({
      kind: 'condition',
      title: rule.text,
      level: rule.level,
      criteria: rule.criteria ?? allCriteria,
      schoolTypes: [],
      items: rule.conditions.map((text, i) => ({ id: `r${r}.${i}`, text })),
    });
  });
  const triggers = fw.references?.find((r) => r.id === TRIGGERS_REFERENCE);
  const level = fw.scale.levels.find((l) => l.code === 'LA4a');
  const schoolTypes: SchoolType[] = [];
  if (triggers && level) {
    triggers.blocks.forEach((block, b) => {
      if (block.kind !== 'list' || !block.title) return;
      const title = block.title;
      const types = SCHOOL_TYPES.filter((t) => t.lists.includes(title)).map((t) => t.id);
      if (types.length === 0) return;
      lists.push({
        kind: 'trigger',
        title,
        level: level.id,
        criteria: [],
        schoolTypes: types,
        items: block.items.map((item, i) => ({ id: `b${b}.${i}`, text: itemFullText(item) })),
      });
    });
    if (lists.some((l) => l.kind === 'trigger'))
      schoolTypes.push(...SCHOOL_TYPES.map(({ id, label }) => ({ id, label })));
  }
  return { lists, schoolTypes };
}

function criticalChecksOf(fw: Framework): CriticalCheck[] {
  const rule = fw.rules?.find((r) => r.kind === 'critical-criteria');
  const levels = [...fw.scale.levels].sort((a, b) => a.value - b.value);
  const threshold = levels.find((l) => l.id === rule?.threshold);
  if (!rule || !threshold) return [];
  const allPhases = (fw.phases ?? []).map((p) => p.id);
  const checks: CriticalCheck[] = [];
  for (const section of fw.sections)
    for (const criterion of section.criteria) {
      if (criterion.pending !== undefined) continue;
      const phases = allPhases.length === 0 ? [NO_PHASE] : criterion.phases?.length ? criterion.phases : allPhases;
      for (const level of fw.scale.levels) {
        const role = level.value >= threshold.value ? 'minimum' : 'cap';
        // A minimum not met: no better than the level below it (none below the worst: nothing to cap).
        const cap = role === 'cap' ? level : [...levels].reverse().find((l) => l.value < level.value);
        if (!cap) continue;
        (criterion.descriptors[level.id] ?? []).forEach((item, index) => {
          if (typeof item === 'string' || item.critical !== true) return;
          for (const phase of phases)
            checks.push({
              id: `${criterion.id}/${phase}/${level.id}/${index}`,
              criterion: criterion.id,
              phase,
              level: level.id,
              index,
              text: item.text,
              role,
              cap: cap.id,
              ...(item.criticalBasis?.source === 'inferred' ? { inferred: item.criticalBasis.why } : {}),
            });
        });
      }
    }
  return checks;
}

const cache = new WeakMap<Framework, OverallDefinition>();

/** The overall judgements and checklists of a framework (cached per framework). */
export function overallDefinition(fw: Framework): OverallDefinition {
  const cached = cache.get(fw);
  if (cached) return cached;
  const { lists, schoolTypes } = checkListsOf(fw);
  const definition = { scopes: scopesOf(fw), checkLists: lists, schoolTypes, critical: criticalChecksOf(fw) };
  cache.set(fw, definition);
  return definition;
}

/** Everything the suggestion reads from a review. */
export interface OverallInputs {
  /** A level id, NOT_APPLICABLE, or undefined when not rated. */
  rating(track: string, criterion: string, phase: string): string | undefined;
  /** Whether a `checks` key is ticked. */
  ticked(key: string): boolean;
  schoolType(): string | undefined;
}

export interface SuggestedOverall {
  track: string;
  scope: string;
  /** Levels that went into the middle (not applicable does not). */
  rated: number;
  /** What the ratings alone point to (lower median); null while nothing in scope is rated. */
  fromRatings: string | null;
  /** After the conditions and triggers ticked; null when nothing points anywhere yet. */
  suggested: string | null;
  /** Why, in plain words, in the order applied. */
  reasons: string[];
}

/** An even count whose two middle values differ: the median falls between two levels. */
function splitMiddle(values: readonly number[]): boolean {
  if (values.length % 2 !== 0) return false;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[values.length / 2 - 1] !== sorted[values.length / 2];
}

const plural = (n: number, one: string, many = `${one}s`): string => `${n} ${n === 1 ? one : many}`;

/** The lists of ticked items that apply to the review (triggers only for its type of school). */
export function applicableLists(def: OverallDefinition, schoolType: string | undefined): CheckList[] {
  return def.checkLists.filter(
    (l) =>
      l.kind === 'condition' ||
      (schoolType === undefined ? l.schoolTypes.length === SCHOOL_TYPES.length : l.schoolTypes.includes(schoolType)),
  );
}

/** Suggest each overall from the ratings, the conditions and the triggers, saying why. */
export function suggestOveralls(fw: Framework, inputs: OverallInputs): SuggestedOverall[] {
  const def = overallDefinition(fw);
  const levels = new Map(fw.scale.levels.map((l) => [l.id, l]));
  const name = (id: string): string => {
    const l = levels.get(id);
    return l ? (l.code && l.code !== l.label ? `${l.code} ${l.label}` : l.label) : id;
  };
  const worse = (a: Level | undefined, b: Level | undefined): Level | undefined =>
    a === undefined ? b : b === undefined ? a : a.value <= b.value ? a : b;
  const schoolType = inputs.schoolType();
  const lists = applicableLists(def, schoolType);
  const tickedIn = (list: CheckList) => list.items.filter((i) => inputs.ticked(checkKey(list.kind, i.id))).length;
  const conditionCaps = new Map<string, { list: CheckList; ticked: number }[]>();
  for (const list of lists)
    if (list.kind === 'condition') {
      const ticked = tickedIn(list);
      if (ticked > 0)
        for (const c of list.criteria) conditionCaps.set(c, [...(conditionCaps.get(c) ?? []), { list, ticked }]);
    }
  const triggerLists = lists.filter((l) => l.kind === 'trigger');
  const triggersTicked = triggerLists.reduce((n, l) => n + tickedIn(l), 0);
  const triggerLevel = triggerLists[0]?.level;
  const critical = fw.rules?.find((r) => r.kind === 'critical-criteria');
  const remindersOf = reminderRules(fw);
  const allPhases = (fw.phases ?? []).map((p) => p.id);
  const criterionTitle = new Map(
    fw.sections.flatMap((s) => s.criteria.map((c) => [c.id, c.code ? `${c.code} ${c.title}` : c.title])),
  );
  const typeLabel = def.schoolTypes.find((t) => t.id === schoolType)?.label.toLowerCase();
  const phaseLabel = new Map((fw.phases ?? []).map((p) => [p.id, p.label]));
  const criticalOf = new Map<string, CriticalCheck[]>();
  for (const c of def.critical) {
    const k = `${c.criterion}/${c.phase}`;
    criticalOf.set(k, [...(criticalOf.get(k) ?? []), c]);
  }

  const results: SuggestedOverall[] = [];
  for (const track of fw.tracks) {
    for (const scope of def.scopes) {
      const reasons: string[] = [];
      // What was rated, and the same with the ticked conditions applied to each criterion.
      const values: number[] = [];
      const counts = new Map<string, number>();
      const effectiveValues: number[] = [];
      let minimums = 0;
      let caps = 0;
      for (const section of fw.sections) {
        if (!scope.sections.includes(section.id)) continue;
        for (const criterion of section.criteria) {
          if (criterion.pending !== undefined) continue;
          const phases = allPhases.length === 0 ? [NO_PHASE] : criterion.phases?.length ? criterion.phases : allPhases;
          const capped = conditionCaps.get(criterion.id) ?? [];
          const cap = capped.reduce<Level | undefined>((w, c) => worse(w, levels.get(c.list.level)), undefined);
          for (const c of capped)
            reasons.push(
              `${criterionTitle.get(criterion.id)}: ${plural(c.ticked, 'condition')} ticked under "${c.list.title}" — no better than ${name(c.list.level)}.`,
            );
          for (const phase of phases) {
            if (scope.phase !== null && phase !== scope.phase) continue;
            const rating = inputs.rating(track.id, criterion.id, phase);
            const level = rating === undefined || rating === NOT_APPLICABLE ? undefined : levels.get(rating);
            let phaseCap = cap;
            for (const c of criticalOf.get(`${criterion.id}/${phase}`) ?? []) {
              if (!inputs.ticked(checkKey('critical', c.id))) continue;
              phaseCap = worse(phaseCap, levels.get(c.cap));
              const where = phase === NO_PHASE ? '' : ` (${phaseLabel.get(phase) ?? phase})`;
              reasons.push(
                c.role === 'minimum'
                  ? `${criterionTitle.get(criterion.id)}${where}: a critical criterion of ${name(c.level)} is not met — no better than ${name(c.cap)}.`
                  : `${criterionTitle.get(criterion.id)}${where}: a critical criterion of ${name(c.level)} applies — no better than ${name(c.cap)}.`,
              );
            }
            const effective = worse(level, phaseCap);
            if (effective) effectiveValues.push(effective.value);
            if (!level) continue;
            values.push(level.value);
            counts.set(level.id, (counts.get(level.id) ?? 0) + 1);
            if (level && critical) {
              const at = { track: track.id, criterion: criterion.id, phase, rated: level.id };
              for (const r of remindersOf(at, level, criterion.descriptors)) {
                if (r.kind === 'critical-minimum') minimums++;
                if (r.kind === 'critical-cap') caps++;
              }
            }
          }
        }
      }
      const fromRatings = lowerMedianLevel(fw.scale.levels, values);
      if (fromRatings) {
        const spread = fw.scale.levels
          .filter((l) => counts.has(l.id))
          .map((l) => `${name(l.id)} ×${counts.get(l.id)}`)
          .join(', ');
        reasons.unshift(
          `The middle of ${plural(values.length, 'judgement')} (${spread})${splitMiddle(values) ? ', the worse of the two middle ones' : ''}: ${name(fromRatings.id)}.`,
        );
      } else reasons.unshift('Nothing rated yet in this part.');
      const afterConditions = lowerMedianLevel(fw.scale.levels, effectiveValues) ?? undefined;
      if (afterConditions && afterConditions.id !== fromRatings?.id)
        reasons.push(`With what is ticked applied: ${name(afterConditions.id)}.`);
      let suggested: Level | undefined = afterConditions;
      if (triggerLevel && triggersTicked > 0) {
        reasons.push(
          `${plural(triggersTicked, 'trigger')} ticked${typeLabel ? ` for a ${typeLabel}` : ''} (Appendix 1) point to ${name(triggerLevel)}.`,
        );
        suggested = worse(suggested, levels.get(triggerLevel));
      } else if (triggerLevel && schoolType === undefined) {
        reasons.push("Choose the school's type to see all the triggers that apply to it.");
      }
      if (critical && minimums > 0)
        reasons.push(
          `${plural(minimums, 'rating')} at ${name(critical.threshold)} or above ${minimums === 1 ? 'rests' : 'rest'} on critical criteria: each is a minimum, necessary but not sufficient; tick any not met.`,
        );
      if (critical && caps > 0)
        reasons.push(
          `${plural(caps, 'rating')} ${caps === 1 ? 'has' : 'have'} critical criteria at a lower level: if one applies, that level is the most it can be; tick any that applies.`,
        );
      results.push({
        track: track.id,
        scope: scope.id,
        rated: values.length,
        fromRatings: fromRatings?.id ?? null,
        suggested: suggested?.id ?? null,
        reasons,
      });
    }
  }
  return results;
}
