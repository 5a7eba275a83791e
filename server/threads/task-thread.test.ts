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

const started: TaskThread[] = [];
afterEach(async () => {
  await Promise.all(started.splice(0).map((t) => t.close()));
});

/** A thread running the task module `module` (beside this file), closed after the test. */
const threadOf = (module: string, nice?: number) => {
  const thread = new TaskThread({
    entry: new URL('../cycles/summary-worker.mjs', import.meta.url),
    module: new URL(module, import.meta.url),
    maxHeapMb: 64,
    errors,
    ...(nice === undefined ? {} : { nice }),
  });
  started.push(thread);
  return thread;
};

const niceOf = async (nice?: number) => (await threadOf('./nice-probe-task.ts', nice).run({ task: {} })) as number;

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
  it('has the thread ready before the first task, which then runs on it', async () => {
    const thread = threadOf('./loaded-at-task.ts');
    await thread.prestart();
    const asked = Date.now();
    const loadedAt = (await thread.run({ task: {} })) as number;
    expect(loadedAt).toBeLessThanOrEqual(asked);
    await thread.prestart();
    expect(await thread.run({ task: {} })).toBe(loadedAt);
  });

  it('settles without throwing when the thread cannot start, and the next task says why', async () => {
    const thread = threadOf('./no-such-task.ts');
    await thread.prestart();
    await expect(thread.run({ task: {} })).rejects.toThrow(/no-such-task/);
  });
});
