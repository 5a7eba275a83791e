import { z } from 'zod';
import { frameworkSchema } from '../../shared/framework/schema.ts';

/** The framework format as JSON Schema (what a file may contain, before defaults are applied). */
export function frameworkJsonSchema(): Record<string, unknown> {
  return {
    ...z.toJSONSchema(frameworkSchema, { io: 'input', target: 'draft-2020-12' }),
    $id: 'https://bestfit.local/framework.schema.json',
    title: 'Bestfit framework',
  };
}
