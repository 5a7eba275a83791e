import { memo } from 'react';
import type { DescriptorItem, DescriptorSubItem } from '../../shared/framework/schema.ts';
import { subItemsOf } from '../../shared/framework/items.ts';

/**
 * A critical mark the transcription inferred, labelled so: the tag is visible, the reason is in its
 * tooltip and read out to screen-reader users with the item.
 */
export function InferredTag({ why }: { why: string }) {
  return (
    <span className="inferred-tag" title={`Inferred as critical: ${why}`}>
      inferred<span className="visually-hidden"> as critical: {why}</span>
    </span>
  );
}

function SubItems({ items }: { items: readonly DescriptorSubItem[] }) {
  if (items.length === 0) return null;
  return (
    <ul className="descriptor-sub">
      {items.map((sub, j) =>
        typeof sub === 'string' ? (
          <li key={j}>{sub}</li>
        ) : (
          <li key={j}>
            {sub.text}
            {sub.note && <span className="note"> ({sub.note})</span>}
          </li>
        ),
      )}
    </ul>
  );
}

/**
 * A descriptor's bullets, sub-bullets nested under theirs; critical items (the source's bold) are
 * marked for sighted and screen-reader users, inferred ones tagged as such. A note found in
 * `footnotes` shows as its mark (the note printed once elsewhere), read in full by screen readers.
 * Memoised: a level cell renders when its selection flips, and its descriptor never changes with it.
 */
export const Descriptor = memo(function Descriptor({
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
            {item.critical && item.criticalBasis?.source === 'inferred' && (
              <>
                {' '}
                <InferredTag why={item.criticalBasis.why} />
              </>
            )}
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
            <SubItems items={subItemsOf(item)} />
          </li>
        ),
      )}
    </ul>
  );
});
