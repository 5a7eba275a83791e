import { useState } from 'react';
import { useArray } from '../../collab/y-hooks.ts';
import { useGrid } from '../context.ts';

/** The criterion's evidence items: documents, data, observations the statement marks link to. */
export function EvidenceItems({ criterion }: { criterion: string }) {
  const { review, live, readOnly } = useGrid();
  const items = useArray(review.evidenceItems(criterion));
  const [text, setText] = useState('');
  const [url, setUrl] = useState('');
  const [error, setError] = useState<string | null>(null);
  return (
    <section className="evidence-items" aria-label="Evidence items">
      <h4>Evidence items</h4>
      {items.length === 0 && (
        <p className="muted">No evidence items yet. Add one, then link it to the statements it shows.</p>
      )}
      <ul>
        {items.map((item) => (
          <li key={item.id}>
            {item.url ? (
              <a href={item.url} target="_blank" rel="noreferrer noopener">
                {item.text}
              </a>
            ) : (
              item.text
            )}{' '}
            <span className="muted">— {item.byName}</span>
          </li>
        ))}
      </ul>
      {live && !readOnly && (
        <form
          className="evidence-item-form"
          onSubmit={(e) => {
            e.preventDefault();
            const t = text.trim();
            const u = url.trim();
            if (!t) return setError('Describe the evidence first.');
            if (u && !/^https?:\/\/\S+$/.test(u)) return setError('A link must start with http:// or https://');
            review.addEvidenceItem(criterion, live.me, t, u || undefined);
            setText('');
            setUrl('');
            setError(null);
          }}
        >
          <label>
            Evidence
            <input
              value={text}
              onChange={(e) => setText(e.target.value)}
              maxLength={2000}
              placeholder="e.g. Autumn attendance report"
            />
          </label>
          <label>
            Link (optional)
            <input
              type="url"
              value={url}
              onChange={(e) => setUrl(e.target.value)}
              maxLength={2000}
              placeholder="https://…"
            />
          </label>
          <button type="submit">Add evidence</button>
          {error && (
            <p className="error" role="alert">
              {error}
            </p>
          )}
        </form>
      )}
    </section>
  );
}
