import { useEffect, useId, useRef, type ReactNode } from "react";

/** An inline confirmation: the question, a focused "yes" button and Cancel. */
export function ConfirmBox({
  children,
  confirmLabel,
  busyLabel,
  cancelLabel = "Cancel",
  busy,
  onConfirm,
  onCancel,
}: {
  children: ReactNode;
  confirmLabel: string;
  busyLabel: string;
  /** The "no" button's words (default "Cancel"). */
  cancelLabel?: string;
  busy: boolean;
  onConfirm: () => void;
  onCancel: () => void;
}) {
  const textId = useId();
  const confirmRef = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    confirmRef.current?.focus();
  }, []);
  return (
    <div
      className="confirm"
      role="alertdialog"
      aria-modal="false"
      aria-labelledby={textId}
    >
      <div id={textId} className="confirm-text">
        {children}
      </div>
      <div className="confirm-actions">
        <button
          ref={confirmRef}
          type="button"
          className="button button-primary"
          onClick={onConfirm}
          disabled={busy}
        >
          {busy ? busyLabel : confirmLabel}
        </button>
        <button
          type="button"
          className="button button-quiet"
          onClick={onCancel}
          disabled={busy}
        >
          {cancelLabel}
        </button>
      </div>
    </div>
  );
}
