import * as Y from 'yjs';
import type { Framework } from '../framework/schema.ts';
import { reviewModel } from './model.ts';
import { MODERATION_STATEMENT } from './keys.ts';
import { Root, SCHEMA_VERSION } from './roots.ts';

export interface ReviewMeta {
  schemaVersion: number;
  reviewId: string;
  frameworkId: string;
  frameworkVersion: number;
  title: string;
  createdAt: string;
  /** Set when a one-track framework's review was made with a moderation track (moderation.ts). */
  moderationTrack?: boolean;
}

/**
 * Build every shared structure a review of `fw` will ever need, in one transaction, on the server.
 * Clients only ever edit what exists; see DESIGN.md on why lazy creation loses edits.
 */
export function buildSkeleton(doc: Y.Doc, fw: Framework, meta: Omit<ReviewMeta, 'schemaVersion'>): void {
  const model = reviewModel(fw);
  doc.transact(() => {
    const m = doc.getMap(Root.meta);
    const full: ReviewMeta = { schemaVersion: SCHEMA_VERSION, ...meta };
    for (const [k, v] of Object.entries(full)) m.set(k, v);
    // Value-only roots start empty; an empty map is not in any update, so readers call defineRoots.
    doc.getMap(Root.ratings);
    doc.getMap(Root.agreed);
    doc.getMap(Root.locks);
    doc.getMap(Root.commentStatus);
    doc.getMap(Root.overalls);
    doc.getMap(Root.checks);
    doc.getMap(Root.actions);
    doc.getMap(Root.statementMarks);
    doc.getMap(Root.moderation);
    doc.getMap<Y.Text>(Root.moderationStatement).set(MODERATION_STATEMENT, new Y.Text());
    const focus = doc.getMap<Y.Text>(Root.focus);
    const evidence = doc.getMap<Y.Text>(Root.evidence);
    for (const key of model.textKeys) {
      focus.set(key, new Y.Text());
      evidence.set(key, new Y.Text());
    }
    const items = doc.getMap<Y.Array<unknown>>(Root.evidenceItems);
    const comments = doc.getMap<Y.Array<unknown>>(Root.comments);
    for (const criterion of model.criteria) {
      items.set(criterion, new Y.Array());
      comments.set(criterion, new Y.Array());
    }
    const cells = doc.getMap<Y.Text>(Root.tableCells);
    for (const key of model.cellKeys) cells.set(key, new Y.Text());
    const rows = doc.getMap<Y.Array<unknown>>(Root.tableRows);
    for (const table of model.openTables.keys()) rows.set(table, new Y.Array());
    const fields = doc.getMap<Y.Text | string>(Root.formFields);
    for (const key of model.formTextKeys) fields.set(key, new Y.Text());
  });
}
