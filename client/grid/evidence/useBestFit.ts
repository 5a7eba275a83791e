import { useMemo } from 'react';
import { suggestBestFit, type BestFit } from '../../../shared/review/best-fit.ts';
import { Root } from '../../../shared/review/roots.ts';
import { useMapVersion } from '../../collab/y-map-version.ts';
import { useGrid } from '../context.ts';

/** The suggested best fit of a criterion for the grid's track and phase, recomputed as marks change. */
export function useBestFit(criterion: string): BestFit {
  const { review, track, phase } = useGrid();
  const version = useMapVersion(review.doc.getMap(Root.statementMarks));
  return useMemo(
    () => suggestBestFit(review.framework, criterion, phase, review.marksOf(track, criterion)),
    // The version stands for the marks' contents.
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [review, criterion, phase, track, version],
  );
}
