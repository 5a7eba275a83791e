import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { frameworksDir, loadBuiltIn, sourcesDir } from './helpers.ts';

const builtIns = readdirSync(frameworksDir).filter((n) => /\.(ya?ml|json)$/.test(n));
const sourceFiles = readdirSync(sourcesDir).filter((n) => n.endsWith('.txt'));
const readme = readFileSync(join(sourcesDir, 'README.md'), 'utf8');

describe('frameworks/sources', () => {
  it.each(builtIns)('%s names a source text shipped in the repository', async (file) => {
    const fw = await loadBuiltIn(file);
    expect(sourceFiles).toContain(fw.provenance.source);
  });

  it.each(sourceFiles)('%s is listed, with the framework made from it, in the README', (file) => {
    const row = readme.split('\n').find((line) => line.includes(`\`${file}\``));
    expect(row).toBeDefined();
    expect(builtIns.some((fw) => row!.includes(`\`${fw}\``))).toBe(true);
  });
});
