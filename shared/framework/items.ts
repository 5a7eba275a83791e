import type { DescriptorItem, DescriptorSubItem } from './schema.ts';

/** An item's own text, without its sub-bullets. */
export const itemText = (item: DescriptorItem | DescriptorSubItem): string =>
  typeof item === 'string' ? item : item.text;

/** An item's sub-bullets ("with the expectation that:" followed by points); none for most items. */
export const subItemsOf = (item: DescriptorItem): readonly DescriptorSubItem[] =>
  typeof item === 'string' || !('items' in item) ? [] : (item.items ?? []);

/**
 * Items flattened in reading order (each bullet, then its sub-bullets), for code that needs plain
 * statements: text searches, exports as lines, counts.
 */
export function flatItems(items: readonly DescriptorItem[] | undefined): (DescriptorItem | DescriptorSubItem)[] {
  return (items ?? []).flatMap((item) => [item, ...subItemsOf(item)]);
}

/** All the text of an item, its sub-bullets indented on the lines after it. */
export function itemFullText(item: DescriptorItem, indent = '  • '): string {
  return [itemText(item), ...subItemsOf(item).map((s) => indent + itemText(s))].join('\n');
}

/** A critical mark the transcription inferred (rather than one the source states). */
export const isInferredCritical = (item: DescriptorItem): boolean =>
  typeof item !== 'string' && item.critical === true && item.criticalBasis?.source === 'inferred';
