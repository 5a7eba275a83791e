import type { AuditRecord } from './api.ts';

/** The latest administration changes, newest first. */
export function AuditSection({ entries }: { entries: AuditRecord[] }) {
  return (
    <section aria-labelledby="audit-heading" className="admin-section">
      <h2 id="audit-heading">Audit trail</h2>
      {entries.length === 0 ? (
        <p className="empty">Nothing has been changed here yet.</p>
      ) : (
        <table className="admin-table">
          <caption className="visually-hidden">Administration changes, newest first</caption>
          <thead>
            <tr>
              <th scope="col">When</th>
              <th scope="col">Who</th>
              <th scope="col">What</th>
            </tr>
          </thead>
          <tbody>
            {entries.map((a) => (
              <tr key={a.seq}>
                <td>
                  <time dateTime={a.at}>{new Date(a.at).toLocaleString('en-GB')}</time>
                </td>
                <td>{a.actorName}</td>
                <td>{a.detail}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
