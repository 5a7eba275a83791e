import { trackTexts } from './track-texts.ts';

/** `focus`: textKey (track/criterion) → the development focus. */
export const focus = trackTexts('focus', 'focus');
