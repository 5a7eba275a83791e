import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { CloseCode } from '../shared/protocol/close-codes.ts';
import { ReviewDoc } from '../shared/review/accessors.ts';
import { readFrameworkFile } from '../server/frameworks/files.ts';
import type { ReviewRole } from '../server/store/access-types.ts';
import { PostgresStore } from '../server/store/postgres.ts';
import { createTestSchema, type TestSchema } from '../server/store/postgres-test-schema.ts';
import { closedFor, connectClient, presenceUntil, synced, until, type StockClient } from './helpers/clients.ts';
import { waitFor } from './helpers/deadline.ts';
import { MeetingClient } from './helpers/meeting.ts';
import { PrivateRedis } from './helpers/redis-server.ts';
import {
  createReviewOver,
  makeUser,
  repoRoot,
  spawnServer,
  tempDir,
  type ChildServer,
  type TestUser,
} from './helpers/server.ts';
import { TcpProxy } from './helpers/tcp-proxy.ts';

const framework = await readFrameworkFile(`${repoRoot}frameworks/ba-partnership-sef.yaml`);
const criteria = framework.sections.flatMap((s) => s.criteria.map((c) => c.id));
const levels = framework.scale.levels.map((l) => l.id);

/**
 * Three server processes on one PostgreSQL schema and one Redis (a private redis-server, so it
 * can be restarted), as `DATABASE_URL` and `REDIS_URL` configure them.
 */
describe('several server processes on PostgreSQL and Redis', () => {
  let schema: TestSchema;
  let redis: PrivateRedis;
  let store: PostgresStore;
  let processes: ChildServer[] = [];
  /** Processes a test started for itself, beside the three. */
  const extra: ChildServer[] = [];
  let owner: TestUser;
  const clients: StockClient[] = [];

  const start = async (env: Record<string, string> = {}) => {
    const data = await tempDir();
    return spawnServer(data.path, { DATABASE_URL: schema.urlWithSchema, REDIS_URL: redis.url, ...env });
  };
  const client = (server: { wsUrl: string }, reviewId: string, user: TestUser = owner) => {
    const c = connectClient(server.wsUrl, reviewId, { token: user.token });
    clients.push(c);
    return c;
  };
  const member = async (reviewId: string, role: ReviewRole, name: string) => {
    const user = await makeUser(store, name);
    await store.access.setReviewMember(reviewId, user.id, role, null);
    return user;
  };

  beforeAll(async () => {
    schema = await createTestSchema();
    redis = await PrivateRedis.start();
    // The first process migrates the schema; the others find it done.
    processes = [await start()];
    processes.push(...(await Promise.all([start(), start()])));
    store = await PostgresStore.open(schema.url, { schema: schema.schema, max: 2 });
    owner = await makeUser(store, 'Owner');
  });

  afterAll(async () => {
    for (const c of clients.splice(0)) c.destroy();
    const all = [...processes, ...extra];
    for (const p of all) p.process.kill('SIGKILL');
    await Promise.all(all.map((p) => p.exited));
    await store?.close();
    await redis?.down();
    await schema?.drop();
  });

  it('clients on different processes converge on concurrent edits to one review', async () => {
    const reviewId = await createReviewOver(processes[0]!.url, owner.token, framework.id);
    const [a, b, c] = processes.map((p) => client(p, reviewId));
    await Promise.all([a, b, c].map((x) => synced(x!)));
    const docs = [a!, b!, c!].map((x) => new ReviewDoc(x.doc, framework));
    // Each sets a different criterion and all three type into the same text at once.
    docs.forEach((doc, i) => doc.setRating('self', criteria[i]!, '-', levels[i % levels.length]!));
    docs.forEach((doc, i) => doc.focus('self', criteria[0]!).insert(0, `p${i} `));
    const expected = (doc: ReviewDoc) =>
      criteria.slice(0, 3).every((id, i) => doc.getRating('self', id, '-') === levels[i % levels.length]) &&
      ['p0', 'p1', 'p2'].every((t) => doc.focus('self', criteria[0]!).toString().includes(t));
    await Promise.all(docs.map((doc, i) => until(doc.doc, () => expected(doc), `client ${i} to hold all three edits`)));
    const texts = docs.map((doc) => doc.focus('self', criteria[0]!).toString());
    expect(new Set(texts).size).toBe(1);
  });

  it('a silent round opened on one process is voted on from the others and revealed to all', async () => {
    const reviewId = await createReviewOver(processes[0]!.url, owner.token, framework.id);
    const voter1 = await member(reviewId, 'editor', 'Voter one');
    const voter2 = await member(reviewId, 'editor', 'Voter two');
    const facilitator = new MeetingClient(client(processes[0]!, reviewId));
    const v1 = new MeetingClient(client(processes[1]!, reviewId, voter1));
    const v2 = new MeetingClient(client(processes[2]!, reviewId, voter2));
    await Promise.all([facilitator, v1, v2].map((m) => synced(m.client)));
    for (const m of [facilitator, v1, v2]) m.send({ t: 'hello' });
    facilitator.send({ t: 'open', criterion: criteria[0]!, phase: '-', track: 'self', autoReveal: false });
    const opened = await facilitator.until(() => facilitator.round((r) => r.status === 'open'), 'the round to open');
    await v1.until(() => v1.round((r) => r.id === opened.id), 'the round to reach process 2');
    await v2.until(() => v2.round((r) => r.id === opened.id), 'the round to reach process 3');
    v1.send({ t: 'vote', round: opened.id, level: levels[0]! });
    v2.send({ t: 'vote', round: opened.id, level: levels[1]! });
    await facilitator.until(
      () => facilitator.round((r) => r.id === opened.id && r.voters.length === 2),
      'both votes, cast on other processes, to reach the facilitator',
    );
    // Before the reveal nobody sees another's vote, on any process.
    expect(v1.round((r) => r.id === opened.id)?.votes).toBeUndefined();
    facilitator.send({ t: 'reveal', round: opened.id });
    for (const [m, where] of [
      [v1, 'process 2'],
      [v2, 'process 3'],
    ] as const) {
      const revealed = await m.until(
        () => m.round((r) => r.id === opened.id && r.status === 'revealed'),
        `the reveal on ${where}`,
      );
      expect(revealed.votes?.map((v) => v.level).sort()).toEqual([levels[0], levels[1]].sort());
    }
  });

  it('auto-reveal waits for every voter on every process, and the last vote reveals for everyone', async () => {
    const reviewId = await createReviewOver(processes[0]!.url, owner.token, framework.id);
    const voter1 = await member(reviewId, 'editor', 'Voter one');
    const voter2 = await member(reviewId, 'editor', 'Voter two');
    // The facilitator votes too; each of the three is on a different process.
    const [fac, v1, v2] = [
      new MeetingClient(client(processes[0]!, reviewId)),
      new MeetingClient(client(processes[1]!, reviewId, voter1)),
      new MeetingClient(client(processes[2]!, reviewId, voter2)),
    ];
    const all = [fac, v1, v2];
    await Promise.all(all.map((m) => synced(m.client)));
    // Each process knows the others' people from the presence they relay.
    const ids = all.map((m) => m.client.doc.clientID);
    await Promise.all(
      all.map((m, i) => {
        const states = m.client.provider.awareness.getStates();
        return presenceUntil(
          m.client,
          () => ids.every((id) => states.has(id)),
          `everyone's presence on process ${i + 1}`,
        );
      }),
    );
    for (const m of all) m.send({ t: 'hello' });
    fac.send({ t: 'open', criterion: criteria[1]!, phase: '-', track: 'self', autoReveal: true });
    const opened = await fac.until(() => fac.round((r) => r.status === 'open'), 'the round to open');
    await Promise.all([v1, v2].map((m) => m.until(() => m.round((r) => r.id === opened.id), 'the round elsewhere')));
    fac.send({ t: 'vote', round: opened.id, level: levels[0]! });
    v1.send({ t: 'vote', round: opened.id, level: levels[1]! });
    await fac.until(() => fac.round((r) => r.id === opened.id && r.voters.length === 2), 'two votes');
    // Process 2 handled its voter's vote in full before this hello: it has not revealed, as voter two has not voted.
    const listed = v1.events.length;
    v1.send({ t: 'hello' });
    const rounds = await v1.until(
      () => v1.events.slice(listed).find((e) => e.t === 'rounds'),
      'the rounds after voting on process 2',
    );
    expect(rounds.t === 'rounds' && rounds.rounds.find((r) => r.id === opened.id)?.status).toBe('open');
    v2.send({ t: 'vote', round: opened.id, level: levels[2]! });
    for (const [m, i] of all.map((m, i) => [m, i] as const)) {
      const revealed = await m.until(
        () => m.round((r) => r.id === opened.id && r.status === 'revealed'),
        `the reveal on process ${i + 1}`,
      );
      expect(revealed.votes).toHaveLength(3);
    }
  });

  it('presence on one process is seen on the others, and goes when the person leaves', async () => {
    const reviewId = await createReviewOver(processes[0]!.url, owner.token, framework.id);
    const here = client(processes[0]!, reviewId);
    const there = client(processes[1]!, reviewId);
    await Promise.all([synced(here), synced(there)]);
    here.provider.awareness.setLocalStateField('focus', { criterion: criteria[0] });
    const id = here.doc.clientID;
    const seen = () => there.provider.awareness.getStates().get(id) as { user?: { name?: string } } | undefined;
    await waitFor<undefined>('presence from process 1 on process 2', (done) => {
      const check = () => (seen()?.user?.name === 'Owner' ? done(undefined) : undefined);
      there.provider.awareness.on('change', check);
      check();
      return () => there.provider.awareness.off('change', check);
    });
    here.destroy();
    await waitFor<undefined>('the leaver gone on process 2', (done) => {
      const check = () => (seen() === undefined ? done(undefined) : undefined);
      there.provider.awareness.on('change', check);
      check();
      return () => there.provider.awareness.off('change', check);
    });
  });

  it('presence relayed from a process killed outright goes from the others once it is no longer renewed', async () => {
    // Two processes of their own, keeping relayed presence 2 s unrenewed instead of 30 s (clients renew every 15 s).
    const pair = await Promise.all([start({ PRESENCE_TIMEOUT_MS: '2000' }), start({ PRESENCE_TIMEOUT_MS: '2000' })]);
    extra.push(...pair);
    const [survivor, victim] = pair;
    const reviewId = await createReviewOver(survivor.url, owner.token, framework.id);
    const person = await member(reviewId, 'editor', 'On the killed process');
    const there = client(victim, reviewId, person);
    const watcher = client(survivor, reviewId);
    await Promise.all([synced(there), synced(watcher)]);
    there.provider.awareness.setLocalStateField('focus', { criterion: criteria[0] });
    const id = there.doc.clientID;
    const states = (c: StockClient) => c.provider.awareness.getStates();
    await presenceUntil(watcher, () => states(watcher).has(id), 'presence from the doomed process');
    const removedBy = waitFor<unknown>('the server to say the person on the killed process left', (done) => {
      const on = ({ removed }: { removed: number[] }, origin: unknown) =>
        removed.includes(id) ? done(origin) : undefined;
      watcher.provider.awareness.on('change', on);
      return () => watcher.provider.awareness.off('change', on);
    });
    victim.process.kill('SIGKILL');
    await victim.exited;
    there.destroy();
    // Told by the server (a stock client's own timeout would be 30 s, and say 'timeout').
    expect(await removedBy).toBe(watcher.provider);
    // Someone joining now is not told of the ghost.
    const joiner = client(survivor, reviewId);
    await presenceUntil(joiner, () => states(joiner).has(watcher.doc.clientID), 'everyone present, for the joiner');
    expect(states(joiner).has(id)).toBe(false);
  }, 120_000);

  it("revoking access on one process closes the person's socket on another", async () => {
    const reviewId = await createReviewOver(processes[0]!.url, owner.token, framework.id);
    const editor = await member(reviewId, 'editor', 'Removed editor');
    const theirs = client(processes[2]!, reviewId, editor);
    await synced(theirs);
    const closed = closedFor(theirs, 'the removed editor’s socket on process 3 to close');
    const res = await fetch(`${processes[0]!.url}/api/reviews/${reviewId}/members/${editor.id}`, {
      method: 'DELETE',
      headers: { authorization: `Bearer ${owner.token}` },
    });
    expect(res.status).toBeLessThan(300);
    expect((await closed).code).toBe(CloseCode.forbidden);
  });

  it('a moderation track added on one process: a joiner on another meanwhile waits, then loads the review with it', async () => {
    const reviewId = await createReviewOver(processes[0]!.url, owner.token, framework.id);
    const control = new Redis(redis.url);
    const lock = await store.pool.connect();
    try {
      const held = waitFor<void>('the other processes to be told the review is being changed', (done) => {
        const on = (_channel: string, text: string) => {
          const message = JSON.parse(text) as { kind?: string; reviewId?: string };
          if (message.kind === 'holdReview' && message.reviewId === reviewId) done();
        };
        control.on('message', on);
        return () => control.off('message', on);
      });
      await control.subscribe('bestfit:control');
      // Holding the review's row keeps process 1's change from committing: it stays between its two notices.
      await lock.query('BEGIN');
      await lock.query('SELECT 1 FROM reviews WHERE id = $1 FOR UPDATE', [reviewId]);
      const adding = fetch(`${processes[0]!.url}/api/reviews/${reviewId}/moderation-track`, {
        method: 'POST',
        headers: { authorization: `Bearer ${owner.token}` },
      });
      await held;

      const joiner = client(processes[1]!, reviewId);
      let reconnects = 0;
      joiner.provider.on('connection-close', () => reconnects++);
      const firstSync = waitFor<unknown>('the joiner’s first sync', (done) => {
        const on = (state: boolean) => {
          if (state) done(joiner.doc.getMap('meta').get('moderationTrack'));
        };
        joiner.provider.on('sync', on);
        return () => joiner.provider.off('sync', on);
      });
      await waitFor<void>('the joiner’s socket to open on process 2', (done) => {
        const on = ({ status }: { status: string }) => {
          if (status === 'connected') done();
        };
        joiner.provider.on('status', on);
        return () => joiner.provider.off('status', on);
      });
      await lock.query('COMMIT');
      expect((await adding).status).toBe(201);
      // Held, not served the review as it was: its first sync already has the track, with no reconnect.
      expect(await firstSync).toBe(true);
      expect(reconnects).toBe(0);
    } finally {
      await lock.query('ROLLBACK').catch(() => {});
      lock.release();
      control.disconnect();
    }
  });

  it('heals after Redis restarts: an edit made while it was down reaches the other processes', async () => {
    const reviewId = await createReviewOver(processes[0]!.url, owner.token, framework.id);
    const a = client(processes[0]!, reviewId);
    const b = client(processes[1]!, reviewId);
    await Promise.all([synced(a), synced(b)]);
    const ready = await fetch(`${processes[0]!.url}/readyz`);
    expect(await ready.json()).toEqual({ ok: true, checks: { store: 'ok', redis: 'ok' } });
    await redis.down();
    new ReviewDoc(a.doc, framework).setRating('self', criteria[1]!, '-', levels[2]!);
    await redis.up();
    const seen = new ReviewDoc(b.doc, framework);
    await until(b.doc, () => seen.getRating('self', criteria[1]!, '-') === levels[2], 'the edit across the restart');
  });

  it('kill -9 of one process mid-storm loses nothing any client received', async () => {
    const reviewId = await createReviewOver(processes[0]!.url, owner.token, framework.id);
    // Through a load balancer with no sticky sessions: reconnects go to whichever process answers.
    const proxy = await TcpProxy.start(processes.map((p) => Number(new URL(p.url).port)));
    const front = { wsUrl: `ws://127.0.0.1:${proxy.port}/collab` };
    try {
      const writers = [0, 1, 2, 3, 4, 5].map(() => client(front, reviewId));
      await Promise.all(writers.map((w) => synced(w)));
      const docs = writers.map((w) => new ReviewDoc(w.doc, framework));
      let round = 0;
      const storm = () => {
        round += 1;
        docs.forEach((doc, i) => doc.focus('self', criteria[i]!).insert(0, `${round}.`));
      };
      for (let i = 0; i < 20; i++) storm();
      const victim = processes[1]!;
      victim.process.kill('SIGKILL');
      await victim.exited;
      for (let i = 0; i < 20; i++) storm();
      processes[1] = await start();
      // Every writer's own text, as it now holds it, must be held by all and by the store.
      const want = docs.map((doc, i) => doc.focus('self', criteria[i]!).toString());
      await Promise.all(
        docs.map((doc, w) =>
          until(
            doc.doc,
            () => want.every((text, i) => doc.focus('self', criteria[i]!).toString() === text),
            `writer ${w} to hold everyone's text after the kill`,
          ),
        ),
      );
      const stored = await store.loadDocument(reviewId);
      const rebuilt = new Y.Doc();
      for (const u of stored.snapshot ? [stored.snapshot, ...stored.updates] : stored.updates)
        Y.applyUpdate(rebuilt, u);
      const fromStore = new ReviewDoc(rebuilt, framework);
      // Relayed only after it was committed: what every writer received is in the store already.
      expect(want.every((text) => text.length > 0)).toBe(true);
      expect(want.map((_, i) => fromStore.focus('self', criteria[i]!).toString())).toEqual(want);
    } finally {
      await proxy.close();
    }
  });
});
