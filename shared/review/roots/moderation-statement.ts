import * as Y from 'yjs';
import { MODERATION_STATEMENT } from '../keys.ts';
import { checkText } from './nested.ts';
import { defineRoot, fail } from './root-module.ts';

/** `moderationStatement`: MODERATION_STATEMENT → the overall moderation statement. Since version 2. */
export const moderationStatement = defineRoot<'moderationStatement', Y.Text, 'moderation-statement'>({
  name: 'moderationStatement',
  holds: 'texts',
  checkNested(type, key) {
    if (key !== MODERATION_STATEMENT) return fail(`moderationStatement "${key}": unexpected nested structure`);
    return checkText(type, 'moderationStatement', key);
  },
  history: { kind: 'moderation-statement' },
  skeleton(map) {
    map.set(MODERATION_STATEMENT, new Y.Text());
  },
});
