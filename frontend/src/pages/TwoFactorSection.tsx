import {
  lazy,
  Suspense,
  useEffect,
  useId,
  useRef,
  useState,
  type FormEvent,
} from "react";
import { ApiError } from "../api/client";
import { api } from "../api/endpoints";
import type { TwoFactorSetup } from "../api/types";
import { useAuth, useMe } from "../auth/AuthContext";
import {
  Field,
  FormAlert,
  Notice,
  focusFirstInvalid,
} from "../components/Field";
import { saveFile } from "../download";
import { asSentences, groupsOfFour } from "../format";

// The QR encoder is only needed during setup: keep it out of the main bundle.
const QrCode = lazy(() =>
  import("../components/QrCode").then((m) => ({ default: m.QrCode })),
);

/** Recovery codes left at which the member is told to make new ones. */
const FEW_CODES_LEFT = 2;

type View =
  | { kind: "idle" }
  | { kind: "setup"; setup: TwoFactorSetup }
  | { kind: "codes"; codes: string[] }
  | { kind: "password"; action: "disable" | "renew" };

function asError(e: unknown): ApiError {
  return e instanceof ApiError ? e : new ApiError({ status: 0 });
}

/**
 * "Two-factor sign-in" on the account page: set it up (QR code or setup key, then a code from
 * the app), see the recovery codes once, make new ones, or turn it off with the password.
 */
export function TwoFactorSection() {
  const me = useMe();
  const { updateMe } = useAuth();
  const id = useId();
  const headingRef = useRef<HTMLHeadingElement>(null);
  const [view, setView] = useState<View>({ kind: "idle" });
  const [notice, setNotice] = useState<string | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  function backToSummary(message: string | null = null) {
    setView({ kind: "idle" });
    setNotice(message);
    requestAnimationFrame(() => headingRef.current?.focus());
  }

  async function startSetup() {
    setNotice(null);
    setFailure(null);
    setBusy(true);
    try {
      setView({ kind: "setup", setup: await api.setUpTwoFactor() });
    } catch (e) {
      setFailure(asError(e).message);
    } finally {
      setBusy(false);
    }
  }

  const enabled = me.two_factor_enabled;
  const left = me.recovery_codes_left;

  return (
    <section
      className="card card-padded two-factor"
      aria-labelledby={`${id}-title`}
    >
      <div className="section-heading">
        <h2
          id={`${id}-title`}
          ref={headingRef}
          tabIndex={-1}
          className="section-title"
        >
          Two-factor sign-in
        </h2>
        <span className={enabled ? "badge badge-ok" : "badge badge-muted"}>
          {enabled ? "On" : "Off"}
        </span>
      </div>

      {notice && <Notice tone="success">{notice}</Notice>}
      <FormAlert message={failure} />

      {view.kind === "codes" ? (
        <RecoveryCodesPanel codes={view.codes} onDone={() => backToSummary()} />
      ) : enabled ? (
        <>
          <p className="section-text">
            You sign in with your password and a 6-digit code from your
            authenticator app.
          </p>
          <p className="section-text flush">
            Recovery codes left: <strong>{left}</strong>
          </p>
          {left <= FEW_CODES_LEFT && (
            <Notice tone="warning">
              {left === 0
                ? "You have no recovery codes left."
                : `Only ${left} recovery ${left === 1 ? "code" : "codes"} left.`}{" "}
              Make new ones, so that you can still sign in if you lose your
              phone.
            </Notice>
          )}
          {me.two_factor_required && (
            <p className="section-text flush">
              Your practice requires two-factor sign-in, so it cannot be turned
              off.
            </p>
          )}
          {view.kind === "password" ? (
            <PasswordPrompt
              action={view.action}
              onCancel={() => backToSummary()}
              onDisabled={() => {
                updateMe({ two_factor_enabled: false, recovery_codes_left: 0 });
                backToSummary(
                  "Two-factor sign-in is off. You sign in with your password alone.",
                );
              }}
              onRenewed={(codes) => {
                updateMe({ recovery_codes_left: codes.length });
                setNotice(
                  "New recovery codes made. The previous ones no longer work.",
                );
                setView({ kind: "codes", codes });
              }}
              onRequired={() => updateMe({ two_factor_required: true })}
            />
          ) : (
            <div className="form-actions">
              <button
                type="button"
                className="button button-secondary"
                onClick={() => {
                  setNotice(null);
                  setView({ kind: "password", action: "renew" });
                }}
              >
                New recovery codes
              </button>
              {!me.two_factor_required && (
                <button
                  type="button"
                  className="button button-secondary"
                  onClick={() => {
                    setNotice(null);
                    setView({ kind: "password", action: "disable" });
                  }}
                >
                  Turn off
                </button>
              )}
            </div>
          )}
        </>
      ) : view.kind === "setup" ? (
        <SetupForm
          setup={view.setup}
          onCancel={() => backToSummary()}
          onEnabled={(codes) => {
            updateMe({
              two_factor_enabled: true,
              recovery_codes_left: codes.length,
            });
            setNotice(
              "Two-factor sign-in is on. Save your recovery codes before you go on.",
            );
            setView({ kind: "codes", codes });
          }}
        />
      ) : (
        <>
          <p className="section-text">
            Besides your password, sign in with a 6-digit code from an
            authenticator app on your phone. Someone who learns your password
            still cannot open your clients’ records.
          </p>
          <div className="form-actions">
            <button
              type="button"
              className="button button-primary"
              onClick={startSetup}
              disabled={busy}
            >
              {busy ? "Starting setup…" : "Set up two-factor sign-in"}
            </button>
          </div>
        </>
      )}
    </section>
  );
}

/** The new secret as a QR code and a setup key, and the code that confirms it. */
function SetupForm({
  setup,
  onCancel,
  onEnabled,
}: {
  setup: TwoFactorSetup;
  onCancel: () => void;
  onEnabled: (codes: string[]) => void;
}) {
  const formRef = useRef<HTMLFormElement>(null);
  const stepRef = useRef<HTMLHeadingElement>(null);
  const [code, setCode] = useState("");
  const [errors, setErrors] = useState<string[] | undefined>();
  const [failure, setFailure] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    stepRef.current?.focus();
  }, []);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setFailure(null);
    const digits = code.replace(/\s+/g, "");
    if (!/^\d{6}$/.test(digits)) {
      setErrors(["Enter the 6 digits your authenticator app shows."]);
      focusFirstInvalid(formRef.current);
      return;
    }
    setErrors(undefined);
    setBusy(true);
    try {
      const res = await api.enableTwoFactor(digits);
      onEnabled(res.recovery_codes);
    } catch (e) {
      const err = asError(e);
      if (err.fieldErrors.code) {
        setErrors(asSentences(err.fieldErrors.code, "The code"));
        focusFirstInvalid(formRef.current);
      } else if (err.status === 409) {
        setFailure(
          err.detail ||
            "This setup is no longer open. Cancel and set up two-factor sign-in again.",
        );
      } else {
        setFailure(err.message);
      }
      setBusy(false);
    }
  }

  return (
    <div className="two-factor-setup stack">
      <h3 ref={stepRef} tabIndex={-1} className="subsection-title">
        1. Add Daybreak to your authenticator app
      </h3>
      <div className="two-factor-scan">
        <Suspense fallback={<div className="qr-code" />}>
          <QrCode
            text={setup.otpauth_uri}
            label="QR code to scan with your authenticator app"
          />
        </Suspense>
        <div className="stack">
          <p className="section-text flush">
            Open an authenticator app on your phone (Google Authenticator,
            Microsoft Authenticator, 1Password or similar) and scan this code.
          </p>
          <p className="section-text flush">
            Cannot scan it? Choose to enter a setup key and type:
          </p>
          <p>
            <code className="totp-secret">{groupsOfFour(setup.secret)}</code>
          </p>
        </div>
      </div>
      <h3 className="subsection-title">2. Enter the code the app shows</h3>
      <form ref={formRef} onSubmit={onSubmit} noValidate className="stack">
        <FormAlert message={failure} />
        <Field label="6-digit code" name="code" errors={errors} required>
          {(p) => (
            <input
              {...p}
              type="text"
              inputMode="numeric"
              autoComplete="one-time-code"
              className="input-code"
              value={code}
              onChange={(e) => setCode(e.target.value)}
            />
          )}
        </Field>
        <div className="form-actions">
          <button
            type="submit"
            className="button button-primary"
            disabled={busy}
          >
            {busy ? "Turning on…" : "Turn on"}
          </button>
          <button
            type="button"
            className="button button-quiet"
            onClick={onCancel}
            disabled={busy}
          >
            Cancel
          </button>
        </div>
      </form>
    </div>
  );
}

/** The recovery codes, shown once: a list, Copy, Download and "I have saved them". */
function RecoveryCodesPanel({
  codes,
  onDone,
}: {
  codes: string[];
  onDone: () => void;
}) {
  const me = useMe();
  const id = useId();
  const headingRef = useRef<HTMLHeadingElement>(null);
  const listRef = useRef<HTMLUListElement>(null);
  const [status, setStatus] = useState<string | null>(null);

  useEffect(() => {
    headingRef.current?.focus();
  }, []);

  const text = codes.join("\n");

  async function copy() {
    try {
      if (!navigator.clipboard?.writeText) throw new Error("no clipboard");
      await navigator.clipboard.writeText(text);
      setStatus("Recovery codes copied.");
    } catch {
      // Select them, so the keyboard's copy works.
      const selection = window.getSelection();
      if (selection && listRef.current) {
        selection.removeAllRanges();
        const range = document.createRange();
        range.selectNodeContents(listRef.current);
        selection.addRange(range);
      }
      setStatus(
        "Could not copy: the codes are selected, copy them with your keyboard or download them.",
      );
    }
  }

  function download() {
    const file = [
      "Daybreak recovery codes",
      `${me.email} at ${me.practice.name}`,
      "",
      "Each code works once. Use one instead of the 6-digit code if you lose your phone.",
      "",
      ...codes,
      "",
    ].join("\n");
    saveFile(
      new Blob([file], { type: "text/plain;charset=utf-8" }),
      "daybreak-recovery-codes.txt",
    );
    setStatus("Recovery codes downloaded.");
  }

  return (
    <div
      className="new-link recovery-codes-panel"
      role="group"
      aria-labelledby={`${id}-title`}
    >
      <h3
        id={`${id}-title`}
        ref={headingRef}
        tabIndex={-1}
        className="subsection-title"
      >
        Your recovery codes
      </h3>
      <p className="section-text flush">
        Lost your phone? Sign in with one of these codes instead of the 6-digit
        code. Each code works once. They will not be shown again: copy or
        download them now and keep them somewhere safe.
      </p>
      <ul ref={listRef} className="recovery-codes" aria-label="Recovery codes">
        {codes.map((code) => (
          <li key={code}>
            <code>{code}</code>
          </li>
        ))}
      </ul>
      <div className="form-actions">
        <button
          type="button"
          className="button button-secondary"
          onClick={copy}
        >
          Copy
        </button>
        <button
          type="button"
          className="button button-secondary"
          onClick={download}
        >
          Download
        </button>
        <button
          type="button"
          className="button button-primary"
          onClick={onDone}
        >
          I have saved them
        </button>
      </div>
      <p role="status" className="copy-status">
        {status}
      </p>
    </div>
  );
}

/** Asks for the password before turning two-factor off or making new recovery codes. */
function PasswordPrompt({
  action,
  onCancel,
  onDisabled,
  onRenewed,
  onRequired,
}: {
  action: "disable" | "renew";
  onCancel: () => void;
  onDisabled: () => void;
  onRenewed: (codes: string[]) => void;
  /** The server refused to turn it off: the practice requires it. */
  onRequired: () => void;
}) {
  const formRef = useRef<HTMLFormElement>(null);
  const inputRef = useRef<HTMLInputElement>(null);
  const [password, setPassword] = useState("");
  const [errors, setErrors] = useState<string[] | undefined>();
  const [failure, setFailure] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const disable = action === "disable";

  useEffect(() => {
    inputRef.current?.focus();
  }, []);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setFailure(null);
    if (!password) {
      setErrors(["Enter your password."]);
      focusFirstInvalid(formRef.current);
      return;
    }
    setErrors(undefined);
    setBusy(true);
    try {
      if (disable) {
        await api.disableTwoFactor(password);
        onDisabled();
      } else {
        onRenewed((await api.newRecoveryCodes(password)).recovery_codes);
      }
    } catch (e) {
      const err = asError(e);
      if (err.fieldErrors.password) {
        setErrors(asSentences(err.fieldErrors.password, "This"));
        focusFirstInvalid(formRef.current);
      } else {
        setFailure(err.message);
        if (disable && err.status === 403) onRequired();
      }
      setBusy(false);
    }
  }

  return (
    <form ref={formRef} onSubmit={onSubmit} noValidate className="stack">
      <p className="section-text flush">
        {disable
          ? "Enter your password to turn two-factor sign-in off. Your recovery codes stop working too."
          : "Enter your password to make new recovery codes. The codes you have now stop working."}
      </p>
      <FormAlert message={failure} />
      <Field label="Password" name="password" errors={errors} required>
        {(p) => (
          <input
            {...p}
            ref={inputRef}
            type="password"
            autoComplete="current-password"
            value={password}
            onChange={(e) => setPassword(e.target.value)}
          />
        )}
      </Field>
      <div className="form-actions">
        <button type="submit" className="button button-primary" disabled={busy}>
          {disable
            ? busy
              ? "Turning off…"
              : "Turn off two-factor sign-in"
            : busy
              ? "Making new codes…"
              : "Make new codes"}
        </button>
        <button
          type="button"
          className="button button-quiet"
          onClick={onCancel}
          disabled={busy}
        >
          Cancel
        </button>
      </div>
    </form>
  );
}
