import { readFile, readdir } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { builtInFrameworkLimits } from '../../shared/framework/limits.ts';
import { formatIssues, parseFrameworkText } from '../../shared/framework/validate.ts';
import type { Framework } from '../../shared/framework/schema.ts';

export class FrameworkFileError extends Error {}

/** Read and validate one framework file; the error names the file, the path inside it and the fault. */
export async function readFrameworkFile(path: string): Promise<Framework> {
  const result = parseFrameworkText(await readFile(path, 'utf8'), basename(path), builtInFrameworkLimits);
  if (!result.ok) throw new FrameworkFileError(formatIssues(result.file, result.issues));
  return result.framework;
}

/** Every `.yaml`/`.yml`/`.json` framework in a folder, in name order. */
export async function readFrameworkFolder(dir: string): Promise<Framework[]> {
  const names = (await readdir(dir)).filter((n) => /\.(ya?ml|json)$/.test(n)).sort();
  return Promise.all(names.map((n) => readFrameworkFile(join(dir, n))));
}
