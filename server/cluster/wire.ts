import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import { z } from 'zod';
import { reviewStatuses, type ReviewState } from '../../shared/protocol/review-record.ts';

/**
 * What processes tell each other through Redis. A review's channel carries its committed updates
 * (with the sequence number the store gave them), presence already stamped by the process the
 * person is connected to, and notices that its rounds changed; the control channel carries what
 * any process may have to act on: sign-outs, revocations, a review closed or given a new status.
 */
export type ReviewMessage =
  | { kind: 'update'; origin: string; seq: number; update: Uint8Array }
  | { kind: 'presence'; origin: string; awareness: Uint8Array }
  /** The review's silent rounds changed: reload them from the store and show each peer their view. */
  | { kind: 'meeting'; origin: string };

const WIRE_VERSION = 1;
const kinds = ['update', 'presence', 'meeting'] as const;

export class BadBusMessage extends Error {}

export function encodeReviewMessage(message: ReviewMessage): Uint8Array {
  const e = encoding.createEncoder();
  encoding.writeVarUint(e, WIRE_VERSION);
  encoding.writeVarUint(e, kinds.indexOf(message.kind));
  encoding.writeVarString(e, message.origin);
  switch (message.kind) {
    case 'update':
      encoding.writeVarUint(e, message.seq);
      encoding.writeVarUint8Array(e, message.update);
      break;
    case 'presence':
      encoding.writeVarUint8Array(e, message.awareness);
      break;
    // 'meeting' carries nothing beyond its kind and origin.
  }
  return encoding.toUint8Array(e);
}

/** Decode a review channel message; anything else is a BadBusMessage naming the fault. */
export function decodeReviewMessage(data: Uint8Array): ReviewMessage {
  const d = decoding.createDecoder(data);
  let message: ReviewMessage;
  try {
    const version = decoding.readVarUint(d);
    if (version !== WIRE_VERSION)
      throw new BadBusMessage(`bus message of wire version ${version}; this process reads ${WIRE_VERSION}`);
    const kind = kinds[decoding.readVarUint(d)];
    const origin = decoding.readVarString(d);
    switch (kind) {
      case 'update':
        message = { kind, origin, seq: decoding.readVarUint(d), update: decoding.readVarUint8Array(d) };
        break;
      case 'presence':
        message = { kind, origin, awareness: decoding.readVarUint8Array(d) };
        break;
      case 'meeting':
        message = { kind, origin };
        break;
      default:
        throw new BadBusMessage('bus message of an unknown kind');
    }
  } catch (error) {
    if (error instanceof BadBusMessage) throw error;
    throw new BadBusMessage('bus message that cannot be decoded');
  }
  if (decoding.hasContent(d)) throw new BadBusMessage('unexpected bytes after a bus message');
  return message;
}

const id = z.string().min(1).max(200);
const reason = z.string().max(500);

/** Control channel messages: JSON, checked on arrival like anything else read from outside. */
export const controlMessageSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('closeUser'), origin: id, userId: id, reason, which: z.enum(['sessions', 'all']) }),
  z.strictObject({ kind: z.literal('closeCredential'), origin: id, hash: id, reason }),
  z.strictObject({ kind: z.literal('revoke'), origin: id, reviewId: id, userIds: z.array(id).max(10_000), reason }),
  z.strictObject({
    kind: z.literal('closeReview'),
    origin: id,
    reviewId: id,
    code: z.number().int().min(4000).max(4999),
    reason,
  }),
  /** Another process starts, or ends, changing the review's stored document outside any room. */
  z.strictObject({ kind: z.enum(['holdReview', 'releaseReview']), origin: id, reviewId: id, reason }),
  /** Status and sign-offs changed (already stored by the process that says so). */
  z.strictObject({
    kind: z.literal('state'),
    origin: id,
    reviewId: id,
    state: z.custom<ReviewState>(
      (v) => typeof v === 'object' && v !== null && reviewStatuses.includes((v as { status?: never }).status!),
      'must be a review state',
    ),
  }),
]);

export type ControlMessage = z.infer<typeof controlMessageSchema>;

export function decodeControlMessage(text: string): ControlMessage {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new BadBusMessage('control message that is not JSON');
  }
  const parsed = controlMessageSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new BadBusMessage(`control message: ${issue.path.join('.') || '(root)'} ${issue.message}`);
  }
  return parsed.data;
}
