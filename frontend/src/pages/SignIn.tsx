import { useEffect, useRef, useState } from "react";
import type { FormEvent } from "react";
import { Link, useLocation, useNavigate } from "react-router";
import {
  ApiError,
  PRACTICE_CHOICE_REQUIRED,
  TWO_FACTOR_REQUIRED,
  type PracticeOption,
} from "../api/client";
import { useAuth } from "../auth/AuthContext";
import {
  Field,
  FormAlert,
  Notice,
  focusFirstInvalid,
} from "../components/Field";
import { AuthLayout } from "./AuthLayout";

/**
 * "password": email and password. "practice": which practice, when the e-mail belongs to
 * members of several. "code": the second factor, for members with two-factor on.
 */
type Step = "password" | "practice" | "code";

/** What the second step's field takes: the app's 6-digit code, or a recovery code (letters, a dash). */
type CodeKind = "app" | "recovery";

const WRONG_CODE =
  "That code is not right. Try the newest code, or a recovery code.";

export function SignIn() {
  const { signIn, state } = useAuth();
  const navigate = useNavigate();
  const location = useLocation();
  const from = (location.state as { from?: string } | null)?.from ?? "/clients";
  const formRef = useRef<HTMLFormElement>(null);
  const codeRef = useRef<HTMLInputElement>(null);
  const passwordRef = useRef<HTMLInputElement>(null);
  const backPressed = useRef(false);
  const kindSwitched = useRef(false);
  const [step, setStep] = useState<Step>("password");
  const [codeKind, setCodeKind] = useState<CodeKind>("app");
  const [email, setEmail] = useState("");
  // Kept (in memory only) while the second step needs it, cleared when leaving that step.
  const [password, setPassword] = useState("");
  const [code, setCode] = useState("");
  const [codeErrors, setCodeErrors] = useState<string[] | undefined>();
  const [practices, setPractices] = useState<PracticeOption[]>([]);
  const [practiceId, setPracticeId] = useState<string | undefined>();
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    if (step === "code") codeRef.current?.focus();
    else if (backPressed.current) passwordRef.current?.focus();
    backPressed.current = false;
  }, [step]);

  useEffect(() => {
    // The field changed under the switch: put the cursor in it, ready for the other kind of code.
    if (kindSwitched.current) codeRef.current?.focus();
    kindSwitched.current = false;
  }, [codeKind]);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setError(null);
    const totpCode = step === "code" ? code.trim() : undefined;
    if (totpCode === "") {
      setCodeErrors([
        codeKind === "recovery"
          ? "Enter one of your recovery codes."
          : "Enter the 6-digit code from your authenticator app, or a recovery code.",
      ]);
      focusFirstInvalid(formRef.current);
      return;
    }
    setCodeErrors(undefined);
    if (step === "practice" && !practiceId) {
      setCodeErrors(["Choose the practice to sign in to."]);
      return;
    }
    setBusy(true);
    try {
      await signIn(email.trim(), password, totpCode, practiceId);
      navigate(from, { replace: true });
    } catch (e) {
      const err = e instanceof ApiError ? e : new ApiError({ status: 0 });
      setBusy(false);
      if (err.status === 401 && err.type === PRACTICE_CHOICE_REQUIRED) {
        setPractices(err.practices);
        setPracticeId(undefined);
        setStep("practice");
        return;
      }
      if (err.status === 401 && err.type === TWO_FACTOR_REQUIRED) {
        if (step !== "code") {
          setCode("");
          setCodeKind("app");
          setStep("code");
        } else {
          setCodeErrors([err.detail || WRONG_CODE]);
          focusFirstInvalid(formRef.current);
        }
        return;
      }
      if (step !== "password" && err.status === 401) {
        // The password itself was refused this time (changed elsewhere, say): start over.
        setPassword("");
        setCode("");
        setPracticeId(undefined);
        setStep("password");
      }
      setError(err);
    }
  }

  function switchCodeKind() {
    kindSwitched.current = true;
    setCode("");
    setCodeErrors(undefined);
    setCodeKind((k) => (k === "app" ? "recovery" : "app"));
  }

  function back() {
    backPressed.current = true;
    setPassword("");
    setCode("");
    setCodeKind("app");
    setCodeErrors(undefined);
    setPracticeId(undefined);
    setError(null);
    setStep("password");
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
      intro={
        step === "password"
          ? "Welcome back. Sign in to see your caseload."
          : step === "practice"
            ? `${email.trim()} belongs to more than one practice. Which one do you want to sign in to?`
            : codeKind === "recovery"
              ? `Enter one of your recovery codes to finish signing in as ${email.trim()}.`
              : `Enter the 6-digit code from your authenticator app to finish signing in as ${email.trim()}.`
      }
      footer={
        <p>
          New practice? <Link to="/sign-up">Create a practice account</Link>
        </p>
      }
    >
      {reason && !error && step === "password" && (
        <Notice>
          {reason === "idle"
            ? "You were signed out after 15 minutes without activity."
            : "Your session has ended. Please sign in again."}
        </Notice>
      )}
      <FormAlert message={message} />
      <form ref={formRef} onSubmit={onSubmit} noValidate className="stack">
        {step === "password" ? (
          <>
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
            <Field
              label="Password"
              name="password"
              errors={fe.password}
              required
            >
              {(p) => (
                <input
                  {...p}
                  ref={passwordRef}
                  type="password"
                  autoComplete="current-password"
                  value={password}
                  onChange={(e) => setPassword(e.target.value)}
                />
              )}
            </Field>
          </>
        ) : step === "practice" ? (
          <fieldset className="choices">
            <legend>Practice</legend>
            {codeErrors && (
              <p className="field-error" role="alert">
                {codeErrors[0]}
              </p>
            )}
            {practices.map((p) => (
              <label key={p.id} className="choice">
                <input
                  type="radio"
                  name="practice_id"
                  value={p.id}
                  checked={practiceId === p.id}
                  onChange={() => setPracticeId(p.id)}
                />{" "}
                {p.name}
              </label>
            ))}
          </fieldset>
        ) : (
          <div className="field-with-switch">
            <Field
              label={
                codeKind === "app" ? "Authentication code" : "Recovery code"
              }
              name={codeKind === "app" ? "totp_code" : "recovery_code"}
              errors={codeErrors}
              hint={
                codeKind === "app"
                  ? "Open your authenticator app. Lost your phone? Enter one of your recovery codes instead."
                  : "One of the codes you saved when you set up two-factor sign-in. Each works once."
              }
              required
            >
              {(p) => (
                <input
                  {...p}
                  ref={codeRef}
                  type="text"
                  inputMode={codeKind === "app" ? "numeric" : "text"}
                  autoComplete={codeKind === "app" ? "one-time-code" : "off"}
                  autoCapitalize="off"
                  autoCorrect={codeKind === "app" ? undefined : "off"}
                  spellCheck={false}
                  value={code}
                  onChange={(e) => setCode(e.target.value)}
                />
              )}
            </Field>
            <button
              type="button"
              className="button button-quiet button-small"
              onClick={switchCodeKind}
              disabled={busy}
            >
              {codeKind === "app"
                ? "Use a recovery code instead"
                : "Use the app's code"}
            </button>
          </div>
        )}
        <button
          type="submit"
          className="button button-primary button-block"
          disabled={busy}
        >
          {busy ? "Signing in…" : "Sign in"}
        </button>
        {step !== "password" && (
          <button
            type="button"
            className="button button-quiet button-block"
            onClick={back}
            disabled={busy}
          >
            Back
          </button>
        )}
      </form>
    </AuthLayout>
  );
}
