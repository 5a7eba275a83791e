import type { ConnectionSnapshot } from '../collab/connection.ts';

const plural = (n: number) => `${n} change${n === 1 ? '' : 's'}`;

/** Always-visible connection and saved state; "Saved" only once the server has stored it. */
export function ConnectionBadge({ state }: { state: ConnectionSnapshot }) {
  let tone: 'ok' | 'busy' | 'warn' | 'bad';
  let text: string;
  if (state.fatal) {
    tone = 'bad';
    text = 'Disconnected';
  } else if (state.status === 'offline') {
    tone = 'warn';
    text = state.unsaved > 0 ? `Offline — ${plural(state.unsaved)} waiting` : 'Offline';
  } else if (state.status !== 'connected') {
    tone = 'warn';
    text = state.unsaved > 0 ? `Reconnecting… ${plural(state.unsaved)} waiting` : 'Reconnecting…';
  } else if (!state.loaded) {
    tone = 'busy';
    text = 'Loading…';
  } else if (state.unsaved > 0) {
    tone = 'busy';
    text = 'Saving…';
  } else {
    tone = 'ok';
    text = 'All changes saved';
  }
  return (
    <p className={`badge badge-${tone}`} role="status" aria-live="polite" data-testid="connection-state">
      <span className="dot" aria-hidden="true" />
      {text}
    </p>
  );
}
