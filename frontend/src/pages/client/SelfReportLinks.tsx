import {
  lazy,
  Suspense,
  useCallback,
  useEffect,
  useRef,
  useState,
  type FormEvent,
} from "react";
import { ApiError } from "../../api/client";
import { api } from "../../api/endpoints";
import type {
  NewSelfReportLink,
  SelfReportLink,
  SelfReportLinkStatus,
} from "../../api/types";
import { useMe } from "../../auth/AuthContext";
import { copyText } from "../../clipboard";
import { ConfirmBox } from "../../components/Confirm";
import { Field, FormAlert, Notice } from "../../components/Field";
import { Pagination } from "../../components/Pagination";
import { formatDateTime } from "../../format";
import { useAsyncData } from "../../hooks";

// The QR encoder is only needed once a link is made: keep it out of the main bundle.
const QrCode = lazy(() =>
  import("../../components/QrCode").then((m) => ({ default: m.QrCode })),
);

export const LINKS_PER_PAGE = 20;
export const DEFAULT_EXPIRY_DAYS = 90;

const STATUS: Record<SelfReportLinkStatus, { label: string; badge: string }> = {
  active: { label: "Active", badge: "badge badge-ok" },
  expired: { label: "Expired", badge: "badge badge-muted" },
  revoked: { label: "Revoked", badge: "badge badge-draft" },
};

/** The new link, shown once: the address, a Copy button and a QR code. */
function NewLink({
  link,
  onDone,
}: {
  link: NewSelfReportLink;
  onDone: () => void;
}) {
  const me = useMe();
  const fieldRef = useRef<HTMLInputElement>(null);
  const headingRef = useRef<HTMLHeadingElement>(null);
  const [copied, setCopied] = useState<string | null>(null);

  useEffect(() => {
    headingRef.current?.focus();
  }, []);

  async function copy() {
    const ok = await copyText(link.url, fieldRef.current);
    setCopied(
      ok
        ? "Link copied."
        : "Could not copy: the link is selected, copy it with your keyboard.",
    );
  }

  return (
    <div className="new-link" role="group" aria-labelledby="new-link-heading">
      <h3
        id="new-link-heading"
        className="subsection-title"
        tabIndex={-1}
        ref={headingRef}
      >
        New link
      </h3>
      <p className="section-text flush">
        This link is shown only now. Send it to the client, or let them scan the
        code with their phone: the first phone to open it keeps it, and any
        earlier link of theirs has stopped working. It works until{" "}
        {formatDateTime(link.expires_at, me.practice.time_zone)}.
      </p>
      <div className="new-link-body">
        <div className="new-link-url">
          <Field label="Link" name="self-report-url">
            {(props) => (
              <input
                {...props}
                ref={fieldRef}
                type="text"
                readOnly
                value={link.url}
                onFocus={(e) => e.currentTarget.select()}
              />
            )}
          </Field>
          <div className="form-actions">
            <button
              type="button"
              className="button button-primary"
              onClick={copy}
            >
              Copy link
            </button>
            <button
              type="button"
              className="button button-secondary"
              onClick={onDone}
            >
              Done
            </button>
          </div>
          <p role="status" className="copy-status">
            {copied}
          </p>
        </div>
        <Suspense fallback={<div className="qr-code" />}>
          <QrCode text={link.url} label="QR code of the link" />
        </Suspense>
      </div>
    </div>
  );
}

function LinkRow({
  link,
  timeZone,
  onRevoked,
}: {
  link: SelfReportLink;
  timeZone: string;
  onRevoked: (link: SelfReportLink) => void;
}) {
  const [confirm, setConfirm] = useState(false);
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<string | null>(null);
  const status = STATUS[link.status] ?? STATUS.expired;

  async function revoke() {
    setBusy(true);
    setMessage(null);
    try {
      onRevoked(await api.revokeSelfReportLink(link.id));
      setConfirm(false);
    } catch (e) {
      setMessage(e instanceof Error ? e.message : "Could not revoke the link.");
      setConfirm(false);
    } finally {
      setBusy(false);
    }
  }

  return (
    <tr>
      <td>
        <span className={status.badge}>{status.label}</span>
      </td>
      <td>
        {formatDateTime(link.created_at, timeZone)}
        {link.created_by_name && (
          <span className="cell-sub">by {link.created_by_name}</span>
        )}
      </td>
      <td>
        {link.revoked_at
          ? `Revoked ${formatDateTime(link.revoked_at, timeZone)}`
          : formatDateTime(link.expires_at, timeZone)}
      </td>
      <td>
        {link.claimed_at
          ? `Opened on a phone on ${formatDateTime(link.claimed_at, timeZone)}`
          : "Not opened yet"}
      </td>
      <td>
        {link.last_used_at
          ? formatDateTime(link.last_used_at, timeZone)
          : "Not yet"}
      </td>
      <td className="cell-actions">
        {link.status === "active" &&
          (confirm ? (
            <ConfirmBox
              confirmLabel="Yes, revoke"
              busyLabel="Revoking…"
              busy={busy}
              onConfirm={revoke}
              onCancel={() => setConfirm(false)}
            >
              Revoke this link?
              <p className="confirm-detail">
                The client can no longer check in with it.
              </p>
            </ConfirmBox>
          ) : (
            <button
              type="button"
              className="button button-secondary button-small"
              onClick={() => setConfirm(true)}
              aria-label={`Revoke the link created ${formatDateTime(link.created_at, timeZone)}`}
            >
              Revoke…
            </button>
          ))}
        {message && (
          <p role="alert" className="field-error">
            {message}
          </p>
        )}
      </td>
    </tr>
  );
}

/**
 * The client's self-report links: create one (shown once, with a QR code), list them with
 * their status, revoke. Every role may do this, the front desk included.
 */
export function SelfReportLinks({
  clientId,
  archived,
}: {
  clientId: string;
  archived: boolean;
}) {
  const me = useMe();
  const tz = me.practice.time_zone;
  const [page, setPage] = useState(1);
  const [days, setDays] = useState(String(DEFAULT_EXPIRY_DAYS));
  const [dayErrors, setDayErrors] = useState<string[] | undefined>();
  const [message, setMessage] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [created, setCreated] = useState<NewSelfReportLink | null>(null);
  const load = useCallback(
    (signal: AbortSignal) =>
      api.listSelfReportLinks(
        clientId,
        { page, per_page: LINKS_PER_PAGE },
        signal,
      ),
    [clientId, page],
  );
  const { data, error, loading, reload, setData } = useAsyncData(load);

  async function create(event: FormEvent) {
    event.preventDefault();
    setMessage(null);
    setNotice(null);
    const n = Number(days);
    if (!/^\d+$/.test(days.trim()) || n < 1 || n > 365) {
      setDayErrors(["Enter a number of days from 1 to 365."]);
      return;
    }
    setDayErrors(undefined);
    setBusy(true);
    try {
      const link = await api.createSelfReportLink(clientId, n);
      setCreated(link);
      setPage(1);
      reload();
    } catch (e) {
      const err = e instanceof ApiError ? e : null;
      if (err?.fieldErrors.expires_in_days)
        setDayErrors(err.fieldErrors.expires_in_days);
      setMessage(
        err?.status === 409
          ? "This client is archived: no new link can be made."
          : e instanceof Error
            ? e.message
            : "Could not create the link.",
      );
    } finally {
      setBusy(false);
    }
  }

  function onRevoked(link: SelfReportLink) {
    setNotice("Link revoked. It no longer works.");
    if (data)
      setData({
        ...data,
        items: data.items.map((l) => (l.id === link.id ? link : l)),
      });
  }

  const items = data?.items ?? [];
  const activeCount = items.filter((l) => l.status === "active").length;

  return (
    <section
      className="card card-padded stack-large"
      aria-labelledby="links-heading"
    >
      <div>
        <h2 id="links-heading" className="section-title">
          Self-report link
        </h2>
        <p className="section-text flush">
          A private link for the client to check in each day from their phone,
          without signing in. The first phone that opens it keeps it: after that
          the link opens on that phone only, so give it to the client alone and
          let them open it themselves. A new link (for a new phone) replaces the
          old one.
        </p>
      </div>

      {created ? (
        <NewLink link={created} onDone={() => setCreated(null)} />
      ) : archived ? (
        <p className="muted">Archived clients cannot get a new link.</p>
      ) : (
        <form className="link-form" onSubmit={create} noValidate>
          <Field
            label="Expires after (days)"
            name="expires_in_days"
            errors={dayErrors}
          >
            {(props) => (
              <input
                {...props}
                type="number"
                inputMode="numeric"
                min={1}
                max={365}
                value={days}
                onChange={(e) => setDays(e.target.value)}
              />
            )}
          </Field>
          <button
            type="submit"
            className="button button-primary"
            disabled={busy}
          >
            {busy ? "Creating…" : "Create link"}
          </button>
        </form>
      )}
      <FormAlert message={message} />
      {notice && <Notice tone="success">{notice}</Notice>}
      {activeCount > 1 && (
        <p className="section-text flush">
          {activeCount} links are active. Revoke the ones the client no longer
          uses.
        </p>
      )}

      {error !== undefined && (
        <FormAlert
          message={
            error instanceof Error ? error.message : "Could not load the links."
          }
        >
          <button
            type="button"
            className="button button-secondary"
            onClick={reload}
          >
            Try again
          </button>
        </FormAlert>
      )}
      {data && items.length === 0 && (
        <p className="muted">No link has been made for this client yet.</p>
      )}
      {items.length > 0 && (
        <div className="table-card">
          <table className="data-table" aria-busy={loading}>
            <caption className="visually-hidden">Self-report links</caption>
            <thead>
              <tr>
                <th scope="col">Status</th>
                <th scope="col">Created</th>
                <th scope="col">Expires</th>
                <th scope="col">On a phone</th>
                <th scope="col">Last used</th>
                <th scope="col">
                  <span className="visually-hidden">Action</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {items.map((link) => (
                <LinkRow
                  key={link.id}
                  link={link}
                  timeZone={tz}
                  onRevoked={onRevoked}
                />
              ))}
            </tbody>
          </table>
        </div>
      )}
      {data && (
        <Pagination
          page={page}
          perPage={LINKS_PER_PAGE}
          total={data.total}
          onPage={setPage}
          label="Link pages"
        />
      )}
    </section>
  );
}
