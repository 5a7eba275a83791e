import { useSyncExternalStore } from 'react';

/**
 * The criterion a person is on (last focused or chosen), kept outside React state so that moving
 * re-renders only the toolbar and the two rows concerned, not the whole grid.
 */
export class CriterionCursor {
  private value: string | null;
  private readonly listeners = new Set<() => void>();

  constructor(initial: string | null) {
    this.value = initial;
  }

  get = (): string | null => this.value;

  set(criterion: string | null): void {
    if (criterion === this.value) return;
    this.value = criterion;
    for (const l of this.listeners) l();
  }

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };
}

export function useCursor(cursor: CriterionCursor): string | null {
  return useSyncExternalStore(cursor.subscribe, cursor.get);
}

/** Whether one criterion is the current one (re-renders only when that flips). */
export function useIsCurrent(cursor: CriterionCursor, criterion: string): boolean {
  return useSyncExternalStore(cursor.subscribe, () => cursor.get() === criterion);
}
