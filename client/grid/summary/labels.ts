import type { Criterion, Framework, Level } from '../../../shared/framework/schema.ts';
import { NO_PHASE, NOT_APPLICABLE } from '../../../shared/review/keys.ts';

/** Names the summary shows for the ids the judgement returns. */
export interface SummaryLabels {
  track(id: string): string;
  phase(id: string): string;
  /** A level id or NOT_APPLICABLE. */
  rating(id: string): string;
  criterion(id: string): Criterion | undefined;
  level(id: string): Level | undefined;
  /** Red, amber or green by where the level sits on the scale; shown beside its label, never alone. */
  rag(id: string): Rag;
}

export type Rag = 'green' | 'amber' | 'red' | 'none';

const cache = new WeakMap<Framework, SummaryLabels>();

export function labelsOf(fw: Framework): SummaryLabels {
  const cached = cache.get(fw);
  if (cached) return cached;
  const tracks = new Map(fw.tracks.map((t) => [t.id, t.label]));
  const phases = new Map((fw.phases ?? []).map((p) => [p.id, p.label]));
  const levels = new Map(fw.scale.levels.map((l) => [l.id, l]));
  const criteria = new Map(fw.sections.flatMap((s) => s.criteria.map((c) => [c.id, c])));
  const values = fw.scale.levels.map((l) => l.value);
  const [min, max] = [Math.min(...values), Math.max(...values)];
  const labels: SummaryLabels = {
    track: (id) => tracks.get(id) ?? id,
    phase: (id) => (id === NO_PHASE ? 'All criteria' : (phases.get(id) ?? id)),
    rating: (id) => (id === NOT_APPLICABLE ? (fw.scale.notApplicable?.label ?? id) : (levels.get(id)?.label ?? id)),
    criterion: (id) => criteria.get(id),
    level: (id) => levels.get(id),
    rag(id) {
      const level = levels.get(id);
      if (!level || max === min) return 'none';
      // Thirds of the scale: the top third reads green, the bottom third red.
      const position = (level.value - min) / (max - min);
      return position >= 2 / 3 ? 'green' : position >= 1 / 3 ? 'amber' : 'red';
    },
  };
  cache.set(fw, labels);
  return labels;
}

/** "1.1" or, for a criterion without a code, its title. */
export const criterionName = (labels: SummaryLabels, id: string): string => {
  const c = labels.criterion(id);
  return c?.code ?? c?.title ?? id;
};
