import { trackTexts } from './track-texts.ts';

/** `evidence`: textKey (track/criterion) → evidence notes. */
export const evidence = trackTexts('evidence', 'evidence');
