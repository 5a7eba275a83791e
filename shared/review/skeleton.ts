import type * as Y from 'yjs';
import type { Framework } from '../framework/schema.ts';
import { reviewModel } from './model.ts';
import { SCHEMA_VERSION } from './migrations.ts';
import { meta } from './roots/meta.ts';
import { rootModules } from './roots/registry.ts';

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
export function buildSkeleton(doc: Y.Doc, fw: Framework, values: Omit<ReviewMeta, 'schemaVersion'>): void {
  const model = reviewModel(fw);
  doc.transact(() => {
    const m = meta.of(doc);
    const full: ReviewMeta = { schemaVersion: SCHEMA_VERSION, ...values };
    for (const [k, v] of Object.entries(full)) m.set(k, v);
    // Every root is created, even one that starts empty: an empty map is not in any update, so readers call defineRoots.
    for (const root of rootModules) {
      const map = doc.getMap<unknown>(root.name);
      root.skeleton?.(map, model);
    }
  });
}
