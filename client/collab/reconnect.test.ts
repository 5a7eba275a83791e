import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CloseCode } from '../../shared/protocol/close-codes.ts';
import { connectClient, nextStatus, synced, type StockClient } from '../../test/helpers/clients.ts';
import { createReviewOver, startTestServer, type TestServer } from '../../test/helpers/server.ts';
import { backoffWindow, jitteredReconnect } from './reconnect.ts';

describe('backoffWindow', () => {
  it('doubles from half a second and stops at thirty', () => {
    expect([0, 1, 2, 3, 4, 5, 6, 7, 20].map(backoffWindow)).toEqual([
      500, 1000, 2000, 4000, 8000, 16000, 30000, 30000, 30000,
    ]);
  });
});

describe('jitteredReconnect against the real server', () => {
  let server: TestServer;
  let reviewId: string;
  let client: StockClient;
  beforeAll(async () => {
    server = await startTestServer();
    reviewId = await createReviewOver(server.url, server.owner.token, 'ba-partnership-sef');
  });
  afterAll(async () => {
    client?.destroy();
    await server.close();
  });

  it('takes each reconnect off the provider, waits a random share of a growing window, then reconnects', async () => {
    client = connectClient(server.wsUrl, reviewId, { token: server.owner.token });
    await synced(client);
    const shares: number[] = [];
    const waits: boolean[] = [];
    // The share drawn is 0, so the test never waits; what matters is when it is drawn and what the provider does meanwhile.
    const stop = jitteredReconnect(client.provider, () => {
      waits.push(client.provider.shouldConnect);
      shares.push(shares.length);
      return 0;
    });

    for (let round = 0; round < 3; round++) {
      const down = nextStatus(client, 'disconnected');
      const up = nextStatus(client, 'connected');
      server.rooms.get(reviewId)!.evict(CloseCode.tryAgain, 'server restarting');
      await down;
      await up;
      expect(client.provider.shouldConnect).toBe(true);
    }
    // One random draw per drop, each taken while the provider's own retry schedule was switched off.
    expect(shares).toEqual([0, 1, 2]);
    expect(waits).toEqual([false, false, false]);
    stop();

    // Closed for good (a 44xx code): left to the provider, which stops retrying; no draw is made.
    const forGood = new Promise<number>((resolve) => client.provider.once('connection-close', (e) => resolve(e!.code)));
    const stopAgain = jitteredReconnect(client.provider, () => {
      shares.push(-1);
      return 0;
    });
    server.rooms.get(reviewId)!.evict(CloseCode.forbidden, 'access revoked');
    expect(await forGood).toBe(CloseCode.forbidden);
    expect(client.provider.shouldConnect).toBe(false);
    expect(shares).toEqual([0, 1, 2]);
    stopAgain();
  });
});
