import { useEffect, useState } from 'react';
import type { Criterion } from '../../shared/framework/schema.ts';
import { useGrid } from '../grid/context.ts';
import { useMeeting } from './hooks.ts';

export interface MeetingSteps {
  next(): void;
  previous(): void;
  open(): void;
  reveal(): void;
  /** Record the round's agreed rating and lock; returns a sentence when it needs a choice first. */
  agree(): string | null;
}

/** What the facilitator can do from the keyboard in meeting mode, acting on their current criterion. */
export function useMeetingSteps(): MeetingSteps {
  const { review, live, cursor, phase, track } = useGrid();
  const { current: round } = useMeeting();
  const criteria = review.framework.sections.flatMap((s) => s.criteria);
  const step = (by: number) => {
    const index = criteria.findIndex((c) => c.id === cursor.get());
    const next = criteria[index + by];
    if (next) cursor.set(next.id);
  };
  return {
    next: () => step(1),
    previous: () => step(-1),
    open() {
      const criterion = criteria.find((c) => c.id === cursor.get());
      if (!live || round || !criterion || criterion.pending) return;
      if (!review.model.phasesOf.get(criterion.id)?.includes(phase)) return;
      live.meeting.send({ t: 'open', criterion: criterion.id, phase, track, autoReveal: true });
    },
    reveal() {
      if (live && round?.status === 'open') live.meeting.send({ t: 'reveal', round: round.id });
    },
    agree() {
      if (round?.status !== 'revealed') return 'Reveal the votes before agreeing.';
      // The round panel's form holds the chosen level (the consensus unless changed) and the lock choice.
      const form = document.querySelector<HTMLFormElement>('.round-panel form.agree');
      const select = form?.querySelector('select');
      if (!form || !select) return null;
      if (select.value === '') {
        select.focus();
        return 'No consensus: choose the agreed rating, then press Enter.';
      }
      form.requestSubmit();
      return null;
    },
  };
}

const keys: Record<string, keyof MeetingSteps> = {
  ArrowRight: 'next',
  PageDown: 'next',
  n: 'next',
  ArrowLeft: 'previous',
  PageUp: 'previous',
  p: 'previous',
  o: 'open',
  r: 'reveal',
  a: 'agree',
};

/**
 * The facilitator's meeting-mode controls: buttons, and the same from the keyboard anywhere on the
 * page outside a text field (a presenter's clicker sends Page Down and Page Up).
 */
export function MeetingKeys({
  steps,
  criterion,
  judged,
}: {
  steps: MeetingSteps;
  criterion: Criterion;
  judged: boolean;
}) {
  const { current: round } = useMeeting();
  const [hint, setHint] = useState<string | null>(null);
  const name = criterion.code ?? criterion.title;
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.defaultPrevented || event.ctrlKey || event.metaKey || event.altKey) return;
      const target = event.target as HTMLElement;
      if (target.closest('input, select, textarea, .cm-editor, [role="grid"]')) return;
      const action = keys[event.key.length === 1 ? event.key.toLowerCase() : event.key];
      if (!action) return;
      event.preventDefault();
      setHint(steps[action]() ?? null);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [steps]);
  const act = (action: keyof MeetingSteps) => () => setHint(steps[action]() ?? null);
  return (
    <div className="meeting-keys" role="toolbar" aria-label="Meeting controls">
      <button type="button" onClick={act('previous')} aria-keyshortcuts="ArrowLeft PageUp P">
        ‹ Previous <kbd>P</kbd>
      </button>
      <button type="button" onClick={act('next')} aria-keyshortcuts="ArrowRight PageDown N">
        Next › <kbd>N</kbd>
      </button>
      <button
        type="button"
        onClick={act('open')}
        disabled={round !== null || !judged || criterion.pending !== undefined}
        aria-keyshortcuts="O"
      >
        Open a silent round on {name} <kbd>O</kbd>
      </button>
      <button type="button" onClick={act('reveal')} disabled={round?.status !== 'open'} aria-keyshortcuts="R">
        Reveal <kbd>R</kbd>
      </button>
      <button type="button" onClick={act('agree')} disabled={round?.status !== 'revealed'} aria-keyshortcuts="A">
        Agree and lock <kbd>A</kbd>
      </button>
      <p className="meeting-hint" role="status">
        {hint}
      </p>
    </div>
  );
}
