import { useState } from 'react';
import type { UnsentText } from '../collab/connection.ts';

function UnsentField({ item, index }: { item: UnsentText; index: number }) {
  const [copied, setCopied] = useState(false);
  const id = `unsent-${index}`;
  return (
    <div className="unsent">
      <label htmlFor={id}>{item.label} — not saved</label>
      <textarea id={id} readOnly value={item.text} rows={Math.min(6, item.text.split('\n').length + 1)} />
      <button
        type="button"
        onClick={() =>
          void navigator.clipboard.writeText(item.text).then(
            () => setCopied(true),
            () => setCopied(false),
          )
        }
      >
        {copied ? 'Copied' : 'Copy'}
        <span className="visually-hidden"> {item.label}</span>
      </button>
    </div>
  );
}

/** A refused change: why, what of the person's typing it took with it (to copy), and that the review was reloaded. */
export function RefusedNotice({
  notice,
  unsent,
  onDismiss,
}: {
  notice: string;
  unsent: readonly UnsentText[];
  onDismiss: () => void;
}) {
  return (
    <div role="alert" className="notice">
      <p>{notice}</p>
      {unsent.length > 0 && (
        <>
          <p>What you typed was not saved. It is kept here so you can copy it back in where it is allowed:</p>
          {unsent.map((item, i) => (
            <UnsentField key={i} item={item} index={i} />
          ))}
        </>
      )}
      <button type="button" className="link-button" onClick={onDismiss}>
        Dismiss
      </button>
    </div>
  );
}
