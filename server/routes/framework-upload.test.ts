import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { inProcessApp, type InProcessApp } from '../../test/helpers/app.ts';
import { makeUser } from '../../test/helpers/server.ts';

const frameworksDir = fileURLToPath(new URL('../../frameworks/', import.meta.url));

let t: InProcessApp;
/** An administrator, who may publish to every workspace. */
let adminToken: string;
const req = (path: string, init?: RequestInit) =>
  t.req(path, {
    ...init,
    headers: { authorization: `Bearer ${adminToken}`, ...(init?.headers as Record<string, string>) },
  });

beforeEach(async () => {
  t = await inProcessApp();
  adminToken = (await makeUser(t.store, 'Admin', { isAdmin: true })).token;
});

afterEach(() => t.close());

/** A valid framework to break in different ways: PMQS 3 under a new id. */
async function sample(): Promise<Record<string, unknown>> {
  const fw = parse(await readFile(`${frameworksDir}pmqs-3.yaml`, 'utf8')) as Record<string, unknown>;
  return { ...fw, id: 'uploaded-pmqs', title: 'Uploaded PMQS' };
}

const upload = (body: string, type = 'application/yaml', filename = 'mine.yaml') =>
  req(`/api/frameworks?filename=${filename}`, { method: 'POST', headers: { 'content-type': type }, body });

type ErrorBody = { error: { code: string; message: string; issues: { path: string; message: string }[] } };

async function frameworkIds(): Promise<string[]> {
  return ((await (await req('/api/frameworks')).json()) as { id: string }[]).map((f) => f.id).sort();
}

describe('framework upload', () => {
  it('stores a valid framework, YAML or JSON, and serves it', async () => {
    const fw = await sample();
    const res = await upload(stringify(fw));
    expect(res.status).toBe(201);
    expect(await frameworkIds()).toContain('uploaded-pmqs');
    const again = await upload(JSON.stringify(fw), 'application/json');
    expect(again.status).toBe(200);
    const got = (await (await req('/api/frameworks/uploaded-pmqs')).json()) as { title: string };
    expect(got.title).toBe('Uploaded PMQS');
  });

  it('refuses broken frameworks with the file, the path inside it and the fault, storing nothing', async () => {
    const before = await frameworkIds();
    const fw = await sample();
    const scale = fw.scale as { levels: Record<string, unknown>[] };
    const sections = fw.sections as { criteria: Record<string, unknown>[] }[];

    const missingLevelValue = structuredClone(fw);
    delete (missingLevelValue.scale as { levels: Record<string, unknown>[] }).levels[1]!.value;

    const descriptorOfMissingLevel = structuredClone(fw);
    const c0 = (descriptorOfMissingLevel.sections as { criteria: { descriptors: Record<string, string[]> }[] }[])[0]!
      .criteria[0]!;
    c0.descriptors['excellent'] = ['A level the scale does not have'];

    const unknownKey = structuredClone(fw);
    (unknownKey.sections as Record<string, unknown>[])[1]!.colour = 'red';

    const wrongType = { ...structuredClone(fw), version: 'two' };

    const cases: [string, Record<string, unknown>, string][] = [
      [
        'missing level field',
        missingLevelValue,
        'mine.yaml: scale.levels.1.value: Invalid input: expected number, received undefined',
      ],
      [
        'descriptor for a missing level',
        descriptorOfMissingLevel,
        `mine.yaml: sections.0.criteria.0.descriptors.excellent: "excellent" is not a level of the scale (${scale.levels.map((l) => l.id as string).join(', ')})`,
      ],
      ['unknown key', unknownKey, 'mine.yaml: sections.1: unknown key "colour"'],
      ['wrong type', wrongType, 'mine.yaml: version: Invalid input: expected number, received string'],
    ];
    for (const [what, body, message] of cases) {
      const res = await upload(stringify(body));
      expect(res.status, what).toBe(400);
      const error = ((await res.json()) as ErrorBody).error;
      expect(error.code, what).toBe('invalid_framework');
      expect(error.message, what).toBe(message);
    }
    expect(sections.length).toBeGreaterThan(1);

    const syntax = await upload('id: x\n  title: [unclosed');
    expect(syntax.status).toBe(400);
    expect(((await syntax.json()) as ErrorBody).error.message).toMatch(/^mine\.yaml: line \d+, column \d+: /);

    expect(await frameworkIds()).toEqual(before);
  });

  it('refuses a changed framework that keeps its version, and a wrong content type', async () => {
    const fw = await sample();
    expect((await upload(stringify(fw))).status).toBe(201);
    const res = await upload(stringify({ ...fw, title: 'Changed behind our back' }));
    expect(res.status).toBe(409);
    expect(((await res.json()) as ErrorBody).error.message).toContain('give the changed framework a new version');
    const bumped = await upload(stringify({ ...fw, title: 'Uploaded PMQS, revised', version: 2 }));
    expect(bumped.status).toBe(201);
    const latest = (await (await req('/api/frameworks/uploaded-pmqs')).json()) as { version: number };
    expect(latest.version).toBe(2);
    const v1 = (await (await req('/api/frameworks/uploaded-pmqs?version=1')).json()) as { title: string };
    expect(v1.title).toBe('Uploaded PMQS');

    const wrong = await req('/api/frameworks', {
      method: 'POST',
      headers: { 'content-type': 'image/png' },
      body: 'x',
    });
    expect(wrong.status).toBe(415);
  });
});
