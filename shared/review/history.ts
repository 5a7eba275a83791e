import { splitKey } from './keys.ts';
import { Root } from './roots.ts';

/** Kinds of history event. `status` and `review` are review-wide (criterion null): status changes,
 * sign-offs and reopening; renaming, duplicating, archiving, deleting, restoring, importing. */
export const historyKinds = [
  'rating',
  'agreed',
  'lock',
  'focus',
  'evidence',
  'evidence-item',
  'comment',
  'comment-status',
  'table',
  'form',
  'overall',
  'check',
  'action',
  'statement-mark',
  'moderation',
  'moderation-statement',
  'status',
  'review',
] as const;
export type HistoryKind = (typeof historyKinds)[number];

/** One change to a review as people talk about it: "rating Good → Outstanding by A. Khan, 14:02". */
export interface HistoryEvent {
  at: string;
  userId: string | null;
  userName: string | null;
  /** The criterion it concerns; null for review-wide records (tables, forms). */
  criterion: string | null;
  kind: HistoryKind;
  /** Kind-specific: { track?, phase?, from?, to? } for ratings, { key } otherwise. */
  detail: Record<string, string | null>;
}

/** A root-map key that changed in a transaction, directly or inside the structure under it. */
export interface TouchedKey {
  root: string;
  key: string;
  /** Comments or evidence items this change deleted, with their text, so the history keeps it. */
  removed?: { id: string; text: string; by: string; byName: string }[];
  /** True when the change only deleted items (nothing else to record as an edit). */
  onlyRemoved?: boolean;
}

const kinds: Partial<Record<string, HistoryEvent['kind']>> = {
  [Root.ratings]: 'rating',
  [Root.agreed]: 'agreed',
  [Root.locks]: 'lock',
  [Root.focus]: 'focus',
  [Root.evidence]: 'evidence',
  [Root.evidenceItems]: 'evidence-item',
  [Root.comments]: 'comment',
  [Root.commentStatus]: 'comment-status',
  [Root.tableCells]: 'table',
  [Root.formFields]: 'form',
  [Root.overalls]: 'overall',
  [Root.checks]: 'check',
  [Root.actions]: 'action',
  [Root.statementMarks]: 'statement-mark',
  [Root.moderation]: 'moderation',
  [Root.moderationStatement]: 'moderation-statement',
};

/** Roots whose values are worth recording before and after (the rest are "edited"). */
export const valuedRoots: ReadonlySet<string> = new Set([
  Root.ratings,
  Root.agreed,
  Root.locks,
  Root.overalls,
  Root.checks,
  Root.statementMarks,
  Root.moderation,
]);

/** Turn a touched key and, for valued roots, its values before and after, into an event. */
export function historyEvent(
  touched: TouchedKey,
  who: { id: string; name: string } | null,
  at: string,
  from?: unknown,
  to?: unknown,
): HistoryEvent | null {
  const kind = kinds[touched.root];
  if (!kind) return null;
  const base = { at, userId: who?.id ?? null, userName: who?.name ?? null };
  const value = (v: unknown): string | null => {
    if (v === undefined || v === null) return null;
    if (typeof v === 'string') return v;
    // A recorded overall by its level, the school's type by its value, a tick or a lock by what it is.
    const { level, value } = v as { level?: unknown; value?: unknown };
    if (typeof level === 'string') return level;
    if (typeof value === 'string') return value;
    return touched.root === Root.checks ? 'ticked' : 'locked';
  };
  switch (touched.root) {
    case Root.ratings: {
      const [track, criterion, phase] = splitKey(touched.key, 3) ?? [];
      return {
        ...base,
        kind,
        criterion: criterion ?? null,
        detail: { track: track ?? null, phase: phase ?? null, from: value(from), to: value(to) },
      };
    }
    case Root.agreed: {
      const [criterion, phase] = splitKey(touched.key, 2) ?? [];
      return {
        ...base,
        kind,
        criterion: criterion ?? null,
        detail: { phase: phase ?? null, from: value(from), to: value(to) },
      };
    }
    case Root.statementMarks: {
      const [track, criterion, statement] = splitKey(touched.key, 3) ?? [];
      const mark = (v: unknown) => (v as { mark?: string } | undefined)?.mark ?? null;
      return {
        ...base,
        kind,
        criterion: criterion ?? null,
        detail: { track: track ?? null, statement: statement ?? null, from: mark(from), to: mark(to) },
      };
    }
    case Root.moderation: {
      const [criterion, phase] = splitKey(touched.key, 2) ?? [];
      const outcome = (v: unknown) => (v as { outcome?: string } | undefined)?.outcome ?? null;
      const reason = (to as { reason?: string } | undefined)?.reason;
      return {
        ...base,
        kind,
        criterion: criterion ?? null,
        detail: { phase: phase ?? null, from: outcome(from), to: outcome(to), ...(reason ? { reason } : {}) },
      };
    }
    case Root.locks:
      return { ...base, kind, criterion: touched.key, detail: { from: value(from), to: value(to) } };
    case Root.focus:
    case Root.evidence: {
      const [track, criterion] = splitKey(touched.key, 2) ?? [];
      return { ...base, kind, criterion: criterion ?? null, detail: { track: track ?? null } };
    }
    case Root.evidenceItems:
    case Root.comments:
      return { ...base, kind, criterion: touched.key, detail: {} };
    case Root.overalls:
    case Root.checks: {
      const detail: Record<string, string | null> = { key: touched.key, from: value(from), to: value(to) };
      // A recorded overall keeps its rationale in the history too.
      const rationale = (to as { rationale?: unknown } | undefined)?.rationale;
      if (typeof rationale === 'string') detail.rationale = rationale;
      return { ...base, kind, criterion: null, detail };
    }
    default:
      return { ...base, kind, criterion: null, detail: { key: touched.key } };
  }
}
