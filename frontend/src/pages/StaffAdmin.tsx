import { useCallback, useRef, useState } from "react";
import type { FormEvent } from "react";
import { ApiError } from "../api/client";
import { api, type StaffPatch } from "../api/endpoints";
import type { Role, Staff } from "../api/types";
import { useMe } from "../auth/AuthContext";
import { ConfirmBox } from "../components/Confirm";
import {
  Field,
  FormAlert,
  Notice,
  focusFirstInvalid,
} from "../components/Field";
import { Pagination } from "../components/Pagination";
import { ROLES, roleLabel } from "../domain";
import { formatDay } from "../format";
import { useAsyncData, useTitle } from "../hooks";

const STAFF_PER_PAGE = 50;
const MIN_PASSWORD = 12;

export function StaffAdmin() {
  useTitle("Staff");
  const me = useMe();
  const [page, setPage] = useState(1);
  const load = useCallback(
    (signal: AbortSignal) => api.listStaff(page, STAFF_PER_PAGE, signal),
    [page],
  );
  const { data, error, loading, reload, setData } = useAsyncData(load);
  const [adding, setAdding] = useState(false);
  const [rowBusy, setRowBusy] = useState<string | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [confirmReset, setConfirmReset] = useState<string | null>(null);

  function replaceRow(updated: Staff) {
    if (!data) return;
    setData({
      ...data,
      items: data.items.map((s) => (s.id === updated.id ? updated : s)),
    });
  }

  async function change(
    member: Staff,
    patch: Omit<StaffPatch, "version">,
    done: string,
  ) {
    setRowBusy(member.id);
    setMessage(null);
    setNotice(null);
    try {
      const updated = await api.updateStaff(member.id, {
        ...patch,
        version: member.version,
      });
      replaceRow(updated);
      setNotice(done);
    } catch (e) {
      const err = e instanceof ApiError ? e : new ApiError({ status: 0 });
      if (err.status === 409) {
        setMessage(
          `Someone else changed ${member.name} a moment ago. The list now shows the latest; please try again.`,
        );
        reload();
      } else {
        const fieldMessages = Object.values(err.fieldErrors).flat();
        setMessage(
          fieldMessages.length > 0 ? fieldMessages.join(" ") : err.message,
        );
      }
    } finally {
      setRowBusy(null);
    }
  }

  /** A lost phone: turns the member's two-factor off so they can sign in with the password. */
  async function resetTwoFactor(member: Staff) {
    setRowBusy(member.id);
    setMessage(null);
    setNotice(null);
    try {
      replaceRow(await api.resetStaffTwoFactor(member.id));
      setNotice(
        me.two_factor_required
          ? `${member.name}'s two-factor sign-in was reset. They sign in with their password and set it up again right away.`
          : `${member.name}'s two-factor sign-in was reset. They sign in with their password alone until they set it up again.`,
      );
    } catch (e) {
      const err = e instanceof ApiError ? e : new ApiError({ status: 0 });
      setMessage(err.message);
    } finally {
      setConfirmReset(null);
      setRowBusy(null);
    }
  }

  const items = data?.items ?? [];

  return (
    <div className="page">
      <div className="page-header">
        <div>
          <h1>Staff</h1>
          <p className="page-subtitle">
            Who can sign in to {me.practice.name}, and what they can see.
          </p>
        </div>
        {!adding && (
          <button
            type="button"
            className="button button-primary"
            onClick={() => setAdding(true)}
          >
            Add staff member
          </button>
        )}
      </div>

      {adding && (
        <AddStaff
          onCancel={() => setAdding(false)}
          onAdded={(member) => {
            setAdding(false);
            setNotice(
              `${member.name} was added as ${roleLabel(member.role).toLowerCase()}.`,
            );
            reload();
          }}
        />
      )}

      {notice && <Notice tone="success">{notice}</Notice>}
      <FormAlert message={message} />
      {error !== undefined && (
        <FormAlert
          message={
            error instanceof Error ? error.message : "Could not load staff."
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

      <div className="card table-card">
        <table className="data-table" aria-busy={loading}>
          <caption className="visually-hidden">Staff members</caption>
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Email</th>
              <th scope="col">Role</th>
              <th scope="col">Status</th>
              <th scope="col">
                <abbr title="Two-factor sign-in">2FA</abbr>
              </th>
              <th scope="col">
                <span className="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {items.map((member) => {
              const self = member.id === me.id;
              const busy = rowBusy === member.id;
              return (
                <tr
                  key={member.id}
                  className={member.active ? undefined : "row-inactive"}
                >
                  <th scope="row" className="cell-name">
                    {member.name}
                    {self && <span className="badge badge-muted">You</span>}
                    <span className="cell-sub">
                      Added {formatDay(member.created_at?.slice(0, 10))}
                    </span>
                  </th>
                  <td>{member.email}</td>
                  <td>
                    <label
                      className="visually-hidden"
                      htmlFor={`role-${member.id}`}
                    >
                      Role for {member.name}
                    </label>
                    <select
                      id={`role-${member.id}`}
                      className="select-compact"
                      value={member.role}
                      disabled={self || busy}
                      onChange={(e) => {
                        const role = e.target.value as Role;
                        void change(
                          member,
                          { role },
                          `${member.name} is now ${roleLabel(role).toLowerCase()}.`,
                        );
                      }}
                    >
                      {ROLES.map((r) => (
                        <option key={r.value} value={r.value}>
                          {r.label}
                        </option>
                      ))}
                    </select>
                  </td>
                  <td>
                    <span
                      className={
                        member.active ? "badge badge-ok" : "badge badge-muted"
                      }
                    >
                      {member.active ? "Active" : "Deactivated"}
                    </span>
                  </td>
                  <td>
                    <span
                      className={
                        member.two_factor_enabled
                          ? "badge badge-ok"
                          : "badge badge-muted"
                      }
                    >
                      {member.two_factor_enabled ? "On" : "Off"}
                    </span>
                  </td>
                  <td className="cell-actions">
                    {!self && confirmReset === member.id && (
                      <ConfirmBox
                        confirmLabel="Yes, reset"
                        busyLabel="Resetting…"
                        busy={busy}
                        onConfirm={() => void resetTwoFactor(member)}
                        onCancel={() => setConfirmReset(null)}
                      >
                        Reset two-factor sign-in for {member.name}?
                        <p className="confirm-detail">
                          For a lost phone: their authenticator app and recovery
                          codes stop working, and they sign in with their
                          password alone
                          {me.two_factor_required
                            ? " until they set it up again, which your practice asks of them right away."
                            : " until they set it up again."}
                        </p>
                      </ConfirmBox>
                    )}
                    {!self &&
                      confirmReset !== member.id &&
                      member.two_factor_enabled && (
                        <button
                          type="button"
                          className="button button-secondary button-small"
                          disabled={busy}
                          aria-label={`Reset two-factor for ${member.name}`}
                          onClick={() => {
                            setNotice(null);
                            setMessage(null);
                            setConfirmReset(member.id);
                          }}
                        >
                          Reset two-factor…
                        </button>
                      )}
                    {!self && confirmReset !== member.id && (
                      <button
                        type="button"
                        className="button button-secondary button-small"
                        disabled={busy}
                        aria-label={`${member.active ? "Deactivate" : "Reactivate"} ${member.name}`}
                        onClick={() =>
                          void change(
                            member,
                            { active: !member.active },
                            member.active
                              ? `${member.name} was deactivated and can no longer sign in.`
                              : `${member.name} was reactivated and can sign in again.`,
                          )
                        }
                      >
                        {member.active ? "Deactivate" : "Reactivate"}
                      </button>
                    )}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
        {loading && !data && <p className="table-empty">Loading staff…</p>}
      </div>
      {data && (
        <Pagination
          label="Staff pages"
          page={data.page || page}
          perPage={data.per_page || STAFF_PER_PAGE}
          total={data.total}
          onPage={setPage}
        />
      )}

      <section className="role-guide" aria-labelledby="roles-heading">
        <h2 id="roles-heading" className="section-title">
          Roles
        </h2>
        <dl>
          {ROLES.map((r) => (
            <div key={r.value}>
              <dt>{r.label}</dt>
              <dd>{r.description}</dd>
            </div>
          ))}
        </dl>
      </section>
    </div>
  );
}

function AddStaff({
  onCancel,
  onAdded,
}: {
  onCancel: () => void;
  onAdded: (s: Staff) => void;
}) {
  const formRef = useRef<HTMLFormElement>(null);
  const [form, setForm] = useState({
    name: "",
    email: "",
    role: "clinician" as Role,
    password: "",
  });
  const [fieldErrors, setFieldErrors] = useState<Record<string, string[]>>({});
  const [message, setMessage] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setMessage(null);
    const local: Record<string, string[]> = {};
    if (!form.name.trim()) local.name = ["Enter their name."];
    if (!/^\S+@\S+\.\S+$/.test(form.email.trim()))
      local.email = ["Enter a valid email address."];
    if (form.password.length < MIN_PASSWORD) {
      local.password = [`Use at least ${MIN_PASSWORD} characters.`];
    }
    setFieldErrors(local);
    if (Object.keys(local).length > 0) {
      setMessage("Please check the highlighted fields.");
      focusFirstInvalid(formRef.current);
      return;
    }
    setBusy(true);
    try {
      const member = await api.createStaff({
        name: form.name.trim(),
        email: form.email.trim(),
        role: form.role,
        password: form.password,
      });
      onAdded(member);
    } catch (e) {
      const err = e instanceof ApiError ? e : new ApiError({ status: 0 });
      setFieldErrors(err.fieldErrors);
      setMessage(
        err.hasFieldErrors
          ? "Please check the highlighted fields."
          : err.message,
      );
      focusFirstInvalid(formRef.current);
      setBusy(false);
    }
  }

  return (
    <section
      className="card card-padded add-staff"
      aria-labelledby="add-staff-heading"
    >
      <h2 id="add-staff-heading" className="section-title">
        Add a staff member
      </h2>
      <FormAlert message={message} />
      <form ref={formRef} onSubmit={submit} noValidate>
        <div className="form-grid">
          <Field label="Name" name="name" errors={fieldErrors.name} required>
            {(p) => (
              <input
                {...p}
                autoComplete="off"
                value={form.name}
                onChange={(e) => setForm({ ...form, name: e.target.value })}
              />
            )}
          </Field>
          <Field label="Email" name="email" errors={fieldErrors.email} required>
            {(p) => (
              <input
                {...p}
                type="email"
                autoComplete="off"
                value={form.email}
                onChange={(e) => setForm({ ...form, email: e.target.value })}
              />
            )}
          </Field>
          <Field label="Role" name="role" errors={fieldErrors.role} required>
            {(p) => (
              <select
                {...p}
                value={form.role}
                onChange={(e) =>
                  setForm({ ...form, role: e.target.value as Role })
                }
              >
                {ROLES.map((r) => (
                  <option key={r.value} value={r.value}>
                    {r.label}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <Field
            label="Temporary password"
            name="password"
            errors={fieldErrors.password}
            hint={`At least ${MIN_PASSWORD} characters. Share it with them privately.`}
            required
          >
            {(p) => (
              <input
                {...p}
                type="password"
                autoComplete="new-password"
                value={form.password}
                onChange={(e) => setForm({ ...form, password: e.target.value })}
              />
            )}
          </Field>
        </div>
        <div className="form-actions">
          <button
            type="submit"
            className="button button-primary"
            disabled={busy}
          >
            {busy ? "Adding…" : "Add staff member"}
          </button>
          <button
            type="button"
            className="button button-quiet"
            onClick={onCancel}
          >
            Cancel
          </button>
        </div>
      </form>
    </section>
  );
}
