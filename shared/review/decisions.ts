/**
 * What a review decides rather than rates: the recorded overall judgements, the conditions and
 * triggers ticked on the way to them, and the action plan. Plain values in flat root maps.
 */
import { z } from 'zod';

const isoTime = z.iso.datetime({ offset: true });
const person = z.string().min(1).max(200);
const shortId = z.string().regex(/^[A-Za-z0-9_-]{6,40}$/, 'must be 6–40 letters, digits, "_" or "-"');
const author = { by: person, byName: person, at: isoTime };
/** Who last changed an entry someone else may have created. */
const edited = { editedBy: person.optional(), editedByName: person.optional(), editedAt: isoTime.optional() };
const field = (max: number) => z.string().max(max, `must be at most ${max} characters`);
/** A calendar date, YYYY-MM-DD, that exists. */
const date = z.iso.date({ error: 'must be a date (YYYY-MM-DD)' });

/** `overalls`: the overall judgement the meeting recorded for one track and scope. */
export const recordedOverallSchema = z.strictObject({
  /** A level id of the framework's scale. */
  level: z.string().min(1).max(100),
  rationale: z.string().trim().min(1, 'needs a rationale').max(5000, 'must be at most 5000 characters'),
  ...author,
});

/** `checks`: a condition or trigger ticked (the key's presence), or the school's type (`value`). */
export const checkSchema = z.strictObject({ value: z.string().min(1).max(100).optional(), ...author });

export const RAG = ['red', 'amber', 'green'] as const;
export type RagStatus = (typeof RAG)[number];

const entryBase = {
  id: shortId,
  /** Position in the plan; entries are shown in this order. */
  order: z.number().finite(),
  /** The criterion it comes from (a development focus), if any. */
  criterion: z.string().min(1).max(200).optional(),
  ...author,
  ...edited,
};

/** A priority: Milton Keynes' "Improvement Priority", with the actions under it. */
export const prioritySchema = z.strictObject({
  kind: z.literal('priority'),
  title: z.string().trim().min(1, 'needs a title').max(500, 'must be at most 500 characters'),
  currentPosition: field(5000).default(''),
  successCriteria: field(5000).default(''),
  targets: field(5000).default(''),
  /** "Evaluation & Responsible body/officer". */
  evaluation: field(2000).default(''),
  howOften: field(200).default(''),
  ...entryBase,
});

/** An action, on its own or as one of a priority's activity rows. */
export const actionSchema = z.strictObject({
  kind: z.literal('action'),
  /** The priority it belongs to (an entry id), if any. */
  priority: shortId.optional(),
  what: z.string().trim().min(1, 'needs to say what will be done').max(2000, 'must be at most 2000 characters'),
  owner: field(200).default(''),
  start: date.optional(),
  due: date.optional(),
  successCriteria: field(5000).default(''),
  resources: field(2000).default(''),
  objectives: field(2000).default(''),
  monitoring: field(2000).default(''),
  progress: field(5000).default(''),
  rag: z.enum(RAG).optional(),
  ...entryBase,
});

export const actionEntrySchema = z.discriminatedUnion('kind', [prioritySchema, actionSchema]);

export type RecordedOverall = z.infer<typeof recordedOverallSchema>;
export type Check = z.infer<typeof checkSchema>;
export type Priority = z.infer<typeof prioritySchema>;
export type Action = z.infer<typeof actionSchema>;
export type ActionEntry = z.infer<typeof actionEntrySchema>;
/** What a caller gives to create a priority or an action; ids, authors and times are stamped. */
export type PriorityInput = Omit<z.input<typeof prioritySchema>, 'kind' | 'id' | 'by' | 'byName' | 'at' | 'order'> & {
  order?: number;
};
export type ActionInput = Omit<z.input<typeof actionSchema>, 'kind' | 'id' | 'by' | 'byName' | 'at' | 'order'> & {
  order?: number;
};

/** The first fault of a value, as "field message". */
export function firstIssue(error: z.ZodError): string {
  const issue = error.issues[0];
  return issue ? `${issue.path.join('.') || 'value'} ${issue.message}` : 'invalid';
}
