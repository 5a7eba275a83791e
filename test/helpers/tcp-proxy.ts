import { connect, createServer, type Server, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';

/**
 * A round-robin TCP proxy in front of several server processes, as a load balancer with no sticky
 * sessions would be: each connection goes to the next backend that accepts it, so when one process
 * dies its clients reconnect through the proxy to the others. It can also stand for a network cut
 * (`cut`, then `restore`) in front of one service.
 */
export class TcpProxy {
  private next = 0;
  private isCut = false;
  private readonly sockets = new Set<Socket>();
  private constructor(
    private readonly server: Server,
    private readonly backends: number[],
  ) {}

  static async start(backends: number[]): Promise<TcpProxy> {
    const server = createServer();
    const proxy = new TcpProxy(server, backends);
    server.on('connection', (client) => proxy.forward(client, 0));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return proxy;
  }

  get port(): number {
    return (this.server.address() as AddressInfo).port;
  }

  /** Drop every open connection, and every new one as soon as it is accepted, until `restore`. */
  cut(): void {
    this.isCut = true;
    for (const socket of this.sockets) socket.destroy();
    this.sockets.clear();
  }

  restore(): void {
    this.isCut = false;
  }

  private forward(client: Socket, tried: number): void {
    if (this.isCut || tried >= this.backends.length) {
      client.destroy();
      return;
    }
    const port = this.backends[this.next++ % this.backends.length]!;
    const upstream = connect({ host: '127.0.0.1', port });
    upstream.once('connect', () => {
      if (this.isCut) {
        client.destroy();
        upstream.destroy();
        return;
      }
      this.sockets.add(client).add(upstream);
      const drop = () => {
        client.destroy();
        upstream.destroy();
        this.sockets.delete(client);
        this.sockets.delete(upstream);
      };
      client.on('error', drop).on('close', drop);
      upstream.on('error', drop).on('close', drop);
      client.pipe(upstream).pipe(client);
    });
    // A dead backend refuses at once: try the next one for this same client.
    upstream.once('error', () => {
      if (!this.sockets.has(upstream)) this.forward(client, tried + 1);
    });
  }

  async close(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}
