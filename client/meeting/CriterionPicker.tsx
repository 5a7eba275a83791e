import { useMemo, useState } from 'react';
import type { Criterion } from '../../shared/framework/schema.ts';

/** How a criterion reads in the list: its code and a title short enough for the toolbar. */
export function pickerLabel(c: Criterion): string {
  const title = c.title.length > 60 ? `${c.title.slice(0, 57)}…` : c.title;
  return c.code ? `${c.code} ${title}` : title;
}

/**
 * The facilitator's "Current criterion" list. Until someone reaches for it (pointer, focus or a key)
 * it holds only the current criterion: in a 1,000-criterion review the full list was 1,000 of the
 * page's 1,592 elements at first paint, and a cold load on one core painted the first cell 266 ms
 * sooner without most of it (1,543 against 1,809 ms). Once
 * reached for, every criterion is there (built once), so the native list, type-ahead and a screen
 * reader's "3 of 1,000" all work as with any select.
 */
export function CriterionPicker({
  criteria,
  current,
  onPick,
}: {
  criteria: readonly Criterion[];
  current: string | null;
  onPick: (criterion: string) => void;
}) {
  const [reached, setReached] = useState(false);
  const all = useMemo(
    () =>
      reached
        ? criteria.map((c) => (
            <option key={c.id} value={c.id}>
              {pickerLabel(c)}
            </option>
          ))
        : null,
    [criteria, reached],
  );
  const shown = criteria.find((c) => c.id === current);
  const reach = () => setReached(true);
  return (
    <label>
      <span className="visually-hidden">Current criterion</span>
      <select
        value={current ?? ''}
        onChange={(e) => e.target.value && onPick(e.target.value)}
        onPointerDown={reach}
        onFocus={reach}
        onKeyDown={reach}
      >
        {!shown && (
          <option value="" disabled>
            Choose a criterion
          </option>
        )}
        {all ??
          (shown && (
            <option key={shown.id} value={shown.id}>
              {pickerLabel(shown)}
            </option>
          ))}
      </select>
    </label>
  );
}
