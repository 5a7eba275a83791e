import { useState } from 'react';
import type { Person } from './api.ts';
import { adminApi } from './api.ts';
import { ConfirmButton } from './ConfirmButton.tsx';
import type { ActionState } from './useAction.ts';
import { ColumnHeads } from '../components/ColumnHeads.tsx';

/** Everyone with an account: disable or enable, administration, password-reset links. */
export function PeopleSection({ people, myId, action }: { people: Person[]; myId: string; action: ActionState }) {
  const [link, setLink] = useState<{ name: string; url: string; expiresAt: string } | null>(null);
  return (
    <section aria-labelledby="people-heading" className="admin-section">
      <h2 id="people-heading">People</h2>
      {link && (
        <p className="invite-link">
          <label>
            Password-reset link for {link.name}, valid until {new Date(link.expiresAt).toLocaleString('en-GB')} and once
            only <input readOnly value={link.url} onFocus={(e) => e.currentTarget.select()} size={60} />
          </label>{' '}
          <button type="button" onClick={() => void navigator.clipboard?.writeText(link.url)}>
            Copy
          </button>
        </p>
      )}
      {people.length === 0 ? (
        <p className="empty">No one has an account yet.</p>
      ) : (
        <table className="admin-table">
          <caption className="visually-hidden">Everyone with an account</caption>
          <ColumnHeads names={['Name', 'Email', 'Workspaces', 'Status']} />
          <tbody>
            {people.map((p) => (
              <tr key={p.id} className={p.disabledAt ? 'disabled-person' : undefined}>
                <th scope="row">
                  {p.name}
                  {p.id === myId && <span className="muted"> (you)</span>}
                </th>
                <td>{p.email}</td>
                <td>{p.workspaces.length === 0 ? '—' : p.workspaces.map((w) => w.name).join(', ')}</td>
                <td>
                  {p.disabledAt ? 'Disabled' : 'Active'}
                  {p.isAdmin && ', administrator'}
                </td>
                <td className="admin-actions">
                  {p.id !== myId &&
                    (p.disabledAt ? (
                      <button
                        type="button"
                        className="link-button"
                        onClick={() =>
                          action.run(() => adminApi.updatePerson(p.id, { disabled: false }), `${p.name} enabled.`)
                        }
                      >
                        Enable {p.name}
                      </button>
                    ) : (
                      <ConfirmButton
                        label={`Disable ${p.name}`}
                        title={`Disable ${p.name}'s account?`}
                        confirmLabel="Disable account"
                        onConfirm={() =>
                          action.run(() => adminApi.updatePerson(p.id, { disabled: true }), `${p.name} disabled.`)
                        }
                      >
                        <p>
                          They are signed out everywhere, their API tokens stop working and any review they have open
                          closes at once with a message. Their ratings and comments stay. You can enable the account
                          again later.
                        </p>
                      </ConfirmButton>
                    ))}
                  {p.id !== myId &&
                    !p.disabledAt &&
                    (p.isAdmin ? (
                      <ConfirmButton
                        label={`Remove administration from ${p.name}`}
                        title={`Remove administration from ${p.name}?`}
                        confirmLabel="Remove administration"
                        onConfirm={() =>
                          action.run(
                            () => adminApi.updatePerson(p.id, { isAdmin: false }),
                            `${p.name} is no longer an administrator.`,
                          )
                        }
                      >
                        <p>They will no longer see this page or change workspaces and accounts.</p>
                      </ConfirmButton>
                    ) : (
                      <button
                        type="button"
                        className="link-button"
                        onClick={() =>
                          action.run(
                            () => adminApi.updatePerson(p.id, { isAdmin: true }),
                            `${p.name} is now an administrator.`,
                          )
                        }
                      >
                        Make {p.name} an administrator
                      </button>
                    ))}
                  {!p.disabledAt && (
                    <button
                      type="button"
                      className="link-button"
                      onClick={() =>
                        action.run(async () => {
                          const made = await adminApi.resetLink(p.id);
                          setLink({ name: p.name, ...made });
                        }, `Password-reset link created for ${p.name}; earlier links for them no longer work.`)
                      }
                    >
                      Password-reset link for {p.name}
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
