import { z } from 'zod';

// Ids appear inside review-document keys (`track/criterion/phase`), so they must never contain '/'.
const id = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, 'must be letters, digits, ".", "_" or "-" (no spaces or "/")');

const text = z.string().trim().min(1, 'must not be empty');

/**
 * Whether the source itself marks an item critical, or the transcription inferred it (the
 * source's bold was lost in extraction), and why. Shown to users: an inferred mark is labelled so.
 */
export const criticalBasisSchema = z.strictObject({
  source: z.enum(['stated', 'inferred']),
  why: text,
});

const descriptorLeafSchema = z.strictObject({
  text,
  /** The source's bold "critical criteria": a minimum at or above the rule's threshold, a cap below. */
  critical: z.boolean().optional(),
  /** Where a critical mark comes from; only with `critical: true`. */
  criticalBasis: criticalBasisSchema.optional(),
  /** An explanation added in transcription, not source text. */
  note: text.optional(),
});

/**
 * A sub-bullet of a descriptor item (one level deep, as in the sources). Critical marks stay on
 * top-level items, where the rating rules and check lists look for them.
 */
export const descriptorSubItemSchema = z.union([text, z.strictObject({ text, note: text.optional() })]);

/**
 * One bullet or paragraph of a descriptor; `critical` marks the source's bold "critical criteria".
 * `items` are its sub-bullets ("with the expectation that:" followed by points), kept nested.
 */
export const descriptorItemSchema = z.union([
  text,
  descriptorLeafSchema.extend({ items: z.array(descriptorSubItemSchema).min(1).optional() }),
]);

export const levelSchema = z.strictObject({
  id,
  label: text,
  /** The source's own short form: "OS", "G", "1", "LA4a". */
  code: text.optional(),
  /** Higher is better; used by rating rules (caps, "worst of", overall). */
  value: z.number().int(),
  /** The source's full description of the level (e.g. "evaluations … must be accompanied by substantial evidence of impact"). */
  description: text.optional(),
});

export const scaleSchema = z.strictObject({
  /** What a rating is called in this framework: "Grade", "Current rating", "Category". */
  label: text,
  /** Columns in the order the source prints them. */
  levels: z.array(levelSchema).min(2, 'a scale needs at least two levels'),
  /** Offers "not applicable" (the LA standards' N/A) as a rating besides the levels. */
  notApplicable: z.strictObject({ code: text, label: text }).optional(),
});

export const phaseSchema = z.strictObject({ id, label: text });

export const trackSchema = z.strictObject({
  id,
  label: text,
  description: text.optional(),
  /** Where judgements differ, this track's stands (Milton Keynes: the SIP's). */
  authoritative: z.boolean().optional(),
});

export const linkGroupSchema = z.strictObject({
  label: text,
  items: z.array(text).min(1),
});

export const criterionSchema = z.strictObject({
  id,
  /** As printed: "1.1". */
  code: text.optional(),
  title: text,
  /** Statements that define the criterion (quality-standard bullets, "the extent to which…"). */
  statements: z.array(descriptorItemSchema).optional(),
  /** Level id → bullets; a level missing or empty here is blank in the source. */
  descriptors: z.record(z.string(), z.array(descriptorItemSchema)),
  /** Evidence examples / hints the source gives for this criterion. */
  evidence: z.array(text).optional(),
  /** Cross-references such as the Ofsted inspection priorities it links to. */
  links: z.array(linkGroupSchema).optional(),
  /** Phases this criterion is judged in; all the framework's phases when absent. */
  phases: z.array(id).optional(),
  /** The source has no descriptors yet for this criterion (e.g. "to be added"). */
  pending: text.optional(),
});

export const sectionSchema = z.strictObject({
  id,
  code: text.optional(),
  title: text,
  summary: text.optional(),
  /** RAG group or similar grouping the source places the section in. */
  group: text.optional(),
  links: z.array(linkGroupSchema).optional(),
  criteria: z.array(criterionSchema),
});

export const columnSchema = z.strictObject({
  id,
  label: text,
  kind: z.enum(['text', 'date', 'level']).default('text'),
  hint: text.optional(),
});

export const rowSchema = z.strictObject({
  id,
  label: text,
  group: text.optional(),
  hint: text.optional(),
  /** Cells the source fills in, by column id: shown as values and read-only in the review. */
  values: z.record(z.string(), text).optional(),
  /** The source gives this row as an example: a review may rename or remove it. */
  example: z.boolean().optional(),
});

/** A grid the review fills in: outcome tables with termly progress, membership, action plans. */
export const tableSchema = z.strictObject({
  id,
  title: text,
  description: text.optional(),
  /** The first column shows row labels under this heading. */
  rowHeader: text.optional(),
  columns: z.array(columnSchema).min(1),
  rows: z.array(rowSchema),
  /** Users may add their own rows (action plans, local outcomes). */
  openRows: z.boolean().optional(),
});

export const formFieldSchema = z.strictObject({
  id,
  label: text,
  kind: z.enum(['text', 'date', 'grade']).default('text'),
  hint: text.optional(),
});

export const formSectionSchema = z.strictObject({
  id,
  title: text,
  statements: z.array(descriptorItemSchema).optional(),
  fields: z.array(formFieldSchema).min(1),
});

/** A form recorded alongside the rubric (the LA standards' paired-visit form). */
export const formSchema = z.strictObject({
  id,
  title: text,
  description: text.optional(),
  /** Grades offered by fields of kind "grade". */
  grades: z.array(z.strictObject({ id, label: text })).optional(),
  fields: z.array(formFieldSchema).optional(),
  sections: z.array(formSectionSchema).min(1),
});

const referenceBlockSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('paragraphs'), title: text.optional(), items: z.array(text).min(1) }),
  z.strictObject({ kind: z.literal('list'), title: text.optional(), items: z.array(descriptorItemSchema).min(1) }),
  z.strictObject({
    kind: z.literal('table'),
    title: text.optional(),
    columns: z.array(text).min(1),
    rows: z.array(z.array(z.string())).min(1),
  }),
]);

/** Read-only material the source provides: goals, triggers, data indicators, agendas. */
export const referenceSchema = z.strictObject({
  id,
  title: text,
  blocks: z.array(referenceBlockSchema).min(1),
});

export const ruleSchema = z.discriminatedUnion('kind', [
  /** Judge by best fit against the descriptors, not as a checklist. */
  z.strictObject({
    kind: z.literal('best-fit'),
    text,
    /**
     * Share of a level's statements that must be evidenced (partly counts half) for the suggested
     * best fit to reach it; DEFAULT_BEST_FIT_THRESHOLD (shared/review/best-fit.ts) when absent.
     */
    threshold: z.number().gt(0).max(1).optional(),
  }),
  /** The criterion/section is at `level` if any listed condition applies. */
  z.strictObject({
    kind: z.literal('any-condition'),
    level: id,
    text,
    conditions: z.array(text).min(1),
    criteria: z.array(id).optional(),
  }),
  /** Critical descriptor items are minimums in levels at or above `threshold`, caps below it. */
  z.strictObject({ kind: z.literal('critical-criteria'), threshold: id, text }),
  /** Where tracks disagree, the authoritative track's rating is the one reported. */
  z.strictObject({ kind: z.literal('authoritative-track'), track: id, text }),
  /** Overall judgement per phase (and per section group), derived from the criteria. */
  z.strictObject({
    kind: z.literal('overall'),
    text,
    by: z.enum(['phase', 'group', 'phase-and-group']),
    /** An editorial note added in transcription, shown apart from the source's text. */
    note: text.optional(),
  }),
  /** Ratings at `level` (or above) must be accompanied by evidence of impact ("substantial" where stated). */
  z.strictObject({ kind: z.literal('evidence-of-impact'), level: id, text }),
  /** Anything else the source states as a rule, kept as text. */
  z.strictObject({ kind: z.literal('note'), text }),
]);

export const provenanceSchema = z.strictObject({
  title: text,
  publisher: text.optional(),
  date: text.optional(),
  reference: text.optional(),
  /** The source text this transcription was made from, a file in frameworks/sources/. */
  source: text.optional(),
  notes: text.optional(),
  /** Parts of the source left out of the transcription, each with where it is and why. */
  omitted: z.array(z.strictObject({ section: text, reason: text })).optional(),
});

export const frameworkSchema = z.strictObject({
  id,
  /** Bumped whenever the content changes; a review records the version it was created from. */
  version: z.number().int().min(1),
  title: text,
  shortTitle: text.optional(),
  summary: text.optional(),
  /** Who grades whom, in the source's terms. */
  audience: text.optional(),
  provenance: provenanceSchema,
  scale: scaleSchema,
  phases: z.array(phaseSchema).optional(),
  tracks: z
    .array(trackSchema)
    .min(1)
    .default([{ id: 'self', label: 'Self-evaluation' }]),
  rules: z.array(ruleSchema).optional(),
  sections: z.array(sectionSchema).min(1),
  tables: z.array(tableSchema).optional(),
  forms: z.array(formSchema).optional(),
  references: z.array(referenceSchema).optional(),
});

export type FrameworkInput = z.input<typeof frameworkSchema>;
export type Framework = z.output<typeof frameworkSchema>;
export type Level = z.output<typeof levelSchema>;
export type Criterion = z.output<typeof criterionSchema>;
export type Section = z.output<typeof sectionSchema>;
export type DescriptorItem = z.output<typeof descriptorItemSchema>;
export type DescriptorSubItem = z.output<typeof descriptorSubItemSchema>;
export type CriticalBasis = z.output<typeof criticalBasisSchema>;
export type Table = z.output<typeof tableSchema>;
export type Form = z.output<typeof formSchema>;
export type Reference = z.output<typeof referenceSchema>;
export type Rule = z.output<typeof ruleSchema>;
export type Track = z.output<typeof trackSchema>;
export type Phase = z.output<typeof phaseSchema>;
