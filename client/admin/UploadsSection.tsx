import type { UploadedFramework } from './api.ts';
import { adminApi } from './api.ts';
import { ConfirmButton } from './ConfirmButton.tsx';
import type { ActionState } from './useAction.ts';
import { ColumnHeads } from '../components/ColumnHeads.tsx';

/** Frameworks people uploaded, in any workspace: retire one that should not start new reviews. */
export function UploadsSection({ uploads, action }: { uploads: UploadedFramework[]; action: ActionState }) {
  return (
    <section aria-labelledby="uploads-heading" className="admin-section">
      <h2 id="uploads-heading">Uploaded frameworks</h2>
      <p className="muted">
        Retiring a framework hides it from new reviews; reviews already made from it keep their version. Built-in
        frameworks are not listed.
      </p>
      {uploads.length === 0 ? (
        <p className="empty">No one has uploaded a framework.</p>
      ) : (
        <table className="admin-table">
          <caption className="visually-hidden">Uploaded frameworks</caption>
          <ColumnHeads names={['Framework', 'Published to', 'Uploaded', 'Status']} />
          <tbody>
            {uploads.map((f) => (
              <tr key={f.id} className={f.retiredAt ? 'disabled-person' : undefined}>
                <th scope="row">
                  {f.title}{' '}
                  <span className="muted">
                    ({f.id}, version {f.version})
                  </span>
                </th>
                <td>{f.workspaceId ? (f.workspaceName ?? 'a removed workspace') : 'Every workspace'}</td>
                <td>
                  <time dateTime={f.createdAt}>{new Date(f.createdAt).toLocaleDateString('en-GB')}</time>
                </td>
                <td>{f.retiredAt ? 'Retired' : 'In use'}</td>
                <td className="admin-actions">
                  {!f.retiredAt && (
                    <ConfirmButton
                      label={`Retire ${f.title}`}
                      title={`Retire “${f.title}”?`}
                      confirmLabel="Retire framework"
                      onConfirm={() => action.run(() => adminApi.retireFramework(f.id), `“${f.title}” retired.`)}
                    >
                      <p>New reviews can no longer use it. Reviews already made from it keep it and still open.</p>
                    </ConfirmButton>
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
