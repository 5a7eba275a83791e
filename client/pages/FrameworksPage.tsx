import { useState } from 'react';
import { Link } from 'wouter';
import { api, ApiError, type Me } from '../api.ts';
import { FrameworkCards } from '../framework/FrameworkCards.tsx';
import { useSession } from '../session.ts';
import { useAsync } from '../useAsync.ts';

type UploadState =
  | { status: 'idle' }
  | { status: 'busy' }
  | { status: 'done'; id: string; title: string }
  | { status: 'error'; message: string; issues: { path: string; message: string }[] };

/** Where this person may publish: everyone (administrators) and the workspaces they own. */
export function uploadScopes(me: Me): { value: string; label: string }[] {
  const workspaces = me.workspaces.filter((w) => me.user.isAdmin || w.role === 'owner');
  return [
    ...(me.user.isAdmin ? [{ value: '', label: 'Every workspace' }] : []),
    ...workspaces.map((w) => ({ value: w.id, label: `${w.name} only` })),
  ];
}

function Upload({ onUploaded, scopes }: { onUploaded: () => void; scopes: { value: string; label: string }[] }) {
  const [state, setState] = useState<UploadState>({ status: 'idle' });
  return (
    <form
      className="card upload"
      aria-labelledby="upload-heading"
      onSubmit={(e) => {
        e.preventDefault();
        const file = (e.currentTarget.elements.namedItem('file') as HTMLInputElement).files?.[0];
        if (!file) return;
        const scope = (e.currentTarget.elements.namedItem('scope') as HTMLSelectElement).value || null;
        setState({ status: 'busy' });
        const type = file.name.endsWith('.json') ? 'application/json' : 'application/yaml';
        file
          .text()
          .then((text) => api.uploadFramework(text, file.name, type, scope))
          .then((fw) => {
            setState({ status: 'done', id: fw.id, title: fw.title });
            onUploaded();
          })
          .catch((err: unknown) =>
            setState({
              status: 'error',
              message: err instanceof ApiError ? err.message : 'Could not reach the server. Try again.',
              issues: err instanceof ApiError ? err.issues : [],
            }),
          );
      }}
    >
      <h2 id="upload-heading">Upload a framework</h2>
      <p className="muted">
        A YAML or JSON file in Bestfit's framework format (<a href="https://json-schema.org">JSON Schema</a> in{' '}
        <code>docs/framework.schema.json</code>). It is checked in full before anything is stored.
      </p>
      <label>
        Framework file <input type="file" name="file" accept=".yaml,.yml,.json" required />
      </label>
      <label>
        For{' '}
        <select name="scope" defaultValue={scopes[0]?.value}>
          {scopes.map((s) => (
            <option key={s.value} value={s.value}>
              {s.label}
            </option>
          ))}
        </select>
      </label>
      <button type="submit" className="primary" disabled={state.status === 'busy'}>
        {state.status === 'busy' ? 'Checking…' : 'Upload'}
      </button>
      {state.status === 'done' && (
        <p role="status">
          Uploaded <Link href={`/frameworks/${state.id}`}>{state.title}</Link>.
        </p>
      )}
      {state.status === 'error' && (
        <div role="alert" className="error">
          <p>
            Not uploaded — nothing was stored.{' '}
            {state.issues.length > 1 ? `${state.issues.length} problems:` : state.message}
          </p>
          {state.issues.length > 1 && (
            <ul className="issues">
              {state.issues.map((i, n) => (
                <li key={n}>
                  <code>{i.path}</code>: {i.message}
                </li>
              ))}
            </ul>
          )}
        </div>
      )}
    </form>
  );
}

export function FrameworksPage() {
  const { me } = useSession();
  const [state, reload] = useAsync(() => api.frameworks(), [], { keepLast: true });
  const scopes = uploadScopes(me);
  const workspaceNames = new Map(me.workspaces.map((w) => [w.id, w.name]));
  return (
    <div className="home">
      <h1>Framework library</h1>
      {state.status === 'loading' && <p aria-busy="true">Loading frameworks…</p>}
      {state.status === 'error' && <p role="alert">Could not load frameworks: {state.error.message}</p>}
      {state.status === 'ready' && (
        <FrameworkCards frameworks={state.value} workspaceNames={workspaceNames} onChanged={reload} />
      )}
      {scopes.length > 0 ? (
        <>
          <p>
            <Link href="/new-framework">Write a new framework</Link> in the editor, or open a framework and adapt it.
          </p>
          <Upload onUploaded={reload} scopes={scopes} />
        </>
      ) : (
        <p className="muted">Administrators and workspace owners can add frameworks to the library.</p>
      )}
    </div>
  );
}
