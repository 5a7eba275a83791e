import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { discardEarlySocket, EarlyOrNewWebSocket, openEarlySocket } from './early-socket.ts';

/** Enough of a browser WebSocket: listeners and on… handlers, what was sent, whether it was closed. */
class FakeSocket extends EventTarget {
  static made: FakeSocket[] = [];
  binaryType = 'blob';
  sent: Uint8Array[] = [];
  closed = false;
  onopen: ((e: Event) => void) | null = null;
  onmessage: ((e: MessageEvent) => void) | null = null;
  onclose: ((e: Event) => void) | null = null;
  onerror: ((e: Event) => void) | null = null;
  constructor(readonly url: string) {
    super();
    FakeSocket.made.push(this);
  }
  send(data: Uint8Array) {
    this.sent.push(data);
  }
  close() {
    this.closed = true;
  }
  /** An event as the browser delivers it: listeners, then the handler. */
  fire(event: Event) {
    this.dispatchEvent(event);
    const handler = (this as unknown as Record<string, ((e: Event) => void) | null>)[`on${event.type}`];
    handler?.(event);
  }
}

const url = 'ws://example.test/collab/review-1';
const askForAll = [0, 0, 1, 0];
const message = (bytes: number[]) => new MessageEvent('message', { data: new Uint8Array(bytes).buffer });

beforeEach(() => {
  FakeSocket.made = [];
  vi.stubGlobal('WebSocket', FakeSocket);
});
afterEach(() => {
  discardEarlySocket();
  vi.unstubAllGlobals();
});

describe('the early socket', () => {
  it('asks for the whole document on open and hands what arrived, in order, to the handlers set on adoption', async () => {
    openEarlySocket(url);
    const early = FakeSocket.made[0]!;
    expect(early.binaryType).toBe('arraybuffer');
    early.fire(new Event('open'));
    expect(early.sent.map((d) => [...d])).toEqual([askForAll]);
    early.fire(message([0, 0, 1, 0]));
    early.fire(message([0, 1, 5]));

    const adopted = new EarlyOrNewWebSocket(url) as unknown as FakeSocket;
    expect(adopted).toBe(early);
    const seen: string[] = [];
    adopted.onopen = () => {
      seen.push('open');
      // The provider's own step 1 from an empty document: already asked, not sent again.
      adopted.send(new Uint8Array(askForAll));
      adopted.send(new Uint8Array([1, 2]));
    };
    adopted.onmessage = (e) => seen.push(`message ${[...new Uint8Array(e.data as ArrayBuffer)].join(',')}`);
    await Promise.resolve();
    expect(seen).toEqual(['open', 'message 0,0,1,0', 'message 0,1,5']);
    expect(early.sent.map((d) => [...d])).toEqual([askForAll, [1, 2]]);
    // Later events reach the handlers once, as the browser delivers them.
    early.fire(message([0, 2, 7]));
    expect(seen.at(-1)).toBe('message 0,2,7');
    expect(seen).toHaveLength(4);
  });

  it('is adopted once: reconnections and other reviews get sockets of their own', () => {
    openEarlySocket(url);
    const other = new EarlyOrNewWebSocket('ws://example.test/collab/review-2') as unknown as FakeSocket;
    expect(other).toBe(FakeSocket.made[1]);
    expect(new EarlyOrNewWebSocket(url)).toBe(FakeSocket.made[0]);
    expect(new EarlyOrNewWebSocket(url)).toBe(FakeSocket.made[2]);
  });

  it('sends the step 1 of a document that is not empty, and replays a refusal that came before adoption', async () => {
    openEarlySocket(url);
    const early = FakeSocket.made[0]!;
    early.fire(new Event('open'));
    // Node has no CloseEvent: an Event carrying the code stands in for it.
    early.fire(Object.assign(new Event('close'), { code: 4403 }));
    const adopted = new EarlyOrNewWebSocket(url) as unknown as FakeSocket;
    const codes: number[] = [];
    adopted.onopen = () => adopted.send(new Uint8Array([0, 0, 3, 1, 9, 2]));
    adopted.onclose = (e) => codes.push((e as Event & { code: number }).code);
    await Promise.resolve();
    expect(early.sent.map((d) => [...d])).toEqual([askForAll, [0, 0, 3, 1, 9, 2]]);
    expect(codes).toEqual([4403]);
  });

  it('is closed when nobody adopts it', () => {
    openEarlySocket(url);
    discardEarlySocket();
    expect(FakeSocket.made[0]!.closed).toBe(true);
    expect(new EarlyOrNewWebSocket(url)).toBe(FakeSocket.made[1]);
  });
});
