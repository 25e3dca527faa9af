import { useEffect, useId, useRef } from "react";
import type { KeyboardEvent, ReactNode, RefObject } from "react";

const FOCUSABLE =
  'a[href], button:not([disabled]), input:not([disabled]), select:not([disabled]), textarea:not([disabled]), iframe, [tabindex]:not([tabindex="-1"])';

/**
 * A modal dialog: focus moves in when it opens (to `initialFocus`, else its first control),
 * Tab cycles inside it, Escape closes it, and focus goes back where it was on close.
 */
export function Dialog({
  title,
  description,
  onClose,
  initialFocus,
  className,
  children,
}: {
  title: string;
  description?: ReactNode;
  onClose: () => void;
  initialFocus?: RefObject<HTMLElement | null>;
  className?: string;
  children: ReactNode;
}) {
  const id = useId();
  const box = useRef<HTMLDivElement>(null);

  useEffect(() => {
    const before = document.activeElement;
    const first =
      initialFocus?.current ??
      box.current?.querySelector<HTMLElement>(FOCUSABLE) ??
      box.current;
    first?.focus();
    return () => {
      if (before instanceof HTMLElement && before.isConnected) before.focus();
    };
    // Focus moves once, when the dialog opens.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  // On the document: Escape must work even when focus has left the dialog (a button that was
  // pressed can be disabled under the pointer). A modal above this one handles it first.
  const close = useRef(onClose);
  useEffect(() => {
    close.current = onClose;
  });
  useEffect(() => {
    function onEscape(event: globalThis.KeyboardEvent) {
      if (event.key !== "Escape" || event.defaultPrevented) return;
      event.preventDefault();
      close.current();
    }
    document.addEventListener("keydown", onEscape);
    return () => document.removeEventListener("keydown", onEscape);
  }, []);

  function onKeyDown(event: KeyboardEvent) {
    if (event.key !== "Tab" || !box.current) return;
    const controls = [
      ...box.current.querySelectorAll<HTMLElement>(FOCUSABLE),
    ].filter((el) => !el.closest("[hidden]"));
    if (controls.length === 0) {
      event.preventDefault();
      return;
    }
    const first = controls[0];
    const last = controls[controls.length - 1];
    const active = document.activeElement;
    if (event.shiftKey && (active === first || active === box.current)) {
      event.preventDefault();
      last.focus();
    } else if (!event.shiftKey && active === last) {
      event.preventDefault();
      first.focus();
    }
  }

  return (
    <div className="modal-backdrop">
      <div
        ref={box}
        className={`modal${className ? ` ${className}` : ""}`}
        role="dialog"
        aria-modal="true"
        aria-labelledby={`${id}-title`}
        aria-describedby={description ? `${id}-description` : undefined}
        tabIndex={-1}
        onKeyDown={onKeyDown}
      >
        <div className="modal-header">
          <div>
            <h2 id={`${id}-title`} className="modal-title">
              {title}
            </h2>
            {description && (
              <p id={`${id}-description`} className="modal-description">
                {description}
              </p>
            )}
          </div>
          <button
            type="button"
            className="button button-quiet button-small"
            onClick={onClose}
            aria-label="Close"
          >
            ✕
          </button>
        </div>
        {children}
      </div>
    </div>
  );
}
