/**
 * What opening a large stored review costs the event loop: the generated 1,000-row review after
 * 20,000 rating edits by 20 writers (as scenario 5 builds it), opened as the stored-review thread
 * opens it, then made a ColdState as the room does on the event loop. Beside it, reading the state
 * vector back from the encoded state, which ColdState no longer does. Run by hand:
 *
 *   node --import tsx bench/lib/cold-open-cost.ts [--edits=20000] [--rounds=5]
 */
import { parseArgs } from 'node:util';
import * as Y from 'yjs';
import { ColdState } from '../../server/collab/cold-state.ts';
import { openStored } from '../../server/collab/stored-review.ts';
import { LEVELS, largeCriteria } from './frameworks.ts';

const { values } = parseArgs({
  options: { edits: { type: 'string', default: '20000' }, rounds: { type: 'string', default: '5' } },
});
const criteria = largeCriteria();
const writers = Array.from({ length: 20 }, () => new Y.Doc());
const parts: Uint8Array[] = [];
for (const writer of writers)
  writer.on('update', (update: Uint8Array, origin: unknown) => {
    if (origin === 'relay') return;
    parts.push(update);
    for (const other of writers) if (other !== writer) Y.applyUpdate(other, update, 'relay');
  });
for (let i = 0; i < Number(values.edits); i++)
  writers[i % writers.length]!.getMap('ratings').set(`self/${criteria[(i * 337) % criteria.length]}/-`, LEVELS[i % 4]!);

let start = performance.now();
const opened = openStored(parts);
const ms = (since: number) => `${(performance.now() - since).toFixed(1)} ms`;
console.log(`${parts.length.toLocaleString('en-GB')} stored updates opened (the thread's work) in ${ms(start)};`);
console.log(
  `state ${opened.state.byteLength.toLocaleString('en-GB')} bytes, deletions ${opened.deletes.byteLength} bytes`,
);
for (let round = 1; round <= Number(values.rounds); round++) {
  start = performance.now();
  new ColdState(opened);
  const cold = ms(start);
  start = performance.now();
  Y.encodeStateVectorFromUpdate(opened.state);
  console.log(`  round ${round}: new ColdState ${cold}; Y.encodeStateVectorFromUpdate ${ms(start)}`);
}
