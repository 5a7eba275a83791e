import { readFile } from 'node:fs/promises';
import { afterEach, describe, expect, it } from 'vitest';
import { FrameworkParserThread, ParseRefused } from './parse-off-thread.ts';

const pmqs = await readFile(new URL('../../frameworks/pmqs-3.yaml', import.meta.url), 'utf8');
const threads: FrameworkParserThread[] = [];
const thread = (options?: ConstructorParameters<typeof FrameworkParserThread>[0]) => {
  const t = new FrameworkParserThread(options);
  threads.push(t);
  return t;
};

afterEach(async () => {
  for (const t of threads.splice(0)) await t.close();
});

describe('the framework parsing thread', () => {
  it('answers with what is stored: the JSON, its hash and the summary, or every fault', async () => {
    const t = thread();
    const ok = await t.prepare(pmqs, 'pmqs-3.yaml');
    expect(ok).toMatchObject({ ok: true, id: 'pmqs-3', version: 1, summary: { id: 'pmqs-3', source: 'upload' } });
    if (!ok.ok) throw new Error('expected a framework');
    expect((JSON.parse(ok.body) as { id: string }).id).toBe('pmqs-3');
    expect(ok.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(await t.prepare('id: x\n', 'x.yaml')).toMatchObject({ ok: false, file: 'x.yaml' });
  });

  it('gives up on a check that takes too long, and starts afresh for the next one', async () => {
    const t = thread({ timeoutMs: 1 });
    const refused = t.prepare(pmqs, 'pmqs-3.yaml');
    await expect(refused).rejects.toBeInstanceOf(ParseRefused);
    await expect(refused).rejects.toThrow('checking the file took over 0.001 s; simplify it');
    // The abandoned thread was terminated; the next upload gets a new one, and an answer.
    await expect(t.prepare(pmqs, 'pmqs-3.yaml')).rejects.toBeInstanceOf(ParseRefused);
  });
});
