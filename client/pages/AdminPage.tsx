import { useEffect } from 'react';
import { AuditSection } from '../admin/AuditSection.tsx';
import { PeopleSection } from '../admin/PeopleSection.tsx';
import { RecoverySection } from '../admin/RecoverySection.tsx';
import { UploadsSection } from '../admin/UploadsSection.tsx';
import { useAction } from '../admin/useAction.ts';
import { useAdminData } from '../admin/useAdminData.ts';
import { WorkspacesSection } from '../admin/WorkspacesSection.tsx';
import { useSession } from '../session.ts';

/** /admin: workspaces, people, orphaned reviews and uploaded frameworks, for administrators; every change is in the audit trail. */
export function AdminPage() {
  const { me } = useSession();
  useEffect(() => {
    const before = document.title;
    document.title = 'Administration — Bestfit';
    return () => {
      document.title = before;
    };
  }, []);
  const [data, reload] = useAdminData(me.user.isAdmin);
  const action = useAction(reload);

  if (!me.user.isAdmin) {
    return (
      <section className="empty">
        <h1>Administration</h1>
        <p role="alert">Only an administrator can see this page.</p>
      </section>
    );
  }
  return (
    <div className="admin">
      <h1>Administration</h1>
      <div aria-live="polite" className="admin-status">
        {action.done && <p className="notice">{action.done}</p>}
      </div>
      {action.failed && (
        <p role="alert" className="error">
          {action.failed}
        </p>
      )}
      {data.status === 'loading' && <p aria-busy="true">Loading…</p>}
      {data.status === 'error' && <p role="alert">Could not load the administration pages: {data.error.message}</p>}
      {data.status === 'ready' && (
        <>
          <WorkspacesSection workspaces={data.value.workspaces} people={data.value.people} action={action} />
          <PeopleSection people={data.value.people} myId={me.user.id} action={action} />
          <RecoverySection reviews={data.value.orphaned} people={data.value.people} action={action} />
          <UploadsSection uploads={data.value.uploads} action={action} />
          <AuditSection entries={data.value.audit} />
        </>
      )}
    </div>
  );
}
