import type { Awareness } from 'y-protocols/awareness';
import { useParticipants } from '../meeting/hooks.ts';

const roleLabel = { facilitator: 'facilitator', editor: 'editor', observer: 'observer' };

/** Who is in the review now: name, colour, role, where they are, and whether they are away. */
export function PresenceList({ awareness }: { awareness: Awareness }) {
  const people = useParticipants(awareness);
  return (
    <section className="presence" aria-label="People in this review">
      <h2 className="visually-hidden">People here</h2>
      <ul>
        {people.map((p) => (
          <li
            key={p.clientId}
            className={p.away ? 'away' : undefined}
            title={p.focus ? `${p.name} — on ${p.focus}` : p.name}
          >
            <span className="avatar" style={{ background: p.color }} aria-hidden="true">
              {p.name.slice(0, 1).toUpperCase()}
            </span>
            <span>
              {p.name}
              {p.clientId === awareness.clientID && ' (you)'}
              <span className="muted">
                {' '}
                · {roleLabel[p.role]}
                {p.away ? ' · away' : p.focus ? ` · on ${p.focus}` : ''}
              </span>
            </span>
          </li>
        ))}
      </ul>
    </section>
  );
}
