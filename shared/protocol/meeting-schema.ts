import { z } from 'zod';

/**
 * Silent rating rounds travel as MessageType.meeting frames carrying JSON. Votes live on the
 * server only: before the reveal nobody else's vote is in any message, only who has voted.
 */
export const meetingRequestSchema = z.discriminatedUnion('t', [
  /** Subscribe: the server answers with every round of the review. Stock clients never send it. */
  z.strictObject({ t: z.literal('hello') }),
  z.strictObject({
    t: z.literal('open'),
    criterion: z.string().min(1).max(100),
    phase: z.string().min(1).max(100),
    track: z.string().min(1).max(100),
    autoReveal: z.boolean(),
  }),
  z.strictObject({ t: z.literal('vote'), round: z.string().min(1).max(40), level: z.string().min(1).max(100) }),
  z.strictObject({ t: z.literal('reveal'), round: z.string().min(1).max(40) }),
  /** Record the agreed level (or none) and end the round; its outcome is kept. */
  z.strictObject({
    t: z.literal('close'),
    round: z.string().min(1).max(40),
    agreed: z.string().min(1).max(100).nullable(),
  }),
]);
export type MeetingRequest = z.infer<typeof meetingRequestSchema>;
