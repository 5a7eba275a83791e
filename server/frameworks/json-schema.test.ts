import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { frameworkJsonSchema } from './json-schema.ts';

describe('docs/framework.schema.json', () => {
  it('matches the zod schema (run `npm run schema:json` after changing it)', async () => {
    const committed = JSON.parse(
      await readFile(new URL('../../docs/framework.schema.json', import.meta.url), 'utf8'),
    ) as unknown;
    expect(committed).toEqual(frameworkJsonSchema());
  });

  it('describes what a file may omit: tracks default, optional phases', () => {
    const schema = frameworkJsonSchema() as { required: string[]; additionalProperties: boolean };
    expect(schema.required).toEqual(
      expect.arrayContaining(['id', 'version', 'title', 'provenance', 'scale', 'sections']),
    );
    expect(schema.required).not.toContain('tracks');
    expect(schema.required).not.toContain('phases');
    expect(schema.additionalProperties).toBe(false);
  });
});
