import { useMemo, useRef, useState } from "react";
import type { FormEvent } from "react";
import { Link, useNavigate } from "react-router";
import { ApiError } from "../api/client";
import { useAuth } from "../auth/AuthContext";
import { Field, FormAlert, focusFirstInvalid } from "../components/Field";
import { allTimeZones, browserTimeZone } from "../format";
import { AuthLayout } from "./AuthLayout";

const MIN_PASSWORD = 12;

export function SignUp() {
  const { signUp } = useAuth();
  const navigate = useNavigate();
  const formRef = useRef<HTMLFormElement>(null);
  const zones = useMemo(() => allTimeZones(), []);
  const [form, setForm] = useState(() => ({
    practice_name: "",
    time_zone: browserTimeZone(),
    name: "",
    email: "",
    password: "",
  }));
  const [fieldErrors, setFieldErrors] = useState<Record<string, string[]>>({});
  const [message, setMessage] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const set = (key: keyof typeof form) => (value: string) =>
    setForm((f) => ({ ...f, [key]: value }));

  function validate(): Record<string, string[]> {
    const errors: Record<string, string[]> = {};
    if (!form.practice_name.trim())
      errors.practice_name = ["Enter the practice's name."];
    if (!form.name.trim()) errors.name = ["Enter your name."];
    if (!/^\S+@\S+\.\S+$/.test(form.email.trim()))
      errors.email = ["Enter a valid email address."];
    if (form.password.length < MIN_PASSWORD) {
      errors.password = [`Use at least ${MIN_PASSWORD} characters.`];
    }
    return errors;
  }

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setMessage(null);
    const local = validate();
    setFieldErrors(local);
    if (Object.keys(local).length > 0) {
      setMessage("Please check the highlighted fields.");
      focusFirstInvalid(formRef.current);
      return;
    }
    setBusy(true);
    try {
      await signUp({
        practice_name: form.practice_name.trim(),
        time_zone: form.time_zone || undefined,
        name: form.name.trim(),
        email: form.email.trim(),
        password: form.password,
      });
      navigate("/clients", { replace: true });
    } catch (e) {
      const error = e instanceof ApiError ? e : new ApiError({ status: 0 });
      setFieldErrors(error.fieldErrors);
      setMessage(
        error.hasFieldErrors
          ? "Please check the highlighted fields."
          : error.message,
      );
      focusFirstInvalid(formRef.current);
      setBusy(false);
    }
  }

  return (
    <AuthLayout
      title="Create your practice"
      intro="Set up Daybreak for your practice. You will be its owner and can invite your team next."
      footer={
        <p>
          Already have an account? <Link to="/sign-in">Sign in</Link>
        </p>
      }
    >
      <FormAlert message={message} />
      <form ref={formRef} onSubmit={onSubmit} noValidate className="stack">
        <Field
          label="Practice name"
          name="practice_name"
          errors={fieldErrors.practice_name}
          required
        >
          {(p) => (
            <input
              {...p}
              autoComplete="organization"
              value={form.practice_name}
              onChange={(e) => set("practice_name")(e.target.value)}
            />
          )}
        </Field>
        <Field
          label="Time zone"
          name="time_zone"
          errors={fieldErrors.time_zone}
          hint="Check-in days and streaks follow this zone."
        >
          {(p) => (
            <select
              {...p}
              value={form.time_zone}
              onChange={(e) => set("time_zone")(e.target.value)}
            >
              {!zones.includes(form.time_zone) && (
                <option value={form.time_zone}>{form.time_zone}</option>
              )}
              {zones.map((z) => (
                <option key={z} value={z}>
                  {z.replace(/_/g, " ")}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label="Your name" name="name" errors={fieldErrors.name} required>
          {(p) => (
            <input
              {...p}
              autoComplete="name"
              value={form.name}
              onChange={(e) => set("name")(e.target.value)}
            />
          )}
        </Field>
        <Field label="Email" name="email" errors={fieldErrors.email} required>
          {(p) => (
            <input
              {...p}
              type="email"
              autoComplete="email"
              value={form.email}
              onChange={(e) => set("email")(e.target.value)}
            />
          )}
        </Field>
        <Field
          label="Password"
          name="password"
          errors={fieldErrors.password}
          hint={`At least ${MIN_PASSWORD} characters. A short sentence is easy to remember.`}
          required
        >
          {(p) => (
            <input
              {...p}
              type="password"
              autoComplete="new-password"
              minLength={MIN_PASSWORD}
              value={form.password}
              onChange={(e) => set("password")(e.target.value)}
            />
          )}
        </Field>
        <button
          type="submit"
          className="button button-primary button-block"
          disabled={busy}
        >
          {busy ? "Creating practice…" : "Create practice"}
        </button>
      </form>
    </AuthLayout>
  );
}
