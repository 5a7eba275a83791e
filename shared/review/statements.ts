/**
 * The statements of a criterion that can be marked as evidenced: every descriptor bullet of every
 * level, and every condition of an any-condition rule that covers the criterion ("inadequate if
 * any of the following apply"). Each has a ref that is stable within a framework version.
 */
import type { Criterion, DescriptorItem, Framework } from '../framework/schema.ts';

/** How far one statement is evidenced; for a condition, "evidenced" means it applies. */
export const marks = ['evidenced', 'partly', 'not-evidenced'] as const;
export type Mark = (typeof marks)[number];

export const isMark = (value: unknown): value is Mark => marks.includes(value as Mark);

/** `level:<level id>:<bullet index>`; ids never contain ':', so a ref cannot be ambiguous. */
export const descriptorRef = (level: string, index: number): string => `level:${level}:${index}`;
/** `condition:<rule index>:<condition index>`, the rule counted among the framework's rules. */
export const conditionRef = (rule: number, index: number): string => `condition:${rule}:${index}`;

export interface Statement {
  ref: string;
  text: string;
  /** The level whose descriptor it is; for a condition, the level the rule sets. */
  level: string;
  kind: 'descriptor' | 'condition';
  critical: boolean;
}

export const itemText = (item: DescriptorItem): string => (typeof item === 'string' ? item : item.text);

// Criteria by id, per framework: asked for every criterion of a review, a scan each time made a
// 1,000-row framework's export spend most of its model building here.
const criteriaById = new WeakMap<Framework, Map<string, Criterion>>();

function criterionOf(fw: Framework, id: string): Criterion | undefined {
  let byId = criteriaById.get(fw);
  if (!byId) {
    byId = new Map();
    for (const section of fw.sections) for (const c of section.criteria) if (!byId.has(c.id)) byId.set(c.id, c);
    criteriaById.set(fw, byId);
  }
  return byId.get(id);
}

/** Every markable statement of one criterion, descriptors in level order then conditions. */
export function statementsOf(fw: Framework, criterionId: string): Statement[] {
  const criterion = criterionOf(fw, criterionId);
  if (!criterion) return [];
  const out: Statement[] = [];
  for (const level of fw.scale.levels)
    (criterion.descriptors[level.id] ?? []).forEach((item, i) =>
      out.push({
        ref: descriptorRef(level.id, i),
        text: itemText(item),
        level: level.id,
        kind: 'descriptor',
        critical: typeof item !== 'string' && item.critical === true,
      }),
    );
  (fw.rules ?? []).forEach((rule, r) => {
    if (rule.kind !== 'any-condition' || (rule.criteria && !rule.criteria.includes(criterionId))) return;
    rule.conditions.forEach((text, i) =>
      out.push({ ref: conditionRef(r, i), text, level: rule.level, kind: 'condition', critical: false }),
    );
  });
  return out;
}
