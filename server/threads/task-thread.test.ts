import { getPriority, platform } from 'node:os';
import { afterEach, describe, expect, it } from 'vitest';
import { openThreadOptions } from '../collab/stored-review-thread.ts';
import { TaskThread, WAITED_ON_NICE, type TaskThreadOptions } from './task-thread.ts';

const errors: TaskThreadOptions['errors'] = {
  timeout: () => new Error('timeout'),
  outOfMemory: () => new Error('out of memory'),
  crashed: (message) => new Error(`crashed: ${message}`),
  stopped: () => new Error('stopped'),
};

const probe = (nice?: number) =>
  new TaskThread({
    entry: new URL('../cycles/summary-worker.mjs', import.meta.url),
    module: new URL('./nice-probe-task.ts', import.meta.url),
    maxHeapMb: 64,
    errors,
    ...(nice === undefined ? {} : { nice }),
  });

const started: TaskThread[] = [];
afterEach(async () => {
  await Promise.all(started.splice(0).map((t) => t.close()));
});

const niceOf = async (nice?: number) => {
  const thread = probe(nice);
  started.push(thread);
  return (await thread.run({ task: {} })) as number;
};

// Nice values are per thread on Linux only; elsewhere the entries leave the priority alone.
describe.runIf(platform() === 'linux')('a task thread’s priority', () => {
  it('runs in the background (nice 19) unless told otherwise', async () => {
    expect(await niceOf()).toBe(19);
  });

  it('runs at the server’s own priority when a person is waiting on it, never asking to go above it', async () => {
    expect(await niceOf(0)).toBe(Math.max(0, getPriority()));
    expect(await niceOf(7)).toBe(Math.max(7, getPriority()));
  });

  it('opens stored reviews above the background priority: a joiner waits on them', () => {
    expect(openThreadOptions.nice).toBe(WAITED_ON_NICE);
    expect(WAITED_ON_NICE).toBeLessThan(19);
  });
});

describe('prestart', () => {
  const loadedAtThread = () => {
    const thread = new TaskThread({
      entry: new URL('../cycles/summary-worker.mjs', import.meta.url),
      module: new URL('./loaded-at-task.ts', import.meta.url),
      maxHeapMb: 64,
      errors,
    });
    started.push(thread);
    return thread;
  };

  it('has the thread ready before the first task, which then runs on it', async () => {
    const thread = loadedAtThread();
    await thread.prestart();
    const asked = Date.now();
    const loadedAt = (await thread.run({ task: {} })) as number;
    expect(loadedAt).toBeLessThanOrEqual(asked);
    await thread.prestart();
    expect(await thread.run({ task: {} })).toBe(loadedAt);
  });

  it('settles without throwing when the thread cannot start, and the next task says why', async () => {
    const thread = new TaskThread({
      entry: new URL('../cycles/summary-worker.mjs', import.meta.url),
      module: new URL('./no-such-task.ts', import.meta.url),
      maxHeapMb: 64,
      errors,
    });
    started.push(thread);
    await thread.prestart();
    await expect(thread.run({ task: {} })).rejects.toThrow(/no-such-task/);
  });
});
