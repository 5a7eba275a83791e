import { z } from 'zod';
import { marks } from './statements.ts';

const isoTime = z.iso.datetime({ offset: true });
const shortId = z.string().regex(/^[A-Za-z0-9_-]{6,40}$/, 'must be 6–40 letters, digits, "_" or "-"');
const author = { by: z.string().min(1).max(200), byName: z.string().min(1).max(200), at: isoTime };

export const lockSchema = z.strictObject({ ...author });
export const evidenceItemSchema = z.strictObject({
  id: shortId,
  text: z.string().trim().min(1).max(2000),
  url: z
    .url({ protocol: /^https?$/ })
    .max(2000)
    .optional(),
  ...author,
});
export const commentSchema = z.strictObject({
  id: shortId,
  text: z.string().trim().min(1).max(5000),
  ...author,
});
export const commentStatusSchema = z.strictObject({ resolved: z.boolean(), ...author });
export const tableRowSchema = z.strictObject({ id: shortId, ...author });

/** One descriptor statement marked for one track, with the evidence items it rests on. */
export const statementMarkSchema = z.strictObject({
  mark: z.enum(marks),
  items: z.array(shortId).max(20, 'link at most 20 evidence items to one statement'),
  ...author,
});

/** Per criterion and phase: whose judgement stands after moderation, and why. */
export const moderationOutcomes = ['agreed', 'self-stands', 'moderator-stands'] as const;
export const moderationOutcomeSchema = z.strictObject({
  outcome: z.enum(moderationOutcomes),
  reason: z.string().trim().max(2000),
  ...author,
});

export type Lock = z.infer<typeof lockSchema>;
export type EvidenceItem = z.infer<typeof evidenceItemSchema>;
export type Comment = z.infer<typeof commentSchema>;
export type CommentStatus = z.infer<typeof commentStatusSchema>;
export type TableRow = z.infer<typeof tableRowSchema>;
export type StatementMark = z.infer<typeof statementMarkSchema>;
export type ModerationOutcomeKind = (typeof moderationOutcomes)[number];
export type ModerationOutcome = z.infer<typeof moderationOutcomeSchema>;

/** Who made a change, stamped on items that record their author. */
export interface Author {
  id: string;
  name: string;
}
