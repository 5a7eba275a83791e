import { describe, expect, it } from 'vitest';
import { PendingWork } from './room-messages.ts';

describe('PendingWork', () => {
  it('settles everything added, and what was added meanwhile, reporting each failure and throwing none', async () => {
    const reported: unknown[] = [];
    const work = new PendingWork((error) => reported.push(error));
    const order: string[] = [];
    work.add(
      Promise.resolve().then(() => {
        order.push('first');
        // Added while the first is being settled: waited for too.
        work.add(Promise.reject(new Error('later failed')));
      }),
    );
    work.add(Promise.reject(new Error('second failed')));
    await work.settle();
    order.push('settled');
    expect(order).toEqual(['first', 'settled']);
    expect(reported.map((e) => (e as Error).message)).toEqual(['second failed', 'later failed']);
    // Settled work is not settled (or reported) again.
    await work.settle();
    expect(reported).toHaveLength(2);
  });

  it('reports a failure of work started outside a batch, and nothing waits for it', async () => {
    const reported: unknown[] = [];
    const work = new PendingWork((error) => reported.push(error));
    let fail!: (error: Error) => void;
    const started = new Promise<void>((_resolve, reject) => (fail = reject));
    work.start(started);
    await work.settle();
    expect(reported).toEqual([]);
    fail(new Error('timer work failed'));
    await started.catch(() => {});
    expect(reported.map((e) => (e as Error).message)).toEqual(['timer work failed']);
  });
});
