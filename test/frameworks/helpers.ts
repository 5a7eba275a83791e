import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readFrameworkFile } from '../../server/frameworks/files.ts';
import { flatItems, itemText } from '../../shared/framework/items.ts';
import type { Criterion, Framework } from '../../shared/framework/schema.ts';

export const frameworksDir = fileURLToPath(new URL('../../frameworks/', import.meta.url));
/** The texts the built-in frameworks were transcribed from (see its README). */
export const sourcesDir = fileURLToPath(new URL('../../frameworks/sources/', import.meta.url));

/** Load a built-in framework through the same validator the server uses at start-up. */
export function loadBuiltIn(file: string): Promise<Framework> {
  return readFrameworkFile(join(frameworksDir, file));
}

export { flatItems, itemText };

export function allCriteria(fw: Framework): Criterion[] {
  return fw.sections.flatMap((s) => s.criteria);
}

export function criterion(fw: Framework, id: string): Criterion {
  const found = allCriteria(fw).find((c) => c.id === id);
  if (!found) throw new Error(`no criterion "${id}" in ${fw.id}`);
  return found;
}

/** The descriptor of one cell as a single string (bullets, and sub-bullets after theirs, joined by newlines). */
export function cell(fw: Framework, criterionId: string, levelId: string): string {
  return flatItems(criterion(fw, criterionId).descriptors[levelId]).map(itemText).join('\n');
}

/** Whitespace-insensitive containment, since the sources wrap lines arbitrarily. */
export function normalise(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}
