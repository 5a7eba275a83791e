import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { inProcessApp, type InProcessApp } from '../../test/helpers/app.ts';
import { makeUser } from '../../test/helpers/server.ts';

let t: InProcessApp;
const req = (path: string, init?: RequestInit) => t.req(path, init);

beforeEach(async () => {
  t = await inProcessApp();
});

afterEach(() => t.close());

const post = (path: string, body: unknown) => t.post(path, body);
/** As a load balancer's health check asks: no credentials. */
const fetchSignedOut = (app: InProcessApp, path: string) => Promise.resolve(app.app.request(path));

describe('REST API', () => {
  it('answers /healthz', async () => {
    const res = await req('/healthz');
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ ok: true });
  });

  it('answers /readyz once the store answers (no Redis check when serving alone)', async () => {
    const res = await req('/readyz');
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ ok: true, checks: { store: 'ok' } });
  });

  it("answers /readyz 503 without the driver's words when the store fails (they stay in the log)", async () => {
    const logged: { message: string; error: unknown }[] = [];
    const failing = await inProcessApp({ log: (message, error) => logged.push({ message, error }) });
    try {
      const cause = new Error('connect ECONNREFUSED 10.1.2.3:5432');
      vi.spyOn(failing.store, 'getReview').mockRejectedValue(cause);
      const res = await fetchSignedOut(failing, '/readyz');
      expect(res.status).toBe(503);
      const text = await res.text();
      expect(JSON.parse(text)).toEqual({ ok: false, checks: { store: 'not answering' } });
      expect(text).not.toMatch(/ECONNREFUSED|10\.1\.2\.3|5432/);
      expect(logged).toEqual([{ message: 'readiness: the store is not answering', error: cause }]);
    } finally {
      await failing.close();
    }
  });

  it('answers /readyz 503 when Redis does not connect this process to the others, and 200 when it does', async () => {
    const cluster = { connected: false };
    const clustered = await inProcessApp({ cluster });
    try {
      const down = await fetchSignedOut(clustered, '/readyz');
      expect(down.status).toBe(503);
      expect(await down.json()).toEqual({ ok: false, checks: { store: 'ok', redis: 'not connected' } });
      cluster.connected = true;
      const up = await fetchSignedOut(clustered, '/readyz');
      expect(up.status).toBe(200);
      expect(await up.json()).toEqual({ ok: true, checks: { store: 'ok', redis: 'ok' } });
    } finally {
      await clustered.close();
    }
  });

  it('lists the five built-in frameworks and returns one whole', async () => {
    const list = (await (await req('/api/frameworks')).json()) as { id: string; criteria: number }[];
    expect(list.map((f) => f.id).sort()).toEqual([
      'ba-partnership-sef',
      'leicestershire-behaviour-qa',
      'milton-keynes-sif',
      'ns-la-quality-standards',
      'pmqs-3',
    ]);
    expect(list.find((f) => f.id === 'ba-partnership-sef')?.criteria).toBe(21);
    const one = await req('/api/frameworks/ba-partnership-sef?version=2');
    expect(one.status).toBe(200);
    expect(((await one.json()) as { sections: unknown[] }).sections).toHaveLength(4);
    expect((await req('/api/frameworks/nope')).status).toBe(404);
    const bad = await req('/api/frameworks/pmqs-3?version=x');
    expect(bad.status).toBe(400);
  });

  it('creates, lists and gets reviews', async () => {
    const res = await post('/api/reviews', { frameworkId: 'pmqs-3', title: '  Cluster A  ' });
    expect(res.status).toBe(201);
    const review = (await res.json()) as { id: string; title: string; frameworkVersion: number };
    expect(review.title).toBe('Cluster A');
    expect(review.frameworkVersion).toBe(1);
    const list = (await (await req('/api/reviews')).json()) as { id: string }[];
    expect(list.map((r) => r.id)).toEqual([review.id]);
    expect(((await (await req(`/api/reviews/${review.id}`)).json()) as { id: string }).id).toBe(review.id);
    expect((await req('/api/reviews/missing')).status).toBe(404);
    // The skeleton was stored with the review.
    const stored = await t.store.loadDocument(review.id);
    expect(stored.snapshot?.byteLength).toBeGreaterThan(100);
  });

  it("answers a review's framework at the review's version, to its members only", async () => {
    const review = (await (await post('/api/reviews', { frameworkId: 'ba-partnership-sef', title: 'A' })).json()) as {
      id: string;
      frameworkVersion: number;
    };
    const res = await req(`/api/reviews/${review.id}/framework`);
    expect(res.status).toBe(200);
    const byVersion = await req(`/api/frameworks/ba-partnership-sef?version=${review.frameworkVersion}`);
    expect(await res.json()).toEqual(await byVersion.json());
    expect((await req('/api/reviews/missing/framework')).status).toBe(404);
    // A hostile id is only ever a name that matches no review.
    for (const id of ["x' OR '1'='1", '..%2F..%2Fetc%2Fpasswd', 'a'.repeat(5_000)]) {
      const hostile = await req(`/api/reviews/${encodeURIComponent(id)}/framework`);
      expect(hostile.status).toBe(404);
      expect(await hostile.text()).not.toContain('ba-partnership-sef');
    }
    const stranger = await makeUser(t.store, 'Stranger');
    const refused = await t.app.request(`/api/reviews/${review.id}/framework`, {
      headers: { authorization: `Bearer ${stranger.token}` },
    });
    expect(refused.status).toBe(404);
    expect(await refused.text()).not.toContain('ba-partnership-sef');
    // Someone of another workspace is told nothing either.
    const elsewhere = await makeUser(t.store, 'Elsewhere', { workspace: 'Another workspace' });
    const other = await t.app.request(`/api/reviews/${review.id}/framework`, {
      headers: { authorization: `Bearer ${elsewhere.token}` },
    });
    expect(other.status).toBe(404);
    // An observer reads the framework as any member does.
    const observer = await makeUser(t.store, 'Observer');
    await t.store.access.setReviewMember(review.id, observer.id, 'observer', null);
    const observed = await t.app.request(`/api/reviews/${review.id}/framework`, {
      headers: { authorization: `Bearer ${observer.token}` },
    });
    expect(observed.status).toBe(200);
    expect(await observed.json()).toEqual(await (await req(`/api/reviews/${review.id}/framework`)).json());
    // Signed out: asked to sign in, told nothing of the review.
    const signedOut = await t.app.request(`/api/reviews/${review.id}/framework`);
    expect(signedOut.status).toBe(401);
    expect(await signedOut.text()).not.toContain('ba-partnership-sef');
  });

  it('names the field at fault in bad input', async () => {
    const cases: [unknown, string][] = [
      [{ frameworkId: 'pmqs-3' }, 'title'],
      [{ frameworkId: 'pmqs-3', title: '   ' }, 'title'],
      [{ frameworkId: 'pmqs-3', title: 'x'.repeat(201) }, 'title'],
      [{ title: 'A' }, 'frameworkId'],
      [{ frameworkId: 'no-such-framework', title: 'A' }, 'frameworkId'],
      [{ frameworkId: 'pmqs-3', title: 'A', extra: 1 }, ''],
    ];
    for (const [body, field] of cases) {
      const res = await post('/api/reviews', body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      const error = ((await res.json()) as { error: { message: string; field?: string } }).error;
      if (field) {
        expect(error.field).toBe(field);
        expect(error.message).toContain(field);
      } else expect(error.message).toContain('extra');
    }
    const notJson = await req('/api/reviews', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{oops',
    });
    expect(notJson.status).toBe(400);
    expect(await t.store.listReviews()).toEqual([]);
  });

  it('sends security headers and JSON 404s', async () => {
    const res = await req('/api/nothing');
    expect(res.status).toBe(404);
    expect(res.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
  });
});

describe('first run', () => {
  it('tells the sign-in page whether any account exists yet', async () => {
    // The in-process app always has its test user.
    expect(await (await req('/api/auth/setup')).json()).toEqual({ firstRun: false, oidc: null });
  });
});

describe('the session question', () => {
  it('answers 200 signed out (no failed request in the browser) and names the user and workspaces signed in', async () => {
    const signedOut = await t.app.request('/api/auth/session');
    expect(signedOut.status).toBe(200);
    expect(await signedOut.json()).toEqual({ signedIn: false });
    const badToken = await t.app.request('/api/auth/session', { headers: { authorization: 'Bearer nonsense' } });
    expect(await badToken.json()).toEqual({ signedIn: false });
    const signedIn = (await (await req('/api/auth/session')).json()) as {
      signedIn: boolean;
      user: { name: string; email: string; passwordHash?: string };
      workspaces: { name: string }[];
    };
    expect(signedIn.signedIn).toBe(true);
    expect(signedIn.user.email).toMatch(/@example\.test$/);
    expect(signedIn.user.passwordHash).toBeUndefined();
    expect(signedIn.workspaces.map((w) => w.name)).toEqual(['Test workspace']);
  });
});
