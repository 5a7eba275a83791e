/**
 * What the update gate costs an edit, beside the document's own apply: rating edits of the largest
 * seed framework's review (as scenario 1 sends them) through `UpdateGate.check`, then applied to
 * the server's document, timed one by one in this process, with no server, socket or store. Also
 * timed: the same updates applied to a plain document, and `checkTransaction` alone. Run by hand:
 *
 *   node --import tsx bench/lib/gate-cost.ts [--edits=20000]
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import * as Y from 'yjs';
import { UpdateGate } from '../../server/collab/update-gate.ts';
import { parseFrameworkText } from '../../shared/framework/validate.ts';
import { reviewModel } from '../../shared/review/model.ts';
import { defineRoots } from '../../shared/review/roots.ts';
import { buildSkeleton } from '../../shared/review/skeleton.ts';
import { checkTransaction, type ChangePolicy } from '../../shared/review/validate-update.ts';
import { BA } from './context.ts';
import { repoRoot } from './servers.ts';

const { values } = parseArgs({ options: { edits: { type: 'string', default: '20000' } } });
const edits = Number(values.edits);

const parsed = parseFrameworkText(readFileSync(join(repoRoot, 'frameworks', `${BA}.yaml`), 'utf8'), BA);
if (!parsed.ok) throw new Error(`${BA}: ${parsed.issues.map((i) => `${i.path} ${i.message}`).join('; ')}`);
const framework = parsed.framework;
const model = reviewModel(framework);
const skeleton = () => {
  const doc = new Y.Doc();
  buildSkeleton(doc, framework, {
    reviewId: 'r1',
    frameworkId: framework.id,
    frameworkVersion: framework.version,
    title: 'Gate cost',
    createdAt: '2026-01-01T00:00:00.000Z',
  });
  return doc;
};
/** A document holding the same state as `source`, its roots defined as the server defines them. */
const copyOf = (source: Y.Doc) => {
  const doc = new Y.Doc();
  defineRoots(doc);
  Y.applyUpdate(doc, Y.encodeStateAsUpdate(source));
  return doc;
};

const server = skeleton();
const writer = copyOf(server);
const updates: Uint8Array[] = [];
writer.on('update', (update: Uint8Array) => updates.push(update));
const keys = [...model.ratingKeys];
const levels = framework.scale.levels.map((l) => l.id);
for (let i = 0; i < edits; i++)
  writer.getMap('ratings').set(keys[i % keys.length]!, levels[(i + Math.floor(i / keys.length)) % levels.length]!);

const policy: ChangePolicy = { canEditLocked: false, readOnly: false, userId: 'u1', isFacilitator: false };
const gate = new UpdateGate(server, model);
const plain = copyOf(server);
const checked = copyOf(server);
let checkOnly = 0;
checked.on('afterTransaction', (tr: Y.Transaction) => {
  const start = performance.now();
  checkTransaction(tr, model, policy);
  checkOnly += performance.now() - start;
});
const total = { gate: 0, apply: 0, plain: 0 };
for (const update of updates) {
  let start = performance.now();
  gate.check(update, policy, 'peer');
  total.gate += performance.now() - start;
  start = performance.now();
  Y.applyUpdate(server, update, 'peer');
  total.apply += performance.now() - start;
  start = performance.now();
  Y.applyUpdate(plain, update, 'peer');
  total.plain += performance.now() - start;
  Y.applyUpdate(checked, update, 'peer');
}
const perEdit = (ms: number) => `${((ms / updates.length) * 1000).toFixed(1)} µs`;
console.log(`${updates.length.toLocaleString('en-GB')} rating edits of ${BA}, mean per edit:`);
console.log(`  UpdateGate.check             ${perEdit(total.gate)}`);
console.log(`  the server document's apply  ${perEdit(total.apply)}`);
console.log(`  a plain document's apply     ${perEdit(total.plain)}`);
console.log(`  checkTransaction alone       ${perEdit(checkOnly)}`);
