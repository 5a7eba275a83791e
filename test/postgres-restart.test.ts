import { afterEach, describe, expect, it } from 'vitest';
import { readFrameworkFile } from '../server/frameworks/files.ts';
import { createTestSchema, type TestSchema } from '../server/store/postgres-test-schema.ts';
import { PostgresStore } from '../server/store/postgres.ts';
import { ReviewDoc } from '../shared/review/accessors.ts';
import { connectClient, synced, until, type StockClient } from './helpers/clients.ts';
import { createReviewOver, repoRoot, startTestServer, type TestServer } from './helpers/server.ts';

const framework = await readFrameworkFile(`${repoRoot}frameworks/ba-partnership-sef.yaml`);

describe('the server on PostgreSQL (DATABASE_URL=postgres://…)', () => {
  let schema: TestSchema | null = null;
  let server: TestServer | null = null;
  const clients: StockClient[] = [];

  afterEach(async () => {
    for (const c of clients.splice(0)) c.destroy();
    await server?.close();
    server = null;
    await schema?.drop();
    schema = null;
  });

  it('keeps a stock client’s edit across a restart on the same database', async () => {
    schema = await createTestSchema();
    const env = { DATABASE_URL: schema.urlWithSchema };
    server = await startTestServer(env);
    expect(server.store).toBeInstanceOf(PostgresStore);
    const owner = server.owner;
    const reviewId = await createReviewOver(server.url, owner.token, framework.id);

    const writer = connectClient(server.wsUrl, reviewId, { token: owner.token });
    const watcher = connectClient(server.wsUrl, reviewId, { token: owner.token });
    clients.push(writer, watcher);
    await Promise.all([synced(writer), synced(watcher)]);
    new ReviewDoc(writer.doc, framework).setRating('self', '1.1', '-', 'established');
    const seen = new ReviewDoc(watcher.doc, framework);
    // Relayed only once committed: the watcher seeing it means PostgreSQL has it.
    await until(watcher.doc, () => seen.getRating('self', '1.1') === 'established', 'the rating to reach the watcher');

    for (const c of clients.splice(0)) c.destroy();
    await server.close();
    // A new data folder: nothing of the review can come from anywhere but PostgreSQL.
    server = await startTestServer(env);
    const fresh = connectClient(server.wsUrl, reviewId, { token: owner.token });
    clients.push(fresh);
    await synced(fresh);
    const review = new ReviewDoc(fresh.doc, framework);
    expect(review.getRating('self', '1.1')).toBe('established');
    expect(review.meta().frameworkId).toBe(framework.id);
  });
});
