import { useId, useState } from 'react';
import { Link } from 'wouter';
import type { RestoredMembers } from '../../shared/protocol/access.ts';
import { api, type Review } from '../api.ts';
import { useReviewAction } from './useReviewAction.ts';

/** Restore a review from a backup file (Download backup in a review) as a new review. */
export function RestoreBackup({ onRestored }: { onRestored: () => void }) {
  const [file, setFile] = useState<File | null>(null);
  const [restored, setRestored] = useState<(Review & { members: RestoredMembers }) | null>(null);
  const { busy, error, run } = useReviewAction();
  const id = useId();
  return (
    <form
      className="restore-backup"
      onSubmit={(e) => {
        e.preventDefault();
        if (!file) return;
        setRestored(null);
        run(
          'restore the backup',
          () => api.importBackup(file),
          (review) => {
            setRestored(review);
            onRestored();
          },
        );
      }}
    >
      <label htmlFor={`${id}-file`}>Restore a review from a backup file</label>
      <input
        id={`${id}-file`}
        type="file"
        accept=".json,application/json"
        onChange={(e) => setFile(e.target.files?.[0] ?? null)}
      />
      <button type="submit" disabled={!file || busy !== null}>
        Restore
      </button>
      {busy && (
        <span className="muted" role="status" aria-busy="true">
          Checking and restoring…
        </span>
      )}
      {restored && (
        <div role="status">
          Restored as <Link href={`/reviews/${restored.id}`}>{restored.title}</Link>, with you as facilitator.
          <RestoredPeople members={restored.members} />
        </div>
      )}
      {error && (
        <span role="alert" className="error">
          {error}
        </span>
      )}
    </form>
  );
}

const person = (m: { name: string; role: string }) => `${m.name} (${m.role})`;

/** Who from the backup is back on the review, and who is not (to invite from the review's people). */
function RestoredPeople({ members }: { members: RestoredMembers }) {
  if (members.restored.length === 0 && members.notRestored.length === 0) return null;
  return (
    <ul className="restored-people">
      {members.restored.length > 0 && <li>Back on it with their roles: {members.restored.map(person).join(', ')}.</li>}
      {members.notRestored.map((m, i) => (
        <li key={i}>
          Not added: {person(m)}, as {m.reason}; invite them from the review’s people if they should be on it.
        </li>
      ))}
    </ul>
  );
}
