import type { DescriptorItem } from '../../shared/framework/schema.ts';

/**
 * A descriptor's bullets; critical items (the source's bold) are marked for sighted and screen-reader users.
 * A note found in `footnotes` shows as its mark (the note printed once elsewhere), read in full by screen readers.
 */
export function Descriptor({
  items,
  footnotes,
}: {
  items: readonly DescriptorItem[];
  footnotes?: ReadonlyMap<string, string>;
}) {
  if (items.length === 0) return <span className="muted">No descriptor in the source</span>;
  return (
    <ul className="descriptor">
      {items.map((item, i) =>
        typeof item === 'string' ? (
          <li key={i}>{item}</li>
        ) : (
          <li key={i} className={item.critical ? 'critical' : undefined}>
            {item.critical && <span className="visually-hidden">Critical: </span>}
            {item.text}
            {item.note &&
              (footnotes?.has(item.note) ? (
                <>
                  <span className="note-mark" aria-hidden="true">
                    {footnotes.get(item.note)}
                  </span>
                  <span className="visually-hidden"> ({item.note})</span>
                </>
              ) : (
                <span className="note"> ({item.note})</span>
              ))}
          </li>
        ),
      )}
    </ul>
  );
}
