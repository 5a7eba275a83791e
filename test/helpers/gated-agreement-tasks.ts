/**
 * The agreement thread's tasks behind a gate the test holds: once given a shared buffer, each task
 * says it has started (cell 0) and waits until the test opens the gate (cell 1) before computing.
 * So a test can hold a computation on the thread for as long as it likes, with no timing involved.
 */
import { runTask as computed, type Task } from '../../server/agreement/tasks.ts';

let gate: Int32Array | null = null;

export type GatedTask = Task | { kind: 'gate'; buffer: SharedArrayBuffer };

export function runTask(task: GatedTask): unknown {
  if (task.kind === 'gate') {
    gate = new Int32Array(task.buffer);
    return null;
  }
  if (gate) {
    Atomics.store(gate, 0, 1);
    Atomics.notify(gate, 0);
    // Bounded, so a test that never opens the gate cannot keep the thread forever.
    Atomics.wait(gate, 1, 0, 10_000);
  }
  return computed(task);
}
