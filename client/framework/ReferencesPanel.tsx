import { Descriptor } from '../grid/Descriptor.tsx';
import type { Framework, Reference } from '../../shared/framework/schema.ts';

function Block({ block }: { block: Reference['blocks'][number] }) {
  switch (block.kind) {
    case 'paragraphs':
      return (
        <>
          {block.title && <h4>{block.title}</h4>}
          {block.items.map((p, i) => (
            <p key={i}>{p}</p>
          ))}
        </>
      );
    case 'list':
      return (
        <>
          {block.title && <h4>{block.title}</h4>}
          <Descriptor items={block.items} />
        </>
      );
    case 'table':
      return (
        <>
          {block.title && <h4>{block.title}</h4>}
          <div className="scroll-x">
            <table className="record-table">
              <thead>
                <tr>
                  {block.columns.map((c, i) => (
                    <th key={i} scope="col">
                      {c}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {block.rows.map((row, i) => (
                  <tr key={i}>
                    {row.map((cell, j) => (
                      <td key={j}>{cell}</td>
                    ))}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      );
  }
}

/** The source's supporting material (goals, triggers, data indicators), read-only. */
export function ReferencesPanel({ framework }: { framework: Framework }) {
  if (!framework.references?.length) return null;
  return (
    <section className="references" aria-labelledby="references-heading">
      <h2 id="references-heading">From the framework</h2>
      {framework.references.map((ref) => (
        <details key={ref.id} className="table-panel">
          <summary>
            <h3>{ref.title}</h3>
          </summary>
          {ref.blocks.map((block, i) => (
            <Block key={i} block={block} />
          ))}
        </details>
      ))}
    </section>
  );
}
