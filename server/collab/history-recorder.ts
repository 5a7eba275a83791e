import type * as Y from 'yjs';
import { historyEvent, valuedRoots, type HistoryEvent, type TouchedKey } from '../../shared/review/history.ts';
import type { PeerUser } from './peer.ts';

/** Edits to one text by one person within this long count as one entry in the history. */
export const TEXT_SESSION_MS = 5 * 60_000;

/**
 * Turns what checked updates touched into history events: values before and after for ratings,
 * locks and other valued keys; one entry per typing session for texts; deletions with what was
 * deleted. The events wait here until the review log commits them with their batch.
 */
export class HistoryRecorder {
  /** When each person's edits to each text were last recorded, to record a typing session once. */
  private readonly lastTextEvent = new Map<string, number>();
  private readonly pending: HistoryEvent[] = [];

  /** Run `apply` (the update reaching `doc`) and record what it changed there. */
  record(doc: Y.Doc, touched: readonly TouchedKey[], who: PeerUser | null, apply: () => void, at = new Date()): void {
    const valued = touched.filter((t) => valuedRoots.has(t.root));
    const before = valued.map((t) => doc.getMap(t.root).get(t.key));
    apply();
    const when = at.toISOString();
    valued.forEach((t, i) => {
      const after = doc.getMap(t.root).get(t.key);
      if (after === before[i]) return;
      this.push(historyEvent(t, who, when, before[i], after));
    });
    for (const t of touched) {
      if (valuedRoots.has(t.root)) continue;
      // A deletion is recorded with what was deleted, whatever the typing session.
      for (const item of t.removed ?? []) {
        const event = historyEvent(t, who, when);
        if (event)
          this.push({ ...event, detail: { ...event.detail, deleted: item.text, id: item.id, author: item.byName } });
      }
      if (t.onlyRemoved) continue;
      // A key touched twice in one update is within its own session the second time.
      // Stryker disable next-line StringLiteral: equivalent, see docs/mutation.md (any text no user id equals will do)
      const key = `${who?.id ?? ''}|${t.root}|${t.key}`;
      if (at.getTime() - (this.lastTextEvent.get(key) ?? -Infinity) < TEXT_SESSION_MS) continue;
      this.lastTextEvent.set(key, at.getTime());
      this.push(historyEvent(t, who, when));
    }
  }

  /** The events recorded since the last call, to be stored with the batch that made them. */
  take(): HistoryEvent[] {
    return this.pending.splice(0);
  }

  private push(event: HistoryEvent | null): void {
    if (event) this.pending.push(event);
  }
}
