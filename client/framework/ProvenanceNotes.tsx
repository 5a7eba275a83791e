import type { Framework } from '../../shared/framework/schema.ts';

/** How the framework was transcribed from its source: the notes, and every section left out. */
export function ProvenanceNotes({ framework }: { framework: Framework }) {
  const { notes, omitted } = framework.provenance;
  if (!notes && !omitted?.length) return null;
  return (
    <details className="rules-more provenance-notes">
      <summary>
        About this transcription
        {omitted?.length
          ? ` (${omitted.length} ${omitted.length === 1 ? 'section' : 'sections'} of the source left out)`
          : ''}
      </summary>
      {notes && <p>{notes}</p>}
      {omitted && omitted.length > 0 && (
        <>
          <h3>Left out of the source</h3>
          <ul>
            {omitted.map((o, i) => (
              <li key={i}>
                <strong>{o.section}</strong> — {o.reason}
              </li>
            ))}
          </ul>
        </>
      )}
    </details>
  );
}
