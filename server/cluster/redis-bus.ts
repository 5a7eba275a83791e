import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import {
  BadBusMessage,
  decodeControlMessage,
  decodeReviewMessage,
  encodeReviewMessage,
  type ControlMessage,
  type ReviewMessage,
} from './wire.ts';

type Without<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;
export type OutgoingReviewMessage = Without<ReviewMessage, 'origin'>;
export type OutgoingControlMessage = Without<ControlMessage, 'origin'>;

export interface BusOptions {
  url: string;
  /** Channel names start with this, so installs (and test runs) sharing a Redis never mix. */
  prefix?: string;
  log?: (message: string, error?: unknown) => void;
}

/**
 * Fan-out between server processes over Redis pub/sub. Each process subscribes to the reviews it
 * holds and to one control channel; what it publishes carries its own id, so it skips its own
 * echoes. Redis pub/sub keeps no history: after a reconnect every holder is told to heal from
 * the store (`onResubscribed`), which is the source of truth for what was committed.
 */
export class RedisBus {
  readonly processId = randomUUID();
  private readonly publisher: Redis;
  private readonly subscriber: Redis;
  private readonly prefix: string;
  private readonly handlers = new Map<string, (message: ReviewMessage) => void>();
  private readonly controlHandlers: ((message: ControlMessage) => void)[] = [];
  private readonly resubscribed: (() => void)[] = [];
  private readonly log: (message: string, error?: unknown) => void;
  private everReady = false;
  readonly ready: Promise<void>;

  constructor(options: BusOptions) {
    this.prefix = options.prefix ?? 'bestfit:';
    this.log = options.log ?? (() => {});
    // Commands wait through a restart of Redis (offline queue) instead of failing at the first retry.
    const connection = { maxRetriesPerRequest: null, lazyConnect: true } as const;
    this.publisher = new Redis(options.url, connection);
    this.subscriber = new Redis(options.url, connection);
    for (const client of [this.publisher, this.subscriber]) {
      client.on('error', (error: unknown) => this.log('Redis connection error', error));
    }
    this.subscriber.on('messageBuffer', (channel: Buffer, data: Buffer) => this.deliver(channel.toString(), data));
    this.subscriber.on('ready', () => {
      // ioredis resubscribes by itself on reconnect; what was published meanwhile is gone.
      if (this.everReady) for (const heal of this.resubscribed) heal();
      this.everReady = true;
    });
    this.ready = this.start();
  }

  private async start(): Promise<void> {
    await Promise.all([this.publisher.connect(), this.subscriber.connect()]);
    await this.subscriber.subscribe(this.controlChannel);
  }

  private get controlChannel(): string {
    return `${this.prefix}control`;
  }

  private reviewChannel(reviewId: string): string {
    return `${this.prefix}review:${reviewId}`;
  }

  private deliver(channel: string, data: Buffer): void {
    try {
      if (channel === this.controlChannel) {
        const message = decodeControlMessage(data.toString('utf8'));
        if (message.origin === this.processId) return;
        for (const handler of this.controlHandlers) handler(message);
        return;
      }
      const reviewId = channel.slice(`${this.prefix}review:`.length);
      const handler = this.handlers.get(reviewId);
      if (!handler) return;
      const message = decodeReviewMessage(new Uint8Array(data.buffer, data.byteOffset, data.byteLength));
      if (message.origin !== this.processId) handler(message);
    } catch (error) {
      // One bad message must not stop the others: logged with the channel, then dropped.
      if (error instanceof BadBusMessage) this.log(`dropped a message on ${channel}: ${error.message}`);
      else this.log(`handling a message on ${channel} failed`, error);
    }
  }

  /**
   * Receive the review's messages from other processes (one handler per review: a newer one
   * replaces it). Resolves, once Redis has confirmed, with the way to stop.
   */
  async subscribe(reviewId: string, handler: (message: ReviewMessage) => void): Promise<() => Promise<void>> {
    this.handlers.set(reviewId, handler);
    await this.subscriber.subscribe(this.reviewChannel(reviewId));
    return async () => {
      // A room that loaded again after this one may hold the review's subscription by now.
      if (this.handlers.get(reviewId) !== handler) return;
      this.handlers.delete(reviewId);
      await this.subscriber.unsubscribe(this.reviewChannel(reviewId));
    };
  }

  async publish(reviewId: string, message: OutgoingReviewMessage): Promise<void> {
    const full = { ...message, origin: this.processId } as ReviewMessage;
    await this.publisher.publish(this.reviewChannel(reviewId), Buffer.from(encodeReviewMessage(full)));
  }

  async publishControl(message: OutgoingControlMessage): Promise<void> {
    await this.publisher.publish(this.controlChannel, JSON.stringify({ ...message, origin: this.processId }));
  }

  onControl(handler: (message: ControlMessage) => void): void {
    this.controlHandlers.push(handler);
  }

  /** Called after the subscriber reconnected and resubscribed: anything published meanwhile was missed. */
  onResubscribed(heal: () => void): void {
    this.resubscribed.push(heal);
  }

  /** Both connections are up (publishing and listening). */
  get connected(): boolean {
    return this.publisher.status === 'ready' && this.subscriber.status === 'ready';
  }

  async close(): Promise<void> {
    this.handlers.clear();
    await Promise.allSettled([this.publisher.quit(), this.subscriber.quit()]);
  }
}
