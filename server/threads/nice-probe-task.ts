import { getPriority } from 'node:os';

/** A task for the cycles thread's entry that answers with the thread's own nice value (tests). */
export function runTask(): number {
  return getPriority();
}
