import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { WebSocket } from 'ws';
import type { AccessStore } from '../store/access-types.ts';
import { SqliteStore } from '../store/sqlite.ts';
import { CredentialWatch } from './credential-watch.ts';
import { Peer, type PeerCredential } from './peer.ts';

const HOUR = 60 * 60 * 1000;
const DAY = 24 * HOUR;
const user = { id: 'u-ada', name: 'Ada' };

// The watch never touches the socket; the peers here only carry their credential.
const peerWith = (credential: PeerCredential | null) =>
  new Peer(null as unknown as WebSocket, 'review-1', user, 'editor', true, false, credential);
const session = (hash: string, expiresAt: number | null): PeerCredential => ({ kind: 'session', hash, expiresAt });
const token = (hash: string): PeerCredential => ({ kind: 'token', hash, expiresAt: null });

/** How many timers the watch still holds: one per watched session, none once it fired or was forgotten. */
const held = (watch: CredentialWatch) => watch['timers'].size;

describe('CredentialWatch.watch', () => {
  const unused = {} as AccessStore;
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
    vi.setSystemTime(new Date('2026-11-28T09:00:00.000Z'));
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('ends a session exactly when it expires, once', () => {
    const watch = new CredentialWatch(unused);
    const ended = vi.fn();
    const peer = peerWith(session('s1', Date.now() + HOUR));
    watch.watch(peer, ended);
    vi.advanceTimersByTime(HOUR - 1);
    expect(ended).not.toHaveBeenCalled();
    vi.advanceTimersByTime(1);
    expect(ended).toHaveBeenCalledExactlyOnceWith(peer);
    vi.advanceTimersByTime(10 * DAY);
    expect(ended).toHaveBeenCalledTimes(1);
    expect(held(watch)).toBe(0);
  });

  it('ends a session longer than the longest timer at its end, not when the first timer fires', () => {
    const watch = new CredentialWatch(unused);
    const ended = vi.fn();
    const peer = peerWith(session('s1', Date.now() + 30 * DAY));
    watch.watch(peer, ended);
    // The first timer fires after 2^31 − 1 ms (about 24.8 days) and is re-armed.
    vi.advanceTimersByTime(25 * DAY);
    expect(ended).not.toHaveBeenCalled();
    expect(held(watch)).toBe(1);
    vi.advanceTimersByTime(5 * DAY - 1);
    expect(ended).not.toHaveBeenCalled();
    vi.advanceTimersByTime(1);
    expect(ended).toHaveBeenCalledExactlyOnceWith(peer);
    expect(held(watch)).toBe(0);
  });

  it('ends a session that has already expired at once', () => {
    const watch = new CredentialWatch(unused);
    const ended = vi.fn();
    const peer = peerWith(session('s1', Date.now() - HOUR));
    watch.watch(peer, ended);
    expect(ended).not.toHaveBeenCalled();
    vi.advanceTimersByTime(0);
    expect(ended).toHaveBeenCalledExactlyOnceWith(peer);
  });

  it('sets no timer for an API token or a connection without a credential', () => {
    const watch = new CredentialWatch(unused);
    const ended = vi.fn();
    watch.watch(peerWith(token('t1')), ended);
    watch.watch(peerWith(null), ended);
    expect(held(watch)).toBe(0);
    expect(vi.getTimerCount()).toBe(0);
    vi.advanceTimersByTime(100 * DAY);
    expect(ended).not.toHaveBeenCalled();
  });

  it('never ends a session it was told to forget, and holds no timer for it', () => {
    const watch = new CredentialWatch(unused);
    const ended = vi.fn();
    const forgotten = peerWith(session('s1', Date.now() + HOUR));
    const kept = peerWith(session('s2', Date.now() + HOUR));
    watch.watch(forgotten, ended);
    watch.watch(kept, ended);
    watch.forget(forgotten);
    // Forgetting a peer never watched changes nothing.
    watch.forget(peerWith(null));
    expect(held(watch)).toBe(1);
    vi.advanceTimersByTime(HOUR);
    expect(ended).toHaveBeenCalledExactlyOnceWith(kept);
  });

  it('ends no session once stopped', () => {
    const watch = new CredentialWatch(unused);
    const ended = vi.fn();
    watch.watch(peerWith(session('s1', Date.now() + HOUR)), ended);
    watch.watch(peerWith(session('s2', Date.now() + 2 * HOUR)), ended);
    watch.stop();
    expect(held(watch)).toBe(0);
    expect(vi.getTimerCount()).toBe(0);
    vi.advanceTimersByTime(DAY);
    expect(ended).not.toHaveBeenCalled();
  });
});

describe('CredentialWatch timers', () => {
  it('never keep the process alive', () => {
    const watch = new CredentialWatch({} as AccessStore);
    const peer = peerWith(session('s1', Date.now() + HOUR));
    watch.watch(peer, () => {});
    expect(watch['timers'].get(peer)?.hasRef()).toBe(false);
    watch.stop();
  });
});

describe('CredentialWatch.invalid', () => {
  let store: SqliteStore;
  /** Store queries per kind, to show one query per credential. */
  let queries: { session: string[]; token: string[] };
  let access: AccessStore;
  const inAnHour = () => new Date(Date.now() + HOUR).toISOString();

  beforeEach(async () => {
    store = new SqliteStore(':memory:');
    await store.access.createUser({
      id: user.id,
      email: 'ada@school.example',
      name: user.name,
      isAdmin: false,
      createdAt: '2026-01-01T00:00:00.000Z',
      passwordHash: 'scrypt$x',
    });
    queries = { session: [], token: [] };
    const real = store.access;
    access = Object.create(real) as AccessStore;
    access.sessionById = (hash, now) => {
      queries.session.push(hash);
      return real.sessionById(hash, now);
    };
    access.tokenUser = (hash) => {
      queries.token.push(hash);
      return real.tokenUser(hash);
    };
  });
  afterEach(async () => {
    await store.close();
  });

  it('names the peers whose session ended, expired or never existed, and keeps those still signed in', async () => {
    await store.access.createSession('live', user.id, inAnHour());
    await store.access.createSession('ended', user.id, inAnHour());
    await store.access.createSession('expired', user.id, new Date(Date.now() - 1000).toISOString());
    await store.access.deleteSession('ended');
    const live = peerWith(session('live', Date.now() + HOUR));
    const ended = peerWith(session('ended', Date.now() + HOUR));
    const expired = peerWith(session('expired', Date.now() + HOUR));
    const unknown = peerWith(session('unknown', Date.now() + HOUR));
    const invalid = await new CredentialWatch(access).invalid([live, ended, expired, unknown]);
    expect(invalid).toEqual([ended, expired, unknown]);
    expect(queries.token).toEqual([]);
  });

  it('checks an API token as a token: a live one is kept, a revoked or unknown one named', async () => {
    await store.access.createApiToken({ id: 'tok-1', tokenHash: 'live-token', userId: user.id, name: 'ci' });
    const live = peerWith(token('live-token'));
    const unknown = peerWith(token('unknown-token'));
    const invalid = await new CredentialWatch(access).invalid([live, unknown]);
    expect(invalid).toEqual([unknown]);
    expect(queries).toEqual({ session: [], token: ['live-token', 'unknown-token'] });
  });

  it('asks the store once per credential, naming every peer that shares an invalid one', async () => {
    await store.access.createSession('live', user.id, inAnHour());
    const tabs = [peerWith(session('gone', Date.now() + HOUR)), peerWith(session('gone', Date.now() + HOUR))];
    const other = peerWith(session('live', Date.now() + HOUR));
    const invalid = await new CredentialWatch(access).invalid([tabs[0]!, other, tabs[1]!]);
    expect(invalid).toEqual(tabs);
    expect(queries.session).toEqual(['gone', 'live']);
  });

  it('skips closed peers and peers without a credential', async () => {
    const closed = peerWith(session('gone', Date.now() + HOUR));
    closed.closed = true;
    const anonymous = peerWith(null);
    expect(await new CredentialWatch(access).invalid([closed, anonymous])).toEqual([]);
    expect(queries).toEqual({ session: [], token: [] });
  });

  it('skips a credential whose every peer closed while others were checked, but not one with a peer still open', async () => {
    const first = peerWith(session('first', Date.now() + HOUR));
    const alone = peerWith(session('alone', Date.now() + HOUR));
    const shared = [peerWith(session('shared', Date.now() + HOUR)), peerWith(session('shared', Date.now() + HOUR))];
    const counted = access.sessionById.bind(access);
    // Sockets close while the first credential is being checked.
    access.sessionById = (hash, now) => {
      if (hash === 'first') {
        alone.closed = true;
        shared[0]!.closed = true;
      }
      return counted(hash, now);
    };
    const invalid = await new CredentialWatch(access).invalid([first, alone, ...shared]);
    expect(queries.session).toEqual(['first', 'shared']);
    expect(invalid).toEqual([first, ...shared]);
  });

  it('lets other work run every hundred credentials while checking thousands, not at each one', async () => {
    const peers = Array.from({ length: 300 }, (_, i) => peerWith(token(`token-${i}`)));
    let turns = 0;
    let running = true;
    const tick = () => {
      turns++;
      if (running) setImmediate(tick);
    };
    setImmediate(tick);
    const invalid = await new CredentialWatch(access).invalid(peers);
    running = false;
    expect(invalid).toHaveLength(300);
    expect(turns).toBeGreaterThanOrEqual(2);
    expect(turns).toBeLessThanOrEqual(4);
  });
});
