import { useState } from 'react';
import { Link } from 'wouter';
import { api, ApiError, type FrameworkSummary } from '../api.ts';

/** Retire, after a second click that says what it does. */
function RetireButton({ framework, onRetired }: { framework: FrameworkSummary; onRetired: () => void }) {
  const [step, setStep] = useState<'idle' | 'confirm' | 'busy'>('idle');
  const [error, setError] = useState<string | null>(null);
  if (step === 'idle')
    return (
      <button type="button" onClick={() => setStep('confirm')}>
        Retire
      </button>
    );
  return (
    <div role="group" aria-label={`Retire ${framework.title}`} className="confirm-retire">
      <p>Retire “{framework.title}”? New reviews can no longer use it; reviews already made from it keep it.</p>
      <button
        type="button"
        className="primary"
        disabled={step === 'busy'}
        onClick={() => {
          setStep('busy');
          api
            .retireFramework(framework.id)
            .then(onRetired)
            .catch((err: unknown) => {
              setError(err instanceof ApiError ? err.message : 'Could not reach the server. Try again.');
              setStep('confirm');
            });
        }}
      >
        Retire it
      </button>{' '}
      <button type="button" onClick={() => setStep('idle')} disabled={step === 'busy'}>
        Cancel
      </button>
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
    </div>
  );
}

export function FrameworkCards({
  frameworks,
  workspaceNames = new Map(),
  onChanged,
}: {
  frameworks: FrameworkSummary[];
  /** Names of the viewer's workspaces, to say where an upload belongs. */
  workspaceNames?: Map<string, string>;
  /** Given where the list can refresh itself (the library page): offers Retire to those who may. */
  onChanged?: () => void;
}) {
  if (frameworks.length === 0) return <p className="empty">No frameworks yet.</p>;
  return (
    <ul className="framework-list">
      {frameworks.map((f) => (
        <li key={f.id} className="card" data-framework={f.id}>
          <h3>
            <Link href={`/frameworks/${f.id}`}>{f.title}</Link>
          </h3>
          {f.audience && <p className="muted">{f.audience}</p>}
          <p>
            {f.sections} sections · {f.criteria} criteria · levels: {f.levels.join(', ')}
            {f.phases.length > 0 && <> · phases: {f.phases.join(', ')}</>} · version {f.version}
            {f.source === 'upload' &&
              (f.workspaceId ? (
                <> · uploaded to {workspaceNames.get(f.workspaceId) ?? 'a workspace'} only</>
              ) : (
                <> · uploaded for every workspace</>
              ))}
          </p>
          {f.retirable && onChanged && <RetireButton framework={f} onRetired={onChanged} />}
        </li>
      ))}
    </ul>
  );
}
