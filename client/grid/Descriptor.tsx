import type { DescriptorItem } from '../../shared/framework/schema.ts';

/** A descriptor's bullets; critical items (the source's bold) are marked for sighted and screen-reader users. */
export function Descriptor({ items }: { items: readonly DescriptorItem[] }) {
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
            {item.note && <span className="note"> ({item.note})</span>}
          </li>
        ),
      )}
    </ul>
  );
}
