// Writes docs/framework.schema.json from the zod schema, for editors that validate YAML as you type.
import { writeFile } from 'node:fs/promises';
import { frameworkJsonSchema } from '../frameworks/json-schema.ts';

const path = new URL('../../docs/framework.schema.json', import.meta.url);
await writeFile(path, `${JSON.stringify(frameworkJsonSchema(), null, 2)}\n`);
console.log(`wrote ${path.pathname}`);
