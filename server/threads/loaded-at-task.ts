/** When the thread loaded this module (ms since the epoch). */
const loadedAt = Date.now();

/** A task for the cycles thread's entry that answers when its module was loaded (tests). */
export function runTask(): number {
  return loadedAt;
}
