import { useState } from 'react';
import { Root } from '../../shared/review/roots.ts';
import type { CommentStatus } from '../../shared/review/entities.ts';
import { useArray, useMapValue } from '../collab/y-hooks.ts';
import { useGrid } from './context.ts';

function Status({ id }: { id: string }) {
  const { review, live, readOnly } = useGrid();
  const status = useMapValue(review.doc.getMap<CommentStatus>(Root.commentStatus), id);
  const resolved = status?.resolved === true;
  return (
    <span className="comment-status">
      {resolved && <span className="muted">Resolved by {status?.byName}. </span>}
      {live && !readOnly && (
        <button type="button" className="link-button" onClick={() => review.setCommentResolved(id, live.me, !resolved)}>
          {resolved ? 'Reopen' : 'Resolve'}
        </button>
      )}
    </span>
  );
}

/** A thread per criterion, each comment with its author and time; resolve and reopen. */
export function Comments({ criterion }: { criterion: string }) {
  const { review, live, readOnly } = useGrid();
  const comments = useArray(review.comments(criterion));
  const [text, setText] = useState('');
  if (!live) return null;
  return (
    <section className="comments" aria-label="Comments">
      <h4>Comments</h4>
      {comments.length === 0 && <p className="muted">No comments yet.</p>}
      <ol>
        {comments.map((c) => (
          <li key={c.id}>
            <strong>{c.byName}</strong>{' '}
            <time className="muted" dateTime={c.at}>
              {new Date(c.at).toLocaleString('en-GB', { dateStyle: 'short', timeStyle: 'short' })}
            </time>
            <p>{c.text}</p>
            <Status id={c.id} />
          </li>
        ))}
      </ol>
      {!readOnly && (
        <form
          onSubmit={(e) => {
            e.preventDefault();
            if (!text.trim()) return;
            review.addComment(criterion, live.me, text.trim());
            setText('');
          }}
        >
          <label>
            Add a comment
            <textarea value={text} onChange={(e) => setText(e.target.value)} rows={2} maxLength={5000} />
          </label>
          <button type="submit">Comment</button>
        </form>
      )}
    </section>
  );
}
