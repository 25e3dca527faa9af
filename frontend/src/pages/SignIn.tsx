import { useState } from "react";
import type { FormEvent } from "react";
import { Link, useLocation, useNavigate } from "react-router";
import { ApiError } from "../api/client";
import { useAuth } from "../auth/AuthContext";
import { Field, FormAlert, Notice } from "../components/Field";
import { AuthLayout } from "./AuthLayout";

export function SignIn() {
  const { signIn, state } = useAuth();
  const navigate = useNavigate();
  const location = useLocation();
  const from = (location.state as { from?: string } | null)?.from ?? "/clients";
  const [email, setEmail] = useState("");
  const [password, setPassword] = useState("");
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setError(null);
    setBusy(true);
    try {
      await signIn(email.trim(), password);
      navigate(from, { replace: true });
    } catch (e) {
      setError(e instanceof ApiError ? e : new ApiError({ status: 0 }));
      setBusy(false);
    }
  }

  const reason = state.status === "signed-out" ? state.reason : undefined;
  const fe = error?.fieldErrors ?? {};
  const message =
    error && error.status === 401 && !error.detail
      ? "That email and password do not match an active account."
      : error?.message;

  return (
    <AuthLayout
      title="Sign in"
      intro="Welcome back. Sign in to see your caseload."
      footer={
        <p>
          New practice? <Link to="/sign-up">Create a practice account</Link>
        </p>
      }
    >
      {reason && !error && (
        <Notice>
          {reason === "idle"
            ? "You were signed out after 15 minutes without activity."
            : "Your session has ended. Please sign in again."}
        </Notice>
      )}
      <FormAlert message={message} />
      <form onSubmit={onSubmit} noValidate className="stack">
        <Field label="Email" name="email" errors={fe.email} required>
          {(p) => (
            <input
              {...p}
              type="email"
              autoComplete="username"
              value={email}
              onChange={(e) => setEmail(e.target.value)}
            />
          )}
        </Field>
        <Field label="Password" name="password" errors={fe.password} required>
          {(p) => (
            <input
              {...p}
              type="password"
              autoComplete="current-password"
              value={password}
              onChange={(e) => setPassword(e.target.value)}
            />
          )}
        </Field>
        <button
          type="submit"
          className="button button-primary button-block"
          disabled={busy}
        >
          {busy ? "Signing in…" : "Sign in"}
        </button>
      </form>
    </AuthLayout>
  );
}
