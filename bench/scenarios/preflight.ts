/**
 * Before measuring: do two stock y-websocket providers with presence (as every real client has)
 * stay connected to each server? The stock provider re-sends every presence change it receives,
 * others' included, so a server that refuses presence for client ids it did not see from that
 * connection closes it. Found problems are reported, not hidden.
 */
import { BA, type Context } from '../lib/context.ts';
import { admit, createReview } from '../lib/candidate-access.ts';
import { Worker } from '../lib/rpc.ts';
import { serverLabels, type ServerKind } from '../lib/servers.ts';
import { stockClient } from '../lib/stock-client.ts';
import { roomUrl } from '../load/commands.ts';

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export async function stockPresenceCheck(ctx: Context): Promise<string[]> {
  const problems: string[] = [];
  for (const kind of ['candidate', 'reference'] as ServerKind[]) {
    const s = await ctx.start(kind);
    const worker = await Worker.start();
    try {
      let room = 'preflight';
      let tokens: (string | undefined)[] = [undefined, undefined];
      if (kind === 'reference') {
        await worker.call('seed', { url: roomUrl(s.server.wsBase, room, null), state: await ctx.skeleton(BA) });
      } else {
        room = await createReview(s.server.url, ctx.accounts.owner.token, BA, 'Preflight');
        tokens = ctx.accounts.participants.slice(0, 2);
        await admit(s.server.url, ctx.accounts.owner.token, room, tokens as string[]);
      }
      const closes: string[] = [];
      const clients = [];
      for (let i = 0; i < 2; i++) {
        const c = stockClient(s.server.wsBase, room, tokens[i]);
        c.provider.awareness.setLocalStateField('user', { name: `Preflight ${i}`, color: '#336699' });
        c.provider.on('connection-close', (event) => {
          const e = event as { code?: number; reason?: string } | null;
          if (e?.code && e.code !== 1000) closes.push(`client ${i + 1}: ${e.code} ${e.reason ?? ''}`.trim());
        });
        clients.push(c);
        await c.synced.catch(() => closes.push(`client ${i + 1} did not sync`));
      }
      await sleep(1_500);
      for (const c of clients) c.destroy();
      if (closes.length > 0)
        problems.push(
          `${serverLabels[kind]} closed a stock y-websocket client when a second one with presence joined (${closes.join('; ')}). The stock provider re-sends the presence of others it receives, so the server refuses it as presence "for a client that belongs to another connection".`,
        );
    } finally {
      await worker.stop();
      await ctx.stop(s);
    }
  }
  return problems;
}
