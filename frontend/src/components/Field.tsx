import { useId } from "react";
import type { ReactNode } from "react";

export interface ControlProps {
  id: string;
  name: string;
  "aria-invalid": boolean | undefined;
  "aria-describedby": string | undefined;
  required: boolean | undefined;
}

/** A label, its control, an optional hint and the field's errors, all tied together for screen readers. */
export function Field({
  label,
  name,
  errors,
  hint,
  required,
  optionalMark = false,
  className,
  children,
}: {
  /** Words, or words with a visually hidden part (whose row a field is on). */
  label: ReactNode;
  name: string;
  errors?: string[];
  hint?: ReactNode;
  required?: boolean;
  optionalMark?: boolean;
  className?: string;
  children: (props: ControlProps) => ReactNode;
}) {
  const id = `${useId()}-${name}`;
  const hintId = hint ? `${id}-hint` : undefined;
  const errorId = errors && errors.length > 0 ? `${id}-error` : undefined;
  const describedBy = [hintId, errorId].filter(Boolean).join(" ") || undefined;
  return (
    <div
      className={`field${errorId ? " field-invalid" : ""}${className ? ` ${className}` : ""}`}
    >
      <label htmlFor={id} className="field-label">
        {label}
        {optionalMark && <span className="field-optional"> (optional)</span>}
      </label>
      {children({
        id,
        name,
        "aria-invalid": errorId ? true : undefined,
        "aria-describedby": describedBy,
        required: required || undefined,
      })}
      {hint && (
        <p id={hintId} className="field-hint">
          {hint}
        </p>
      )}
      {errorId && (
        <p id={errorId} className="field-error">
          {errors!.join(" ")}
        </p>
      )}
    </div>
  );
}

/** A form-level message, announced to assistive technology when it appears. */
export function FormAlert({
  message,
  children,
}: {
  message?: string | null;
  children?: ReactNode;
}) {
  if (!message && !children) return null;
  return (
    <div role="alert" className="notice notice-error">
      {message && <p className="notice-title">{message}</p>}
      {children}
    </div>
  );
}

export function Notice({
  tone = "info",
  children,
}: {
  tone?: "info" | "success" | "warning";
  children: ReactNode;
}) {
  return (
    <div role="status" className={`notice notice-${tone}`}>
      {children}
    </div>
  );
}

/** Focuses the first control marked invalid inside a form, after React has rendered it. */
export function focusFirstInvalid(form: HTMLFormElement | null): void {
  if (!form) return;
  requestAnimationFrame(() => {
    const invalid = form.querySelector<HTMLElement>('[aria-invalid="true"]');
    invalid?.focus();
  });
}
