import { defaultKeymap } from '@codemirror/commands';
import { EditorState } from '@codemirror/state';
import { EditorView, keymap, placeholder as placeholderExt } from '@codemirror/view';
import { useEffect, useRef } from 'react';
import { yCollab, yUndoManagerKeymap } from 'y-codemirror.next';
import type { Awareness } from 'y-protocols/awareness';
import * as Y from 'yjs';

export interface CollabTextProps {
  text: Y.Text;
  awareness: Awareness;
  label: string;
  placeholder?: string;
  readOnly?: boolean;
  onFocus?: () => void;
}

/**
 * Collaborative plain text: character-level merging and remote carets come from
 * y-codemirror.next; undo covers only this person's own typing.
 */
export default function CollabText({
  text,
  awareness,
  label,
  placeholder,
  readOnly = false,
  onFocus,
}: CollabTextProps) {
  const host = useRef<HTMLDivElement>(null);
  const focusRef = useRef(onFocus);
  useEffect(() => {
    focusRef.current = onFocus;
  });

  useEffect(() => {
    if (!host.current) return;
    const undoManager = new Y.UndoManager(text);
    const view = new EditorView({
      parent: host.current,
      state: EditorState.create({
        doc: text.toJSON(),
        extensions: [
          keymap.of([...yUndoManagerKeymap, ...defaultKeymap]),
          EditorView.lineWrapping,
          EditorState.readOnly.of(readOnly),
          EditorView.editable.of(!readOnly),
          EditorView.contentAttributes.of({
            'aria-label': label,
            'aria-multiline': 'true',
            'aria-readonly': readOnly ? 'true' : 'false',
            role: 'textbox',
          }),
          EditorView.domEventHandlers({ focus: () => focusRef.current?.() }),
          ...(placeholder ? [placeholderExt(placeholder)] : []),
          yCollab(text, awareness, { undoManager }),
        ],
      }),
    });
    return () => {
      view.destroy();
      undoManager.destroy();
    };
  }, [text, awareness, label, placeholder, readOnly]);

  return <div className={readOnly ? 'collab-text read-only' : 'collab-text'} ref={host} />;
}
