import { commentSchema, type Comment } from '../entities.ts';
import { criterionLists } from './criterion-lists.ts';

/** `comments`: criterion id → the comment thread. */
export const comments = criterionLists<'comments', Comment, 'comment'>('comments', commentSchema, 'comment');
