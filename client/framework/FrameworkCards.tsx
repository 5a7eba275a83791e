import { Link } from 'wouter';
import type { FrameworkSummary } from '../api.ts';

export function FrameworkCards({ frameworks }: { frameworks: FrameworkSummary[] }) {
  if (frameworks.length === 0) return <p className="empty">No frameworks yet. Upload one below.</p>;
  return (
    <ul className="framework-list">
      {frameworks.map((f) => (
        <li key={f.id} className="card">
          <h3>
            <Link href={`/frameworks/${f.id}`}>{f.title}</Link>
          </h3>
          {f.audience && <p className="muted">{f.audience}</p>}
          <p>
            {f.sections} sections · {f.criteria} criteria · levels: {f.levels.join(', ')}
            {f.phases.length > 0 && <> · phases: {f.phases.join(', ')}</>} · version {f.version}
            {f.source === 'upload' && <> · uploaded</>}
          </p>
        </li>
      ))}
    </ul>
  );
}
