import { Link } from 'wouter';
import type { Framework } from '../../shared/framework/schema.ts';
import { api } from '../api.ts';
import { useSession } from '../session.ts';
import { useAsync } from '../useAsync.ts';

/** On a framework's page: edit (a new version) or adapt it, its versions, and its YAML. */
export function FrameworkActions({ framework }: { framework: Framework }) {
  const { me } = useSession();
  const [versions] = useAsync(() => api.frameworkVersions(framework.id), [framework.id]);
  const mayWrite = me.user.isAdmin || me.workspaces.some((w) => w.role === 'owner');
  const editable = versions.status === 'ready' && versions.value.editable;
  const base = `/frameworks/${encodeURIComponent(framework.id)}`;
  return (
    <nav className="toolbar framework-actions" aria-label="This framework">
      {mayWrite && versions.status === 'ready' && (
        <Link href={`${base}/edit`} className="button-link">
          {editable ? 'Edit: save a new version' : 'Adapt this framework'}
        </Link>
      )}
      <Link href={`${base}/versions`}>Versions and changes</Link>
      <button type="button" className="link-button" onClick={() => void downloadFramework(framework)}>
        Download YAML
      </button>
    </nav>
  );
}

/** The YAML writer loads only when someone downloads: it stays out of the first page's code. */
async function downloadFramework(framework: Framework): Promise<void> {
  const { downloadYaml } = await import('./draft.ts');
  downloadYaml(framework);
}
