/**
 * The reference: @y/websocket-server 0.1.1 (the last release on Yjs 13) exactly as its own
 * `src/server.js` runs it — stock `setupWSConnection`, documents in memory, no persistence, no
 * auth — on a free loopback port. Only the port/host handling and the "listening on" line differ,
 * and `ws` is the project's (8.x) rather than the package's optional 6.x, so both servers use the
 * same websocket implementation.
 */
import { setupWSConnection } from '@y/websocket-server/utils';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer } from 'ws';

const wss = new WebSocketServer({ noServer: true });
const server = createServer((_request, response) => {
  response.writeHead(200, { 'Content-Type': 'text/plain' });
  response.end('okay');
});

wss.on('connection', setupWSConnection);

server.on('upgrade', (request, socket, head) => {
  wss.handleUpgrade(request, socket, head, (ws) => {
    wss.emit('connection', ws, request);
  });
});

server.listen(Number(process.env.PORT ?? 0), process.env.HOST ?? '127.0.0.1', () => {
  const { port } = server.address() as AddressInfo;
  console.log(`[reference] listening on http://127.0.0.1:${port}`);
});
process.on('SIGTERM', () => process.exit(0));
process.on('SIGINT', () => process.exit(0));
