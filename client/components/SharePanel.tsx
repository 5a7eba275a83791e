import { useState } from 'react';
import { api, ApiError, type ReviewRole } from '../api.ts';
import { useSession } from '../session.ts';
import { formText, useAsync } from '../useAsync.ts';

/** Facilitators invite people by role, see who has access, and take access away. */
export function SharePanel({ reviewId, open = false }: { reviewId: string; open?: boolean }) {
  const { me } = useSession();
  const [data, reload] = useAsync(() => Promise.all([api.members(reviewId), api.invites(reviewId)]), [reviewId], {
    keepLast: true,
  });
  const [link, setLink] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const fail = (err: unknown) => setError(err instanceof ApiError ? err.message : 'Could not reach the server.');
  return (
    <details className="table-panel share" open={open}>
      <summary>
        <h2>People and invite links</h2>
      </summary>
      <form
        className="invite-form"
        onSubmit={(e) => {
          e.preventDefault();
          const d = new FormData(e.currentTarget);
          setError(null);
          api.createInvite(reviewId, formText(d, 'role') as ReviewRole, Number(formText(d, 'days'))).then(({ url }) => {
            setLink(url);
            reload();
          }, fail);
        }}
      >
        <label>
          Invite as{' '}
          <select name="role" defaultValue="editor">
            <option value="editor">Editor</option>
            <option value="observer">Observer (read-only)</option>
            <option value="facilitator">Facilitator</option>
          </select>
        </label>
        <label>
          for{' '}
          <select name="days" defaultValue="14">
            <option value="1">1 day</option>
            <option value="7">7 days</option>
            <option value="14">14 days</option>
            <option value="30">30 days</option>
          </select>
        </label>
        <button type="submit">Create invite link</button>
      </form>
      {link && (
        <p className="invite-link">
          <label>
            New link <input readOnly value={link} onFocus={(e) => e.currentTarget.select()} size={60} />
          </label>{' '}
          <button type="button" onClick={() => void navigator.clipboard?.writeText(link)}>
            Copy
          </button>
        </p>
      )}
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      {data.status === 'ready' && (
        <>
          <h3>People</h3>
          <ul className="people">
            {data.value[0].map((m) => (
              <li key={m.userId}>
                {m.name}{' '}
                <span className="muted">
                  {m.email && `(${m.email}) `}— {m.role}
                </span>{' '}
                {m.userId !== me.user.id && (
                  <button
                    type="button"
                    className="link-button"
                    onClick={() => void api.removeMember(reviewId, m.userId).then(reload, fail)}
                  >
                    Remove
                  </button>
                )}
              </li>
            ))}
          </ul>
          <h3>Invite links</h3>
          {data.value[1].length === 0 ? (
            <p className="muted">No invite links yet.</p>
          ) : (
            <ul className="people">
              {data.value[1].map((i) => (
                <li key={i.id}>
                  {i.role}, created {new Date(i.createdAt).toLocaleString('en-GB')} —{' '}
                  {i.revokedAt
                    ? 'revoked'
                    : new Date(i.expiresAt) < new Date()
                      ? 'expired'
                      : `valid until ${new Date(i.expiresAt).toLocaleDateString('en-GB')}`}{' '}
                  {!i.revokedAt && (
                    <button
                      type="button"
                      className="link-button"
                      onClick={() => void api.revokeInvite(reviewId, i.id).then(reload, fail)}
                    >
                      Revoke (and remove everyone who joined with it)
                    </button>
                  )}
                </li>
              ))}
            </ul>
          )}
        </>
      )}
    </details>
  );
}
