import { afterEach, describe, expect, it } from 'vitest';
import { readFrameworkFile } from '../frameworks/files.ts';
import { agreementOf, type AgreementRound } from '../../shared/review/agreement.ts';
import { inProcessApp, type InProcessApp } from '../../test/helpers/app.ts';
import { repoRoot } from '../../test/helpers/server.ts';
import { Agreements } from './agreements.ts';
import { AgreementThread } from './thread.ts';

const ns = await readFrameworkFile(`${repoRoot}frameworks/ns-la-quality-standards.yaml`);
const levels = ['significant-improvement', 'some-improvement', 'good', 'outstanding'];

/** Revealed rounds on the LA track, primary phase, with the votes of four people a round. */
function rounds(n: number, status: AgreementRound['status'] = 'revealed'): AgreementRound[] {
  return Array.from({ length: n }, (_, i) => ({
    id: `r${i}-${status}`,
    criterion: '1.1',
    phase: 'primary',
    track: 'la',
    status,
    votes: [0, 1, 2, 3].map((p) => ({ userId: `u${p}`, name: `P${p}`, level: levels[(i + (p % 2)) % 4]! })),
  }));
}

const closing: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const close of closing.splice(0)) await close();
});

function agreementsOn(thread = new AgreementThread()): Agreements {
  const agreements = new Agreements(thread);
  closing.push(() => agreements.close());
  return agreements;
}

/** A gate held by the test on the gated tasks' thread (test/helpers/gated-agreement-tasks.ts). */
async function gatedThread(timeoutMs?: number) {
  const thread = new AgreementThread({
    module: new URL('../../test/helpers/gated-agreement-tasks.ts', import.meta.url),
    timeoutMs,
  });
  const buffer = new SharedArrayBuffer(8);
  const cells = new Int32Array(buffer);
  await thread.run({ kind: 'gate', buffer } as never);
  type WaitAsync = (a: Int32Array, i: number, v: number) => { async: boolean; value: Promise<string> | string };
  const waitAsync = (Atomics as unknown as { waitAsync: WaitAsync }).waitAsync;
  return {
    thread,
    /** Resolves once a task is held at the gate. */
    started: async () => {
      const wait = waitAsync(cells, 0, 0);
      await wait.value;
    },
    open: () => {
      Atomics.store(cells, 1, 1);
      Atomics.notify(cells, 1);
    },
  };
}

describe('agreement off the event loop', () => {
  it('answers what agreementOf does, and again from its cache until a round is revealed', async () => {
    const agreements = agreementsOn();
    const first = rounds(40);
    const answer = await agreements.review(ns, first);
    expect(answer).toEqual(agreementOf(ns, first));
    // The same rounds (an open one added, whose votes never count) share the one result.
    expect(await agreements.review(ns, [...first, ...rounds(1, 'open')])).toBe(answer);
    const more = [...first, ...rounds(41).slice(40)];
    const next = await agreements.review(ns, more);
    expect(next).not.toBe(answer);
    expect(next).toEqual(agreementOf(ns, more));
  });

  it('serves other requests while a review’s agreement is being worked out on its thread', async () => {
    const gate = await gatedThread();
    const t: InProcessApp = await inProcessApp({ agreements: agreementsOn(gate.thread) });
    closing.push(() => t.close());
    const review = (await (await t.post('/api/reviews', { frameworkId: ns.id, title: 'Shire LA' })).json()) as {
      id: string;
    };
    const stored = rounds(500);
    for (const r of stored) {
      await t.store.meeting.openRound({
        ...r,
        reviewId: review.id,
        status: 'open',
        votes: [],
        autoReveal: false,
        openedBy: 'u0',
        openedAt: '2026-01-01T00:00:00.000Z',
        revealedAt: null,
        closedAt: null,
        agreed: null,
      });
      for (const v of r.votes) await t.store.meeting.castVote(r.id, v, '2026-01-01T00:00:01.000Z');
      await t.store.meeting.revealRound(r.id, '2026-01-01T00:00:02.000Z');
    }

    let settled = false;
    const agreement = t.req(`/api/reviews/${review.id}/agreement`).finally(() => (settled = true));
    await gate.started();
    // The computation is held on the thread; the event loop still answers everyone else.
    const other = await t.req(`/api/reviews/${review.id}`);
    expect(other.status).toBe(200);
    expect(settled).toBe(false);
    gate.open();
    const res = await agreement;
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual(agreementOf(ns, stored));
  });

  it('answers 503 naming the fault when the thread gives up, and computes afresh next time', async () => {
    const gate = await gatedThread(50);
    const agreements = agreementsOn(gate.thread);
    const t = await inProcessApp({ agreements });
    closing.push(() => t.close());
    const review = (await (await t.post('/api/reviews', { frameworkId: ns.id, title: 'Shire LA' })).json()) as {
      id: string;
    };
    const res = await t.req(`/api/reviews/${review.id}/agreement`);
    gate.open();
    expect(res.status).toBe(503);
    expect(await res.json()).toEqual({
      error: { code: 'unavailable', message: 'working out agreement took over 0.05 s' },
    });
    // The failure was not kept: a fresh thread (no gate) answers.
    const again = await t.req(`/api/reviews/${review.id}/agreement`);
    expect(again.status).toBe(200);
    expect(await again.json()).toEqual({ alpha: null, rounds: 0, votes: 0, ci95: null, groups: [], byRound: [] });
  });
});
