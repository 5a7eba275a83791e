/**
 * Typed reads of the review document for components: each hook names what it reads (a rating, a
 * lock, a form field) and re-renders only when that changes, so no component spells a root or a key.
 */
import { useMemo } from 'react';
import type * as Y from 'yjs';
import type { ReviewDoc } from '../../shared/review/accessors.ts';
import type { Lock } from '../../shared/review/entities.ts';
import { NO_PHASE, agreedKey, formKey, ratingKey } from '../../shared/review/keys.ts';
import { agreed } from '../../shared/review/roots/agreed.ts';
import { formFields } from '../../shared/review/roots/form-fields.ts';
import { locks } from '../../shared/review/roots/locks.ts';
import { meta } from '../../shared/review/roots/meta.ts';
import { ratings } from '../../shared/review/roots/ratings.ts';
import type { AnyRoot } from '../../shared/review/roots/root-module.ts';
import { useMapValue } from '../collab/y-hooks.ts';
import { useMapsVersion } from '../decisions/use-maps.ts';

/** One track's rating of a criterion in a phase (a level id or NOT_APPLICABLE); undefined while unrated. */
export function useRating(review: ReviewDoc, track: string, criterion: string, phase: string = NO_PHASE) {
  return useMapValue(review.root(ratings), ratingKey(track, criterion, phase));
}

/** The agreed rating of a criterion in a phase. */
export function useAgreed(review: ReviewDoc, criterion: string, phase: string = NO_PHASE) {
  return useMapValue(review.root(agreed), agreedKey(criterion, phase));
}

/** Who locked a criterion; undefined while it is unlocked (or no criterion is given). */
export function useLock(review: ReviewDoc, criterion: string | null | undefined): Lock | undefined {
  return useMapValue(review.root(locks), criterion ?? '');
}

/** A form field: its Y.Text for a text field, its grade id for a grade field. */
export function useFormField(review: ReviewDoc, form: string, section: string, field: string) {
  return useMapValue<unknown>(review.root(formFields) as Y.Map<unknown>, formKey(form, section, field));
}

/** The review's title as the document holds it. */
export function useTitle(review: ReviewDoc): string | undefined {
  const value: unknown = useMapValue(review.root(meta), 'title');
  return typeof value === 'string' ? value : undefined;
}

/** A number that changes whenever anything in the given roots changes: for values derived from many keys. */
export function useRootsVersion(review: ReviewDoc, roots: readonly AnyRoot[]): number {
  const maps = useMemo(
    () => roots.map((r) => review.root(r) as Y.Map<unknown>),
    // The roots a component reads are fixed for its life.
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [review],
  );
  return useMapsVersion(maps);
}
