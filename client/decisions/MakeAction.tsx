import { useState } from 'react';
import type { Criterion } from '../../shared/framework/schema.ts';
import { useGrid } from '../grid/context.ts';

/** Turn a criterion's development focus into an action in the action plan, linked to the criterion. */
export function MakeAction({ criterion }: { criterion: Criterion }) {
  const { review, track, live, readOnly } = useGrid();
  const [made, setMade] = useState<string | null>(null);
  if (!live || readOnly || live.role === 'observer') return null;
  const name = `${criterion.code ?? ''} ${criterion.title}`.trim();
  const make = () => {
    const focus = review.focus(track, criterion.id).toString().trim();
    const what = (focus || `Development focus for ${name}`).slice(0, 2000);
    review.addAction({ what, criterion: criterion.id }, live.me);
    setMade(`Added to the action plan: “${what.length > 60 ? `${what.slice(0, 60)}…` : what}”.`);
  };
  return (
    <div className="make-action">
      <button type="button" onClick={make}>
        Make an action <span className="visually-hidden">from the development focus for {name}</span>
      </button>
      <span role="status" className="muted">
        {made}
      </span>
    </div>
  );
}
