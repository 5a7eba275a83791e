import { formText } from '../useAsync.ts';
import type { Person, WorkspaceRole, WorkspaceSummary } from './api.ts';
import { adminApi } from './api.ts';
import { ConfirmButton } from './ConfirmButton.tsx';
import type { ActionState } from './useAction.ts';
import { ColumnHeads } from '../components/ColumnHeads.tsx';

/** Workspaces (partnerships, LAs): create, rename, members, remove. */
export function WorkspacesSection({
  workspaces,
  people,
  action,
}: {
  workspaces: WorkspaceSummary[];
  people: Person[];
  action: ActionState;
}) {
  return (
    <section aria-labelledby="workspaces-heading" className="admin-section">
      <h2 id="workspaces-heading">Workspaces</h2>
      <p className="muted">Members of a workspace may start reviews in it; owners and members differ only in name.</p>
      <form
        className="admin-form"
        onSubmit={(e) => {
          e.preventDefault();
          const form = e.currentTarget;
          const name = formText(new FormData(form), 'name').trim();
          action.run(async () => {
            await adminApi.createWorkspace(name);
            form.reset();
          }, `Workspace "${name}" created.`);
        }}
      >
        <label>
          New workspace name <input name="name" required maxLength={100} />
        </label>
        <button type="submit">Create workspace</button>
      </form>
      {workspaces.length === 0 ? (
        <p className="empty">No workspaces yet. Create one above, then add the people who may start reviews in it.</p>
      ) : (
        workspaces.map((w) => <WorkspaceCard key={w.id} workspace={w} people={people} action={action} />)
      )}
    </section>
  );
}

function WorkspaceCard({
  workspace: w,
  people,
  action,
}: {
  workspace: WorkspaceSummary;
  people: Person[];
  action: ActionState;
}) {
  const outside = people.filter((p) => !p.disabledAt && !w.members.some((m) => m.userId === p.id));
  return (
    <article className="card admin-card" aria-labelledby={`workspace-${w.id}`}>
      <h3 id={`workspace-${w.id}`}>{w.name}</h3>
      <p className="muted">
        {w.reviews === 1 ? '1 review' : `${w.reviews} reviews`} · {w.members.length}{' '}
        {w.members.length === 1 ? 'member' : 'members'}
      </p>
      {w.members.length === 0 ? (
        <p className="empty">No members yet.</p>
      ) : (
        <table className="admin-table">
          <caption className="visually-hidden">Members of {w.name}</caption>
          <ColumnHeads names={['Name', 'Email', 'Role']} />
          <tbody>
            {w.members.map((m) => (
              <tr key={m.userId}>
                <th scope="row">{m.name}</th>
                <td>{m.email}</td>
                <td>
                  <select
                    aria-label={`Role of ${m.name} in ${w.name}`}
                    value={m.role}
                    onChange={(e) => {
                      const role = e.currentTarget.value as WorkspaceRole;
                      action.run(
                        () => adminApi.setMember(w.id, m.userId, role),
                        `${m.name} is now ${role} of ${w.name}.`,
                      );
                    }}
                  >
                    <option value="owner">Owner</option>
                    <option value="member">Member</option>
                  </select>
                </td>
                <td>
                  <ConfirmButton
                    label={`Remove ${m.name}`}
                    title={`Remove ${m.name} from ${w.name}?`}
                    confirmLabel="Remove from workspace"
                    onConfirm={() =>
                      action.run(() => adminApi.removeMember(w.id, m.userId), `${m.name} removed from ${w.name}.`)
                    }
                  >
                    <p>
                      They will no longer be able to start reviews in {w.name}. Reviews they are already in are not
                      affected.
                    </p>
                  </ConfirmButton>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <form
        className="admin-form"
        onSubmit={(e) => {
          e.preventDefault();
          const d = new FormData(e.currentTarget);
          const person = people.find((p) => p.id === formText(d, 'userId'));
          const role = formText(d, 'role') as WorkspaceRole;
          if (!person) return;
          action.run(() => adminApi.setMember(w.id, person.id, role), `${person.name} added to ${w.name} as ${role}.`);
        }}
      >
        <label>
          Add to {w.name}{' '}
          <select name="userId" required defaultValue="">
            <option value="" disabled>
              {outside.length === 0 ? 'Everyone is already a member' : 'Choose a person'}
            </option>
            {outside.map((p) => (
              <option key={p.id} value={p.id}>
                {p.name} ({p.email})
              </option>
            ))}
          </select>
        </label>
        <label>
          as{' '}
          <select name="role" defaultValue="member">
            <option value="member">Member</option>
            <option value="owner">Owner</option>
          </select>
        </label>
        <button type="submit" disabled={outside.length === 0}>
          Add member
        </button>
      </form>
      <div className="admin-form">
        <form
          className="admin-form"
          onSubmit={(e) => {
            e.preventDefault();
            const name = formText(new FormData(e.currentTarget), 'name').trim();
            action.run(() => adminApi.renameWorkspace(w.id, name), `Workspace "${w.name}" renamed to "${name}".`);
          }}
        >
          <label>
            Rename {w.name} to <input name="name" required maxLength={100} defaultValue={w.name} />
          </label>
          <button type="submit">Rename</button>
        </form>
        <ConfirmButton
          label={`Remove workspace ${w.name}`}
          title={`Remove the workspace ${w.name}?`}
          confirmLabel="Remove workspace"
          onConfirm={() => action.run(() => adminApi.removeWorkspace(w.id), `Workspace "${w.name}" removed.`)}
        >
          <p>
            Its {w.members.length === 1 ? 'member' : `${w.members.length} members`} will no longer be able to start
            reviews in it. Its {w.reviews === 1 ? 'review stays' : `${w.reviews} reviews stay`}, with everyone in them,
            but in no workspace. This cannot be undone.
          </p>
        </ConfirmButton>
      </div>
    </article>
  );
}
