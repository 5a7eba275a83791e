import { useId, useRef, type ReactNode } from 'react';

/** A button whose action runs only after a modal dialog (focus kept inside, Esc cancels) is confirmed. */
export function ConfirmButton({
  label,
  title,
  confirmLabel,
  onConfirm,
  children,
  className = 'link-button',
}: {
  /** The button's text. */
  label: string;
  /** The dialog's heading, a question. */
  title: string;
  confirmLabel: string;
  onConfirm: () => void;
  /** What will happen, in plain words. */
  children: ReactNode;
  className?: string;
}) {
  const dialog = useRef<HTMLDialogElement>(null);
  const cancel = useRef<HTMLButtonElement>(null);
  const id = useId();
  return (
    <>
      <button
        type="button"
        className={className}
        onClick={() => {
          dialog.current?.showModal();
          // Start on the safe choice: Enter or Space straight away cancels.
          cancel.current?.focus();
        }}
      >
        {label}
      </button>
      <dialog ref={dialog} className="confirm" aria-labelledby={`${id}-title`} aria-describedby={`${id}-body`}>
        <h2 id={`${id}-title`}>{title}</h2>
        <div id={`${id}-body`}>{children}</div>
        <form method="dialog" className="confirm-actions">
          <button type="submit" className="primary" onClick={onConfirm}>
            {confirmLabel}
          </button>
          <button type="submit" ref={cancel}>
            Cancel
          </button>
        </form>
      </dialog>
    </>
  );
}
