import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import type { Framework } from '../../shared/framework/schema.ts';
import { CloseCode, closeMessages, type CloseCodeValue } from '../../shared/protocol/close-codes.ts';
import { ReviewDoc } from '../../shared/review/accessors.ts';
import { EarlyOrNewWebSocket } from '../boot/early-socket.ts';
/** The name and colour others see next to this person's edits. */
export interface LocalUser {
  /** The account's id and role; the server stamps the same on what others see. */
  id: string;
  role: 'facilitator' | 'editor' | 'observer';
  name: string;
  color: string;
}
import type { PresenceState, PresenceUser } from '../../shared/protocol/presence.ts';
import { Root } from '../../shared/review/roots.ts';
import { DeferredIndexeddbPersistence } from './deferred-store.ts';
import { MeetingConnection } from './meeting.ts';
import { quietSyncStep2 } from './quiet-sync.ts';
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
  /** Text typed here that a refused change took with it, kept for the person to copy. */
  unsent: readonly UnsentText[];
  /** Bumped whenever the document is replaced by a fresh one from the server. */
  generation: number;
}

export interface UnsentText {
  /** What the text was, e.g. "Development focus for 1.1 Engagement of all schools (Self-evaluation)". */
  label: string;
  text: string;
}

/** Root maps holding collaborative texts that a person types into. */
const textRoots = [Root.focus, Root.evidence, Root.tableCells, Root.formFields] as const;

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
  private local!: DeferredIndexeddbPersistence;
  private stopReconnect!: () => void;
  /** Undo and redo of this person's own ratings, agreed ratings and locks (texts have their own). */
  undo!: Y.UndoManager;
  private snapshot: ConnectionSnapshot;
  private readonly listeners = new Set<() => void>();
  private destroyed = false;
  /** Between a refusal and the fresh document, nothing is open. */
  private closed = false;

  constructor(
    private readonly reviewId: string,
    private readonly framework: Framework,
    private readonly user: LocalUser,
    private readonly serverUrl: string = defaultServerUrl(),
  ) {
    this.snapshot = {
      status: 'connecting',
      loaded: false,
      unsaved: 0,
      fatal: null,
      notice: null,
      unsent: [],
      generation: 0,
    };
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
    const state = this.provider.awareness.getLocalState() as PresenceState | null;
    if (state && state.away !== away) this.provider.awareness.setLocalStateField('away', away);
  }

  private open(): void {
    this.closed = false;
    this.doc = new Y.Doc();
    this.review = new ReviewDoc(this.doc, this.framework);
    // Updates relayed by the server go into the browser's store after the frame that shows them.
    this.local = new DeferredIndexeddbPersistence(
      `bestfit-review-${this.reviewId}`,
      this.doc,
      (origin) => origin === this.provider,
    );
    this.provider = new WebsocketProvider(this.serverUrl, this.reviewId, this.doc, {
      // Tabs of one browser would otherwise sync with each other and bypass the server's checks.
      disableBc: true,
      maxBackoffTime: 10_000,
      // The socket opened as the page started, when it is to this review.
      WebSocketPolyfill: EarlyOrNewWebSocket,
    });
    const user: PresenceUser = {
      id: this.user.id,
      role: this.user.role,
      name: this.user.name,
      color: this.user.color,
      colorLight: colorLight(this.user.color),
    };
    this.provider.awareness.setLocalStateField('user', user);
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
    this.editedTexts.clear();
    this.doc.on('afterTransaction', this.onTransaction);
    this.tracker = new SaveTracker(this.doc, this.provider, () => {
      // Everything typed so far is stored: nothing of it can be lost to a refusal any more.
      if (this.tracker.unsaved === 0) this.editedTexts.clear();
      this.update({ unsaved: this.tracker.unsaved });
    });
    // Every 'update' listener on the document, in the order added: the server's state is applied without them.
    quietSyncStep2(this.provider, [this.local._storeUpdate, this.provider._updateHandler, this.tracker.onUpdate]);
    this.provider.on('status', ({ status }) => this.update({ status: navigator.onLine ? status : 'offline' }));
    this.provider.on('sync', (synced: boolean) => synced && this.update({ loaded: true }));
    this.provider.on('closed', ({ code, reason }) => this.onClosed(code, reason));
  }

  /** Texts changed here since the server last confirmed everything stored, as [root, key]. */
  private readonly editedTexts = new Map<string, [string, string]>();

  private readonly onTransaction = (tr: Y.Transaction) => {
    if (!tr.local) return;
    for (const type of tr.changed.keys()) {
      const item = type._item;
      if (!(type instanceof Y.Text) || !item || typeof item.parentSub !== 'string') continue;
      const root = textRoots.find((r) => item.parent === this.doc.getMap(r));
      if (root) this.editedTexts.set(`${root}/${item.parentSub}`, [root, item.parentSub]);
    }
  };

  /** What was typed here and not yet stored, with labels a person recognises. */
  private unsentTexts(): UnsentText[] {
    const texts: UnsentText[] = [];
    for (const [root, key] of this.editedTexts.values()) {
      const value = this.doc.getMap(root).get(key);
      const text = value instanceof Y.Text ? value.toString() : '';
      if (text.trim()) texts.push({ label: textLabel(this.framework, root, key), text });
    }
    return texts;
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
      const unsent = this.unsentTexts();
      const stale = this.local;
      this.close(false);
      this.update({
        status: 'connecting',
        loaded: false,
        unsaved: 0,
        notice: reason ? `${message} The server said: ${reason}.` : message,
        unsent,
      });
      // The browser's copy is emptied before the new one opens, or the refused change would come back.
      void stale
        .clearData()
        .catch(() => {})
        .then(() => {
          if (this.destroyed) return;
          this.open();
          this.update({ generation: this.snapshot.generation + 1 });
        });
      return;
    }
    // The server's reason says why (e.g. the account was disabled); the code's message says what now.
    this.update({ fatal: reason ? `${message} (${reason})` : message, status: 'disconnected' });
  }

  /** Whether this is the connection the page would open for this review, framework and person. */
  matches(
    reviewId: string,
    framework: Framework,
    user: { id: string; name: string; role: LocalUser['role'] },
  ): boolean {
    return (
      !this.destroyed &&
      this.reviewId === reviewId &&
      this.framework === framework &&
      this.user.id === user.id &&
      this.user.name === user.name &&
      this.user.role === user.role
    );
  }

  setFocus(criterion: string | null): void {
    this.provider.awareness.setLocalStateField('focus', criterion);
  }

  /** Facilitators: bring everyone following to this criterion. */
  setSpotlight(criterion: string | null): void {
    this.provider.awareness.setLocalStateField('spotlight', criterion);
  }

  dismissNotice(): void {
    this.update({ notice: null, unsent: [] });
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

  private close(closeLocal = true): void {
    if (this.closed) return;
    this.closed = true;
    this.stopReconnect();
    this.doc.off('afterTransaction', this.onTransaction);
    if (closeLocal) void this.local.destroy();
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

const textRootNames: Record<string, string> = {
  [Root.focus]: 'Development focus',
  [Root.evidence]: 'Evidence',
  [Root.tableCells]: 'Table cell',
  [Root.formFields]: 'Form field',
};

/** "Development focus for 1.1 Engagement of all schools (Self-evaluation)", as the editors are labelled. */
function textLabel(framework: Framework, root: string, key: string): string {
  const what = textRootNames[root] ?? root;
  if (root !== Root.focus && root !== Root.evidence) return `${what} ${key}`;
  const [track, criterionId] = key.split('/');
  const criterion = framework.sections.flatMap((s) => s.criteria).find((c) => c.id === criterionId);
  const trackLabel = framework.tracks.find((t) => t.id === track)?.label ?? track;
  const name = criterion ? `${criterion.code ?? ''} ${criterion.title}`.trim() : criterionId;
  return `${what} for ${name} (${trackLabel})`;
}

/** ws(s)://<this host>/collab — the server serves page, API and websocket on one port. */
export function defaultServerUrl(): string {
  const { protocol, host } = window.location;
  return `${protocol === 'https:' ? 'wss:' : 'ws:'}//${host}/collab`;
}
