import type { User } from '../store/access-types.ts';
import type { AuditAction, AuditEntry } from '../store/admin-types.ts';

/** A refusal an administration action answers with: status, code, and a message naming the field. */
export class AdminError extends Error {
  constructor(
    readonly status: 400 | 404 | 409,
    readonly code: string,
    message: string,
    readonly field?: string,
  ) {
    super(message);
  }
}

/** The audit entry for something `actor` is doing now. */
export function auditBy(actor: User, action: AuditAction, subject: string | null, detail: string): AuditEntry {
  return { at: new Date().toISOString(), actorId: actor.id, actorName: actor.name, action, subject, detail };
}

/** How a person is named in the audit trail. */
export const who = (p: { name: string; email: string }): string => `${p.name} (${p.email})`;
