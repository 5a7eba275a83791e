import { Link } from 'wouter';
import { api, type Me } from '../api.ts';
import { usePageTitle } from '../components/page-title.ts';
import { blankFramework, slug, type Draft } from '../framework-editor/draft.ts';
import { FrameworkEditor, type EditorSetup } from '../framework-editor/FrameworkEditor.tsx';
import { useSession } from '../session.ts';
import { useAsync } from '../useAsync.ts';
import { uploadScopes } from './FrameworksPage.tsx';

/** A new id for an adapted framework: "<id>-<workspace>", which its author may rename. */
function adaptedId(id: string, me: Me, scope: string): string {
  const workspace = me.workspaces.find((w) => w.id === scope);
  return `${id}-${slug(workspace?.name ?? 'local')}`;
}

async function setupFor(me: Me, frameworkId: string | null): Promise<EditorSetup> {
  const scopes = uploadScopes(me);
  if (frameworkId === null) return { draft: blankFramework(), mode: 'new', scopes };
  const [framework, versions] = await Promise.all([api.framework(frameworkId), api.frameworkVersions(frameworkId)]);
  const from = { id: framework.id, version: framework.version, title: framework.title };
  const draft = framework as unknown as Draft;
  if (versions.editable) {
    const scope = scopes.find((s) => s.value === (versions.workspaceId ?? '')) ?? {
      value: versions.workspaceId ?? '',
      label: versions.workspaceId ? 'its workspace' : 'Every workspace',
    };
    return { draft: { ...draft, version: versions.latest + 1 }, mode: 'version', scopes: [scope], from };
  }
  // A built-in (or someone else's) framework is adapted under an id of its own, from version 1.
  // Workspace scopes first: adapting is most often for one's own partnership.
  const ordered = [...scopes.filter((s) => s.value), ...scopes.filter((s) => !s.value)];
  const title = `${framework.title} (adapted)`;
  return {
    draft: { ...draft, id: adaptedId(framework.id, me, ordered[0]?.value ?? ''), version: 1, title },
    mode: 'new',
    scopes: ordered,
    from,
  };
}

/** The framework editor: a new version of an upload, an adaptation of any framework, or a blank one. */
export function FrameworkEditorPage({ frameworkId }: { frameworkId: string | null }) {
  const { me } = useSession();
  // Keyed by the person, not the session object: a session refresh must not throw away the draft.
  const [state] = useAsync(() => setupFor(me, frameworkId), [me.user.id, frameworkId]);
  usePageTitle('Framework editor');
  const mayPublish = uploadScopes(me).length > 0;
  if (!mayPublish)
    return (
      <section className="empty">
        <h1>Framework editor</h1>
        <p>Administrators and workspace owners can write frameworks. Ask one of them to add or change a framework.</p>
        <p>
          <Link href="/frameworks">Back to the framework library</Link>
        </p>
      </section>
    );
  if (state.status === 'loading') return <p aria-busy="true">Loading the framework…</p>;
  if (state.status === 'error')
    return (
      <section className="empty">
        <h1>This framework could not be opened</h1>
        <p role="alert">{state.error.message}</p>
        <p>
          <Link href="/frameworks">Back to the framework library</Link>
        </p>
      </section>
    );
  const setup = state.value;
  return (
    <>
      <p className="breadcrumb">
        <Link href="/frameworks">Frameworks</Link>
        {setup.from && (
          <>
            {' '}
            / <Link href={`/frameworks/${encodeURIComponent(setup.from.id)}`}>{setup.from.title}</Link>
          </>
        )}{' '}
        / editor
      </p>
      <h1>
        {setup.mode === 'version'
          ? `New version of ${setup.from?.title ?? 'the framework'}`
          : setup.from
            ? `Adapt ${setup.from.title}`
            : 'New framework'}
      </h1>
      <p className="muted">
        Changes are checked as you type, with the same messages as an upload. Saving stores a new version; reviews
        already made keep the version they were made from.
      </p>
      <FrameworkEditor setup={setup} />
    </>
  );
}
