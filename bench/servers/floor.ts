/**
 * The floor: the least a y-websocket server can do on this machine. A bare `ws` relay with no
 * Yjs — no document, no validation, no store, no auth: each room keeps the update frames it was
 * sent, byte for byte, and forwards every update and presence frame to the room's other
 * connections as it arrives. A joiner's step 1 is answered with the kept frames and an empty
 * step 2, so stock providers sync and apply edits as usual. Nothing a real server must do is
 * here, so no server can beat it; the bench shows how far above it each server is.
 *
 * With FLOOR_STORE (a database file) it is the stored floor: each update frame is written to
 * SQLite before it is relayed, the least a server that stores before relaying can do. One prepared
 * insert per update, WAL with synchronous NORMAL as Bestfit's store (no fsync per commit), and the
 * WAL never checkpointed while it runs, so no commit waits on one.
 */
import Database from 'better-sqlite3';
import * as decoding from 'lib0/decoding';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type RawData, type WebSocket } from 'ws';

// Message types of y-protocols, each one byte on the wire (var-uints below 128).
const SYNC = 0;
const AWARENESS = 1;
const STEP1 = 0;
const STEP2 = 1;
const UPDATE = 2;
/** Sync step 2 carrying an empty Yjs update (no structs, empty delete set). */
const EMPTY_STEP2 = Uint8Array.of(SYNC, STEP2, 2, 0, 0);

interface Room {
  peers: Set<WebSocket>;
  /** Every update frame received, in order: what a joiner is sent. */
  updates: Buffer[];
}

const rooms = new Map<string, Room>();

/** Writes an update frame to the stored floor's database, or nothing without one. */
const store = openStore(process.env.FLOOR_STORE);

function openStore(file: string | undefined): (room: string, frame: Buffer) => void {
  if (!file) return () => {};
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma('wal_autocheckpoint = 0');
  db.exec(
    'CREATE TABLE IF NOT EXISTS updates (room TEXT NOT NULL, seq INTEGER NOT NULL, data BLOB NOT NULL, PRIMARY KEY (room, seq))',
  );
  const insert = db.prepare('INSERT INTO updates (room, seq, data) VALUES (?, ?, ?)');
  const seqs = new Map<string, number>();
  return (room, frame) => {
    const seq = (seqs.get(room) ?? 0) + 1;
    seqs.set(room, seq);
    // The Yjs update itself (after the two type bytes and its length), as Bestfit stores it; each
    // insert is its own transaction, stored as a commit is, before the relay.
    insert.run(room, seq, decoding.readVarUint8Array(decoding.createDecoder(frame.subarray(2))));
  };
}

function roomOf(name: string): Room {
  let room = rooms.get(name);
  if (!room) rooms.set(name, (room = { peers: new Set(), updates: [] }));
  return room;
}

function forward(room: Room, from: WebSocket, frame: Buffer): void {
  for (const peer of room.peers) if (peer !== from && peer.readyState === peer.OPEN) peer.send(frame);
}

function onFrame(name: string, room: Room, ws: WebSocket, data: RawData): void {
  const frame = Buffer.isBuffer(data) ? data : Buffer.from(data as ArrayBuffer);
  if (frame[0] === AWARENESS) return forward(room, ws, frame);
  if (frame[0] !== SYNC || frame.length < 2) return;
  if (frame[1] === STEP1) {
    for (const update of room.updates) ws.send(update);
    ws.send(EMPTY_STEP2);
    return;
  }
  if (frame[1] !== STEP2 && frame[1] !== UPDATE) return;
  // A client's step 2 carries an update like any other: kept and relayed as one.
  const update = frame[1] === UPDATE ? frame : Buffer.concat([Buffer.of(SYNC, UPDATE), frame.subarray(2)]);
  store(name, update);
  room.updates.push(update);
  forward(room, ws, update);
}

const wss = new WebSocketServer({ noServer: true });
const server = createServer((_request, response) => {
  response.writeHead(200, { 'Content-Type': 'text/plain' });
  response.end('okay');
});

server.on('upgrade', (request, socket, head) => {
  wss.handleUpgrade(request, socket, head, (ws) => {
    const name = new URL(request.url ?? '/', 'http://floor').pathname;
    const room = roomOf(name);
    room.peers.add(ws);
    ws.on('message', (data) => onFrame(name, room, ws, data));
    ws.on('close', () => room.peers.delete(ws));
  });
});

server.listen(Number(process.env.PORT ?? 0), process.env.HOST ?? '127.0.0.1', () => {
  const { port } = server.address() as AddressInfo;
  console.log(`[floor] listening on http://127.0.0.1:${port}`);
});
process.on('SIGTERM', () => process.exit(0));
process.on('SIGINT', () => process.exit(0));
