import { useEffect, useSyncExternalStore } from 'react';
import { useGrid } from '../grid/context.ts';

/** Undo and redo this person's own ratings and locks; Ctrl/Cmd+Z and Shift+Ctrl/Cmd+Z outside the text editors. */
export function UndoButtons() {
  const { live, readOnly } = useGrid();
  const undo = live!.undo;
  const state = useSyncExternalStore(
    (cb) => {
      const events = ['stack-item-added', 'stack-item-popped', 'stack-cleared'] as const;
      for (const e of events) undo.on(e, cb);
      return () => {
        for (const e of events) undo.off(e, cb);
      };
    },
    () => `${undo.canUndo() ? 1 : 0}${undo.canRedo() ? 1 : 0}`,
  );
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (!(e.ctrlKey || e.metaKey) || e.key.toLowerCase() !== 'z') return;
      // Text editors keep their own undo for typing.
      if ((e.target as HTMLElement).closest('.cm-editor, input, textarea, select')) return;
      e.preventDefault();
      // A final review (or an observer's view) changes nothing, undo included.
      if (readOnly) return;
      if (e.shiftKey) undo.redo();
      else undo.undo();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [undo, readOnly]);
  return (
    <span className="undo-buttons">
      <button
        type="button"
        disabled={readOnly || state[0] !== '1'}
        onClick={() => undo.undo()}
        aria-keyshortcuts="Control+Z"
      >
        Undo
      </button>
      <button
        type="button"
        disabled={readOnly || state[1] !== '1'}
        onClick={() => undo.redo()}
        aria-keyshortcuts="Control+Shift+Z"
      >
        Redo
      </button>
    </span>
  );
}
