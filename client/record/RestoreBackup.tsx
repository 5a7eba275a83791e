import { useId, useState } from 'react';
import { Link } from 'wouter';
import { api, type Review } from '../api.ts';
import { useReviewAction } from './useReviewAction.ts';

/** Restore a review from a backup file (Download backup in a review) as a new review. */
export function RestoreBackup({ onRestored }: { onRestored: () => void }) {
  const [file, setFile] = useState<File | null>(null);
  const [restored, setRestored] = useState<Review | null>(null);
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
        <span role="status">
          Restored as <Link href={`/reviews/${restored.id}`}>{restored.title}</Link>.
        </span>
      )}
      {error && (
        <span role="alert" className="error">
          {error}
        </span>
      )}
    </form>
  );
}
