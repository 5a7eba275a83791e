/**
 * Framework files and bodies built to stall a server that parses without limits (issue 10,
 * finding 3). Used by the upload tests and by the bench's hostile-upload scenario.
 */

export interface HostileInput {
  name: string;
  /** Where to send it: the framework upload, or an endpoint that needs no sign-in. */
  path: string;
  contentType: string;
  body: string;
  /** The answer it must get (as an administrator, for uploads), message in full. */
  expected: { status: number; message: string };
}

const tooLarge = { status: 413, message: 'framework file over 256 KiB' };
const tooDeepJson = { status: 400, message: 'request body: JSON nested deeper than 64 levels (at character 65)' };

const header = (id: string) => `id: ${id}
version: 1
title: Hostile ${id}
provenance: { title: Generated }
scale: { label: Rating, levels: [{ id: a, label: A, value: 1 }, { id: b, label: B, value: 2 }] }
`;

/** `criteria` criteria, and `rules` rules whose criteria lists are all one aliased id list. */
export function aliasedCriteria(criteria: number, rules: number): string {
  const ids = Array.from({ length: criteria }, (_, i) => `c${i.toString(36)}`);
  const rule = `{ kind: any-condition, level: b, text: t, conditions: [x], criteria: `;
  const lines = [header(`aliased-${criteria}`), 'rules:', `  - ${rule}&ids [${ids.join(', ')}] }`];
  for (let r = 1; r < rules; r++) lines.push(`  - ${rule}*ids }`);
  lines.push('sections:', '  - id: s', '    title: S', '    criteria:');
  for (const id of ids) lines.push(`      - { id: ${id}, title: T, descriptors: { a: [d] } }`);
  return lines.join('\n') + '\n';
}

/** `depth` nested YAML flow sequences: `[[[…]]]`. */
export const deepFlow = (depth: number): string => '['.repeat(depth) + ']'.repeat(depth);

/** `depth` nested block sequences on one line: `- - - … x`. */
export const deepBlock = (depth: number): string => '- '.repeat(depth) + 'x\n';

/** The classic alias bomb: nine levels of ten aliases each, 10⁹ strings once expanded. */
export function billionLaughs(): string {
  const lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
  const names = 'abcdefghi';
  for (let i = 1; i < names.length; i++) {
    const prev = names[i - 1]!;
    lines.push(`${names[i]}: &${names[i]} [${Array(10).fill(`*${prev}`).join(',')}]`);
  }
  return lines.join('\n') + '\n';
}

/** `depth` nested JSON arrays. */
export const deepJson = (depth: number): string => '['.repeat(depth) + ']'.repeat(depth);

/** The inputs of the issue, as sent by the bench (each must be answered 400 or 413, quickly). */
export function hostileInputs(): HostileInput[] {
  const upload = '/api/frameworks?filename=hostile.yaml' as const;
  const yaml = 'application/yaml';
  return [
    {
      name: '12,000 criteria, rules aliasing one id list',
      path: upload,
      contentType: yaml,
      body: aliasedCriteria(12_000, 50),
      expected: tooLarge,
    },
    {
      // Within every cap, so it is checked in full and stored: the reference check at work.
      name: '1,000 criteria, 80 rules aliasing the id list (valid)',
      path: upload,
      contentType: yaml,
      body: aliasedCriteria(1_000, 80),
      expected: { status: 201, message: '' },
    },
    {
      name: '400k-deep YAML flow sequence',
      path: upload,
      contentType: yaml,
      body: deepFlow(400_000),
      expected: tooLarge,
    },
    {
      name: '100k-deep YAML flow sequence',
      path: upload,
      contentType: yaml,
      body: deepFlow(100_000),
      expected: {
        status: 400,
        message: 'hostile.yaml: line 1, column 33: nested deeper than 32 levels; a framework needs about 10',
      },
    },
    {
      name: 'billion laughs',
      path: upload,
      contentType: yaml,
      body: billionLaughs(),
      expected: {
        status: 400,
        message:
          'hostile.yaml: (aliases): aliases (*name) expand too far: more than 100 copies; write the repeated content out or use fewer aliases',
      },
    },
    {
      name: '400k-deep JSON body, signed out',
      path: '/api/auth/login',
      contentType: 'application/json',
      body: deepJson(400_000),
      expected: tooDeepJson,
    },
    {
      name: '400k-deep JSON framework upload',
      path: upload,
      contentType: 'application/json',
      body: deepJson(400_000),
      expected: tooDeepJson,
    },
  ];
}
