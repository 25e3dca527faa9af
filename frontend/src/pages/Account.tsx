import { useRef, useState } from "react";
import type { FormEvent } from "react";
import { ApiError } from "../api/client";
import { api } from "../api/endpoints";
import { useMe } from "../auth/AuthContext";
import {
  Field,
  FormAlert,
  Notice,
  focusFirstInvalid,
} from "../components/Field";
import { isClinical, roleLabel } from "../domain";
import { asSentences } from "../format";
import { useTitle } from "../hooks";
import { CalendarFeedSection } from "./CalendarFeedSection";
import { TwoFactorSection } from "./TwoFactorSection";

const MIN_PASSWORD = 12;

type Errors = Partial<
  Record<"current_password" | "new_password" | "confirm", string[]>
>;

export function Account() {
  useTitle("My account");
  const me = useMe();
  const formRef = useRef<HTMLFormElement>(null);
  const [current, setCurrent] = useState("");
  const [next, setNext] = useState("");
  const [confirm, setConfirm] = useState("");
  const [errors, setErrors] = useState<Errors>({});
  const [failure, setFailure] = useState<string | null>(null);
  const [done, setDone] = useState(false);
  const [busy, setBusy] = useState(false);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setDone(false);
    setFailure(null);
    const found: Errors = {};
    if (!current) found.current_password = ["Enter your current password."];
    if (next.length < MIN_PASSWORD)
      found.new_password = [`Use at least ${MIN_PASSWORD} characters.`];
    else if (next === current)
      found.new_password = [
        "The new password must differ from the current one.",
      ];
    if (confirm !== next)
      found.confirm = ["This does not match the new password."];
    setErrors(found);
    if (Object.keys(found).length > 0) {
      focusFirstInvalid(formRef.current);
      return;
    }
    setBusy(true);
    try {
      await api.changePassword(current, next);
      setCurrent("");
      setNext("");
      setConfirm("");
      setDone(true);
    } catch (e) {
      const error = e instanceof ApiError ? e : new ApiError({ status: 0 });
      const fe = error.fieldErrors;
      if (fe.current_password || fe.new_password) {
        setErrors({
          current_password: asSentences(fe.current_password, "This"),
          new_password: asSentences(fe.new_password, "The new password"),
        });
        focusFirstInvalid(formRef.current);
      } else {
        setFailure(error.message);
      }
    } finally {
      setBusy(false);
    }
  }

  // The practice requires two-factor and this member has none yet: nothing else opens until then.
  const mustSetUpTwoFactor = me.two_factor_required && !me.two_factor_enabled;
  // Setup comes first when it is why the member is here; the order then stays put, so the
  // recovery codes shown after turning it on are not lost to a remount.
  const [twoFactorFirst] = useState(mustSetUpTwoFactor);

  return (
    <div className="page page-narrow stack-large">
      <div className="page-header">
        <div>
          <h1>My account</h1>
          <p className="page-subtitle">
            {me.email} · {roleLabel(me.role)} at {me.practice.name}
          </p>
        </div>
      </div>

      {mustSetUpTwoFactor && (
        <Notice tone="warning">
          Your practice requires two-factor sign-in. Set it up to continue.
        </Notice>
      )}
      {twoFactorFirst && <TwoFactorSection />}

      <section className="card card-padded" aria-labelledby="password-title">
        <h2 id="password-title" className="section-title">
          Change password
        </h2>
        <p className="section-text">
          Changing it signs you out on every other device and browser.
        </p>
        <form ref={formRef} onSubmit={onSubmit} noValidate className="stack">
          {done && (
            <Notice tone="success">
              Password changed. You were signed out everywhere else.
            </Notice>
          )}
          <FormAlert message={failure} />
          <Field
            label="Current password"
            name="current_password"
            errors={errors.current_password}
            required
          >
            {(p) => (
              <input
                {...p}
                type="password"
                autoComplete="current-password"
                value={current}
                onChange={(e) => setCurrent(e.target.value)}
              />
            )}
          </Field>
          <Field
            label="New password"
            name="new_password"
            errors={errors.new_password}
            hint={`At least ${MIN_PASSWORD} characters. A short sentence is easy to remember.`}
            required
          >
            {(p) => (
              <input
                {...p}
                type="password"
                autoComplete="new-password"
                minLength={MIN_PASSWORD}
                value={next}
                onChange={(e) => setNext(e.target.value)}
              />
            )}
          </Field>
          <Field
            label="Confirm new password"
            name="confirm_password"
            errors={errors.confirm}
            required
          >
            {(p) => (
              <input
                {...p}
                type="password"
                autoComplete="new-password"
                value={confirm}
                onChange={(e) => setConfirm(e.target.value)}
              />
            )}
          </Field>
          <div className="form-actions">
            <button
              type="submit"
              className="button button-primary"
              disabled={busy}
            >
              {busy ? "Changing password…" : "Change password"}
            </button>
          </div>
        </form>
      </section>

      {!twoFactorFirst && <TwoFactorSection />}
      {/* Clinical roles have appointments of their own; nothing else opens before two-factor. */}
      {isClinical(me.role) && !mustSetUpTwoFactor && <CalendarFeedSection />}
    </div>
  );
}
