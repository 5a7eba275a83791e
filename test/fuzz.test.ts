import * as encoding from 'lib0/encoding';
import * as decoding from 'lib0/decoding';
import { afterAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import * as awarenessProtocol from 'y-protocols/awareness';
import * as Y from 'yjs';
import { readFrameworkFile } from '../server/frameworks/files.ts';
import { MessageType, SyncType } from '../shared/protocol/messages.ts';
import { ReviewDoc } from '../shared/review/accessors.ts';
import { Root, defineRoots } from '../shared/review/roots.ts';
import { connectClient, sameContent, synced, until, type StockClient } from './helpers/clients.ts';
import { createReviewOver, repoRoot, startTestServer, type TestServer } from './helpers/server.ts';

const framework = await readFrameworkFile(`${repoRoot}frameworks/ba-partnership-sef.yaml`);
const FRAMES = 10_000;
const WORKERS = 8;

/** Seeded, so a failure can be replayed exactly. */
function mulberry32(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function frame(type: number, write: (e: encoding.Encoder) => void): Uint8Array {
  const e = encoding.createEncoder();
  encoding.writeVarUint(e, type);
  write(e);
  return encoding.toUint8Array(e);
}

const syncFrame = (sub: number, payload: Uint8Array) =>
  frame(MessageType.sync, (e) => {
    encoding.writeVarUint(e, sub);
    encoding.writeVarUint8Array(e, payload);
  });

/** Frames a hostile or broken client might send, built on a copy of the review's real state. */
function seedFrames(state: Uint8Array): Uint8Array[] {
  const frames: Uint8Array[] = [];
  const change = (edit: (doc: Y.Doc) => void) => {
    const doc = new Y.Doc();
    Y.applyUpdate(doc, state);
    const before = Y.encodeStateVector(doc);
    edit(doc);
    frames.push(syncFrame(SyncType.update, Y.encodeStateAsUpdate(doc, before)));
    frames.push(syncFrame(SyncType.step2, Y.encodeStateAsUpdate(doc, before)));
  };
  change((d) => d.getMap(Root.ratings).set('self/1.1/-', 'superb'));
  change((d) => d.getMap(Root.ratings).set('self/99/-', 'developing'));
  change((d) => d.getMap(Root.meta).set('title', 'hijacked'));
  change((d) => d.getMap('intruder').set('x', 1));
  change((d) => d.getMap<Y.Text>(Root.focus).set('self/1.1', new Y.Text('replaced')));
  change((d) => d.getMap(Root.evidenceItems).delete('1.1'));
  change((d) =>
    d
      .getMap<Y.Text>(Root.evidence)
      .get('self/1.1')!
      .insertEmbed(0, { big: 'x'.repeat(500) }),
  );
  change((d) =>
    d
      .getMap<Y.Array<unknown>>(Root.comments)
      .get('1.1')!
      .push([{ text: 'no author' }]),
  );
  const sv = new Y.Doc();
  frames.push(syncFrame(SyncType.step1, Y.encodeStateVector(sv)));
  const awareness = new awarenessProtocol.Awareness(new Y.Doc());
  awareness.setLocalState({ user: { name: 'x'.repeat(100) } });
  frames.push(
    frame(MessageType.awareness, (e) =>
      encoding.writeVarUint8Array(e, awarenessProtocol.encodeAwarenessUpdate(awareness, [awareness.clientID])),
    ),
  );
  awareness.destroy();
  frames.push(frame(MessageType.queryAwareness, () => {}));
  frames.push(frame(MessageType.auth, (e) => encoding.writeVarUint(e, 0)));
  return frames;
}

function mutate(base: Uint8Array, random: () => number): Uint8Array {
  const pick = random();
  const bytes = new Uint8Array(base);
  if (pick < 0.15)
    return new Uint8Array(Array.from({ length: 1 + Math.floor(random() * 64) }, () => Math.floor(random() * 256)));
  if (pick < 0.35) return bytes.subarray(0, Math.floor(random() * bytes.length));
  if (pick < 0.5) {
    const tail = Array.from({ length: 1 + Math.floor(random() * 16) }, () => Math.floor(random() * 256));
    return new Uint8Array([...bytes, ...tail]);
  }
  const flips = 1 + Math.floor(random() * 4);
  for (let i = 0; i < flips; i++) bytes[Math.floor(random() * bytes.length)] = Math.floor(random() * 256);
  return bytes;
}

let server: TestServer;
const clients: StockClient[] = [];
afterAll(async () => {
  for (const c of clients) c.destroy();
  await server?.close();
});

/** Send one frame and a saved-query behind it: resolves once the server has dealt with the frame. */
class Prober {
  private ws: WebSocket | null = null;
  private token = 0;
  constructor(private readonly url: string) {}

  private open(): Promise<WebSocket> {
    const ws = new WebSocket(this.url);
    return new Promise((resolve, reject) => {
      ws.once('open', () => resolve(ws));
      ws.once('error', reject);
    });
  }

  /** 'kept' when the server answered after the frame, 'closed' when it closed the connection. */
  async send(data: Uint8Array): Promise<'kept' | 'closed'> {
    if (!this.ws || this.ws.readyState !== WebSocket.OPEN) this.ws = await this.open();
    const ws = this.ws;
    const token = ++this.token;
    const outcome = new Promise<'kept' | 'closed'>((resolve) => {
      const onMessage = (msg: Buffer) => {
        const d = decoding.createDecoder(new Uint8Array(msg));
        if (decoding.readVarUint(d) === MessageType.saved && decoding.readVarUint(d) === token) done('kept');
      };
      const onClose = () => done('closed');
      const done = (result: 'kept' | 'closed') => {
        ws.off('message', onMessage);
        ws.off('close', onClose);
        resolve(result);
      };
      ws.on('message', onMessage);
      ws.once('close', onClose);
    });
    ws.send(data);
    ws.send(frame(MessageType.saved, (e) => encoding.writeVarUint(e, token)));
    return outcome;
  }

  close(): void {
    this.ws?.terminate();
  }
}

/** Everything the skeleton built is still there, with the right type, and nothing else is. */
function expectIntactStructure(doc: Y.Doc): void {
  const review = new ReviewDoc(doc, framework);
  for (const key of review.model.textKeys) {
    expect(doc.getMap(Root.focus).get(key)).toBeInstanceOf(Y.Text);
    expect(doc.getMap(Root.evidence).get(key)).toBeInstanceOf(Y.Text);
  }
  for (const c of review.model.criteria) expect(doc.getMap(Root.evidenceItems).get(c)).toBeInstanceOf(Y.Array);
  for (const [key, value] of doc.getMap(Root.ratings)) {
    expect(review.model.ratingKeys.has(key)).toBe(true);
    expect(review.model.ratingValues.has(value as string)).toBe(true);
  }
  expect([...doc.share.keys()].every((name) => (Object.values(Root) as string[]).includes(name))).toBe(true);
  expect(doc.getMap(Root.meta).get('title')).toBe('Test review');
}

async function storedState(reviewId: string): Promise<Y.Doc> {
  const after = await server.store.loadDocument(reviewId);
  const doc = new Y.Doc();
  defineRoots(doc);
  Y.applyUpdate(doc, Y.mergeUpdates([after.snapshot!, ...after.updates]));
  return doc;
}

/** Throw `count` frames at the review as `token`'s holder, eight connections at a time. */
async function fuzz(reviewId: string, token: string, base: Uint8Array[], seed: number, count: number) {
  const random = mulberry32(seed);
  const frames = Array.from({ length: count }, () => mutate(base[Math.floor(random() * base.length)]!, random));
  const outcomes = { kept: 0, closed: 0 };
  await Promise.all(
    Array.from({ length: WORKERS }, async (_, w) => {
      const prober = new Prober(`${server.wsUrl}/${reviewId}?token=${token}`);
      for (let i = w; i < frames.length; i += WORKERS) outcomes[await prober.send(frames[i]!)]++;
      prober.close();
    }),
  );
  return outcomes;
}

describe('fuzzing the sync endpoint', () => {
  it(`survives ${FRAMES.toLocaleString('en-GB')} random and mutated frames from an observer without any change`, async () => {
    server = await startTestServer();
    const reviewId = await createReviewOver(server.url, server.owner.token, framework.id);
    const good = connectClient(server.wsUrl, reviewId, { token: server.owner.token });
    clients.push(good);
    await synced(good);
    const rg = new ReviewDoc(good.doc, framework);
    rg.setRating('self', '1.1', '-', 'developed');
    rg.focus('self', '1.1').insert(0, 'before the storm');
    const observer = await server.addMember(reviewId, 'observer', 'Fuzzing observer');
    const editor = await server.addMember(reviewId, 'editor', 'Fuzzing editor');
    const before = await storedState(reviewId);
    await until(good.doc, () => rg.focus('self', '1.1').length > 0);
    const base = seedFrames(Y.encodeStateAsUpdate(before));

    const outcomes = await fuzz(reviewId, observer.token, base, 20261123, FRAMES);
    expect(outcomes.kept + outcomes.closed).toBe(FRAMES);
    expect(outcomes.closed).toBeGreaterThan(FRAMES / 4);

    // The server is up, the well-behaved client never noticed, and the review is exactly as it was.
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
    expect(good.provider.wsconnected).toBe(true);
    const after = await storedState(reviewId);
    expect(Y.encodeStateVector(after)).toEqual(Y.encodeStateVector(before));
    expect(after.toJSON()).toEqual(before.toJSON());
    defineRoots(good.doc);
    expect(good.doc.toJSON()).toEqual(before.toJSON());

    // From an editor, the same kind of frames may make valid changes (a mutated delete set can
    // clear a rating), but never break the review's structure or the clients' agreement.
    const editorOutcomes = await fuzz(reviewId, editor.token, base, 42, FRAMES / 2);
    expect(editorOutcomes.kept + editorOutcomes.closed).toBe(FRAMES / 2);
    expect(good.provider.wsconnected).toBe(true);
    rg.setRating('self', '1.2', '-', 'enhancing');
    const fresh = connectClient(server.wsUrl, reviewId, { token: server.owner.token });
    clients.push(fresh);
    await synced(fresh);
    defineRoots(fresh.doc);
    const rf = new ReviewDoc(fresh.doc, framework);
    await until(fresh.doc, () => rf.getRating('self', '1.2') === 'enhancing');
    await until(good.doc, () => sameContent(good.doc, fresh.doc), 'the clients to agree');
    expect(Y.encodeStateVector(good.doc)).toEqual(Y.encodeStateVector(fresh.doc));
    expectIntactStructure(fresh.doc);
    expectIntactStructure(await storedState(reviewId));
  });
});
