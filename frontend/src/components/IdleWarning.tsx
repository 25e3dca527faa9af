import { useEffect, useId, useRef } from "react";
import type { KeyboardEvent } from "react";

/**
 * The modal shown a minute before an idle sign-out. Its button takes focus on open and keeps
 * it (the page behind is inert); Escape answers it too. The countdown is spoken every 15 s,
 * not every second.
 */
export function IdleWarning({
  secondsLeft,
  onStay,
}: {
  secondsLeft: number;
  onStay: () => void;
}) {
  const id = useId();
  const button = useRef<HTMLButtonElement>(null);

  useEffect(() => {
    const before = document.activeElement;
    button.current?.focus();
    return () => {
      if (before instanceof HTMLElement && before.isConnected) before.focus();
    };
  }, []);

  function onKeyDown(event: KeyboardEvent) {
    if (event.key === "Escape") {
      event.preventDefault();
      onStay();
    } else if (event.key === "Tab") {
      event.preventDefault();
      button.current?.focus();
    }
  }

  const seconds = `${secondsLeft} ${secondsLeft === 1 ? "second" : "seconds"}`;
  const spoken = Math.ceil(secondsLeft / 15) * 15;
  return (
    <div className="modal-backdrop">
      <div
        className="modal"
        role="alertdialog"
        aria-modal="true"
        aria-labelledby={`${id}-title`}
        aria-describedby={`${id}-text`}
        onKeyDown={onKeyDown}
      >
        <h2 id={`${id}-title`} className="modal-title">
          Are you still there?
        </h2>
        <p id={`${id}-text`}>
          You will be signed out in{" "}
          <span className="countdown">
            <time dateTime={`PT${secondsLeft}S`}>{seconds}</time>
          </span>{" "}
          for your clients’ privacy.
        </p>
        <p className="visually-hidden" aria-live="polite">
          {spoken < 60 ? `${spoken} seconds left.` : ""}
        </p>
        <button
          ref={button}
          type="button"
          className="button button-primary"
          onClick={onStay}
        >
          Stay signed in
        </button>
      </div>
    </div>
  );
}
