import { evidenceItemSchema, type EvidenceItem } from '../entities.ts';
import { criterionLists } from './criterion-lists.ts';

/** `evidenceItems`: criterion id → evidence items (a note and an optional link, by their author). */
export const evidenceItems = criterionLists<'evidenceItems', EvidenceItem, 'evidence-item'>(
  'evidenceItems',
  evidenceItemSchema,
  'evidence-item',
);
