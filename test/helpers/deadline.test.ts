import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import { waitFor } from './deadline.ts';

describe('waitFor', () => {
  it('fails with a message naming what was awaited when it never happens, and stops listening', async () => {
    const events = new EventEmitter();
    const waiting = waitFor(
      'the server to close the connection',
      (done) => {
        events.on('close', done);
        return () => events.off('close', done);
      },
      10,
    );
    await expect(waiting).rejects.toThrow('timed out after 0.01 s waiting for the server to close the connection');
    expect(events.listenerCount('close')).toBe(0);
  });

  it('resolves with the value, also when it has already happened, and stops listening', async () => {
    const events = new EventEmitter();
    const later = waitFor<number>('a code', (done) => {
      events.on('code', done);
      return () => events.off('code', done);
    });
    events.emit('code', 4500);
    expect(await later).toBe(4500);
    expect(events.listenerCount('code')).toBe(0);
    let stopped = false;
    const now = waitFor<string>('a value already there', (done) => {
      done('here');
      return () => (stopped = true);
    });
    expect(await now).toBe('here');
    expect(stopped).toBe(true);
  });
});
