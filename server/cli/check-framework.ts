// Validates framework files: `npm run check:framework -- frameworks/*.yaml`.
import { readFrameworkFile } from '../frameworks/files.ts';

let failed = false;
for (const path of process.argv.slice(2)) {
  try {
    const fw = await readFrameworkFile(path);
    const criteria = fw.sections.reduce((n, s) => n + s.criteria.length, 0);
    console.log(`${path}: ok — ${fw.sections.length} sections, ${criteria} criteria, ${fw.scale.levels.length} levels`);
  } catch (error) {
    failed = true;
    console.error(error instanceof Error ? error.message : error);
  }
}
process.exitCode = failed ? 1 : 0;
