import { splitKey } from './keys.ts';
import { Root } from './roots.ts';

/** One change to a review as people talk about it: "rating Good → Outstanding by A. Khan, 14:02". */
export interface HistoryEvent {
  at: string;
  userId: string | null;
  userName: string | null;
  /** The criterion it concerns; null for review-wide records (tables, forms). */
  criterion: string | null;
  kind:
    | 'rating'
    | 'agreed'
    | 'lock'
    | 'focus'
    | 'evidence'
    | 'evidence-item'
    | 'comment'
    | 'comment-status'
    | 'table'
    | 'form'
    /** Review-wide: status changed, signed off, finalised, reopened (criterion null). */
    | 'status'
    /** Review-wide: renamed, duplicated, archived, deleted, restored, imported (criterion null). */
    | 'review';
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
};

/** Roots whose values are worth recording before and after (the rest are "edited"). */
export const valuedRoots: ReadonlySet<string> = new Set([Root.ratings, Root.agreed, Root.locks]);

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
  const value = (v: unknown): string | null =>
    v === undefined || v === null ? null : typeof v === 'string' ? v : 'locked';
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
    default:
      return { ...base, kind, criterion: null, detail: { key: touched.key } };
  }
}
