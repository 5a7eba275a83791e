import { IndexeddbPersistence } from 'y-indexeddb';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import type { Framework } from '../../shared/framework/schema.ts';
import { CloseCode, closeMessages, type CloseCodeValue } from '../../shared/protocol/close-codes.ts';
import { ReviewDoc } from '../../shared/review/accessors.ts';
/** The name and colour others see next to this person's edits. */
export interface LocalUser {
  /** The account's id and role; the server stamps the same on what others see. */
  id: string;
  role: 'facilitator' | 'editor' | 'observer';
  name: string;
  color: string;
}
import { Root } from '../../shared/review/roots.ts';
import { MeetingConnection } from './meeting.ts';
import { jitteredReconnect } from './reconnect.ts';
import { SaveTracker } from './save-tracker.ts';

export interface ConnectionSnapshot {
  /** The socket's state; "offline" when the browser reports no network. */
  status: 'connecting' | 'connected' | 'disconnected' | 'offline';
  /** The first sync with the server has completed (the grid shows server data). */
  loaded: boolean;
  /** Local changes the server has not confirmed stored. */
  unsaved: number;
  /** A permanent refusal (unknown review, no access): nothing more will be tried. */
  fatal: string | null;
  /** Something the person should know, e.g. a refused change that was rolled back. */
  notice: string | null;
  /** Bumped whenever the document is replaced by a fresh one from the server. */
  generation: number;
}

/** Codes after which the document is rebuilt from the server rather than given up. */
const reloadCodes = new Set<number>([
  CloseCode.invalidUpdate,
  CloseCode.malformed,
  CloseCode.tooLarge,
  CloseCode.rateLimited,
]);

export const colorLight = (color: string) => `${color}33`;

const IDLE_MS = 2 * 60_000;
const activityEvents = ['pointerdown', 'keydown', 'focusin'] as const;

/**
 * One open review: its Y.Doc, the websocket provider and what the page shows about them.
 * A refused change gets a fresh document from the server, so the local copy never drifts.
 */
export class ReviewConnection {
  doc!: Y.Doc;
  provider!: WebsocketProvider;
  review!: ReviewDoc;
  private tracker!: SaveTracker;
  meeting!: MeetingConnection;
  /** The review kept in this browser, so work goes on offline and survives a reload. */
  private local!: IndexeddbPersistence;
  private stopReconnect!: () => void;
  /** Undo and redo of this person's own ratings, agreed ratings and locks (texts have their own). */
  undo!: Y.UndoManager;
  private snapshot: ConnectionSnapshot;
  private readonly listeners = new Set<() => void>();
  private destroyed = false;

  constructor(
    private readonly reviewId: string,
    private readonly framework: Framework,
    private readonly user: LocalUser,
    private readonly serverUrl: string = defaultServerUrl(),
  ) {
    this.snapshot = { status: 'connecting', loaded: false, unsaved: 0, fatal: null, notice: null, generation: 0 };
    this.open();
    window.addEventListener('online', this.onNetwork);
    window.addEventListener('offline', this.onNetwork);
    document.addEventListener('visibilitychange', this.onActivity);
    for (const e of activityEvents) window.addEventListener(e, this.onActivity, { passive: true });
    this.onActivity();
  }

  private idleTimer: ReturnType<typeof setTimeout> | null = null;

  /** Away when the tab is hidden or nothing has been touched for two minutes. */
  private readonly onActivity = () => {
    if (this.idleTimer) clearTimeout(this.idleTimer);
    const hidden = document.visibilityState === 'hidden';
    this.setAway(hidden);
    if (!hidden) this.idleTimer = setTimeout(() => this.setAway(true), IDLE_MS);
  };

  private setAway(away: boolean): void {
    const state = this.provider.awareness.getLocalState() as { away?: boolean } | null;
    if (state && state.away !== away) this.provider.awareness.setLocalStateField('away', away);
  }

  private open(): void {
    this.doc = new Y.Doc();
    this.review = new ReviewDoc(this.doc, this.framework);
    this.local = new IndexeddbPersistence(`bestfit-review-${this.reviewId}`, this.doc);
    this.provider = new WebsocketProvider(this.serverUrl, this.reviewId, this.doc, {
      // Tabs of one browser would otherwise sync with each other and bypass the server's checks.
      disableBc: true,
      maxBackoffTime: 10_000,
    });
    this.provider.awareness.setLocalStateField('user', {
      id: this.user.id,
      role: this.user.role,
      name: this.user.name,
      color: this.user.color,
      colorLight: colorLight(this.user.color),
    });
    this.stopReconnect = jitteredReconnect(this.provider);
    this.meeting = new MeetingConnection(this.provider);
    this.undo = new Y.UndoManager(
      [this.doc.getMap(Root.ratings), this.doc.getMap(Root.agreed), this.doc.getMap(Root.locks)],
      {
        // Only changes made here (local transactions have no origin); never someone else's.
        trackedOrigins: new Set([null]),
        captureTimeout: 300,
      },
    );
    this.tracker = new SaveTracker(this.doc, this.provider, () => this.update({ unsaved: this.tracker.unsaved }));
    this.provider.on('status', ({ status }) => this.update({ status: navigator.onLine ? status : 'offline' }));
    this.provider.on('sync', (synced: boolean) => synced && this.update({ loaded: true }));
    this.provider.on('closed', ({ code, reason }) => this.onClosed(code, reason));
  }

  private readonly onNetwork = () => {
    if (!navigator.onLine) this.update({ status: 'offline' });
    else if (this.snapshot.status === 'offline') {
      this.update({ status: 'connecting' });
      this.provider.connect();
    }
  };

  private onClosed(code: number, reason: string): void {
    const message = closeMessages[code as CloseCodeValue] ?? `The connection closed (${code}).`;
    if (reloadCodes.has(code)) {
      // Our copy holds a change the server refused: start again from the server's, here and in the browser's store.
      const stale = this.local;
      this.close();
      void stale.clearData();
      this.open();
      this.update({
        loaded: false,
        unsaved: 0,
        notice: reason ? `${message} (${reason})` : message,
        generation: this.snapshot.generation + 1,
      });
      return;
    }
    // The server's reason says why (e.g. the account was disabled); the code's message says what now.
    this.update({ fatal: reason ? `${message} (${reason})` : message, status: 'disconnected' });
  }

  setFocus(criterion: string | null): void {
    this.provider.awareness.setLocalStateField('focus', criterion);
  }

  /** Facilitators: bring everyone following to this criterion. */
  setSpotlight(criterion: string | null): void {
    this.provider.awareness.setLocalStateField('spotlight', criterion);
  }

  dismissNotice(): void {
    this.update({ notice: null });
  }

  getSnapshot = (): ConnectionSnapshot => this.snapshot;

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  private update(patch: Partial<ConnectionSnapshot>): void {
    if (this.destroyed) return;
    this.snapshot = { ...this.snapshot, ...patch };
    this.emit();
  }

  private emit(): void {
    for (const l of this.listeners) l();
  }

  private close(): void {
    this.stopReconnect();
    void this.local.destroy();
    this.undo.destroy();
    this.meeting.destroy();
    this.tracker.destroy();
    this.provider.destroy();
    this.doc.destroy();
  }

  destroy(): void {
    if (this.destroyed) return;
    this.destroyed = true;
    window.removeEventListener('online', this.onNetwork);
    window.removeEventListener('offline', this.onNetwork);
    document.removeEventListener('visibilitychange', this.onActivity);
    for (const e of activityEvents) window.removeEventListener(e, this.onActivity);
    if (this.idleTimer) clearTimeout(this.idleTimer);
    this.close();
  }
}

/** ws(s)://<this host>/collab — the server serves page, API and websocket on one port. */
export function defaultServerUrl(): string {
  const { protocol, host } = window.location;
  return `${protocol === 'https:' ? 'wss:' : 'ws:'}//${host}/collab`;
}
