import type * as Y from 'yjs';
import { commentStatusSchema, type CommentStatus } from '../entities.ts';
import { comments } from './comments.ts';
import { checkBy, defineRoot, fail } from './root-module.ts';

/** `commentStatus`: comment id → resolved or reopened, by whom. Never removed. */
export const commentStatus = defineRoot<'commentStatus', CommentStatus, 'comment-status'>({
  name: 'commentStatus',
  holds: 'values',
  checkValue(key, value, { tr, policy }) {
    if (value === undefined) return fail(`commentStatus "${key}" cannot be removed`);
    if (!commentStatusSchema.safeParse(value).success) return fail(`commentStatus "${key}": malformed status`);
    checkBy('commentStatus', key, value, policy);
    const threads = tr.doc.getMap<Y.Array<{ id: string }>>(comments.name);
    for (const thread of threads.values()) if (thread.toArray().some((c) => c.id === key)) return;
    return fail(`commentStatus "${key}": no such comment`);
  },
  history: { kind: 'comment-status' },
});
