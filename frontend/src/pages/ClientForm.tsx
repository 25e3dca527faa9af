import type { FormEvent, ReactNode, RefObject } from "react";
import type {
  Client,
  ClientInput,
  ClientUpdate,
  ClinicianOption,
  Role,
} from "../api/types";
import { Field, FormAlert, type ControlProps } from "../components/Field";
import { todayIn } from "../format";
import { canAssignClinician, roleLabel, SUBSTANCES } from "../domain";

/** Every editable client field as the form holds it: text, "" meaning empty. */
export interface ClientFormValues {
  first_name: string;
  last_name: string;
  preferred_name: string;
  date_of_birth: string;
  email: string;
  phone: string;
  primary_substance: string;
  recovery_start_date: string;
  clinician_id: string;
}

export type ClientField = keyof ClientFormValues;

export const CLIENT_FIELDS: ClientField[] = [
  "first_name",
  "last_name",
  "preferred_name",
  "date_of_birth",
  "email",
  "phone",
  "primary_substance",
  "recovery_start_date",
  "clinician_id",
];

export const EMPTY_CLIENT: ClientFormValues = {
  first_name: "",
  last_name: "",
  preferred_name: "",
  date_of_birth: "",
  email: "",
  phone: "",
  primary_substance: "",
  recovery_start_date: "",
  clinician_id: "",
};

export function valuesFromClient(client: Client): ClientFormValues {
  const values = { ...EMPTY_CLIENT };
  for (const field of CLIENT_FIELDS) values[field] = client[field] ?? "";
  return values;
}

/** The form's fields as the API takes them: trimmed, empty as null, a known substance or null. */
type WireValues = Pick<Required<ClientUpdate>, ClientField>;

function wireValues(v: ClientFormValues): WireValues {
  const text = (s: string) => s.trim() || null;
  return {
    first_name: text(v.first_name),
    last_name: text(v.last_name),
    preferred_name: text(v.preferred_name),
    date_of_birth: text(v.date_of_birth),
    email: text(v.email),
    phone: text(v.phone),
    primary_substance:
      SUBSTANCES.find((s) => s.value === v.primary_substance.trim())?.value ??
      null,
    recovery_start_date: text(v.recovery_start_date),
    clinician_id: text(v.clinician_id),
  };
}

/** The body of a POST: required names, optional fields only when filled in. */
export function createInput(values: ClientFormValues, role: Role): ClientInput {
  const wire = wireValues(values);
  const input: ClientInput = {
    first_name: values.first_name.trim(),
    last_name: values.last_name.trim(),
  };
  for (const field of CLIENT_FIELDS) {
    if (field === "first_name" || field === "last_name") continue;
    if (field === "clinician_id" && !canAssignClinician(role)) continue;
    if (wire[field] !== null) copyField(input, wire, field);
  }
  return input;
}

/** The fields of a PATCH: what differs from the version loaded, with cleared fields sent as null. */
export function changedFields(
  baseline: ClientFormValues,
  values: ClientFormValues,
): ClientUpdate {
  const before = wireValues(baseline);
  const now = wireValues(values);
  const changes: ClientUpdate = {};
  for (const field of CLIENT_FIELDS) {
    if (now[field] !== before[field]) copyField(changes, now, field);
  }
  return changes;
}

function copyField<K extends ClientField>(
  to: Pick<ClientUpdate, K>,
  from: WireValues,
  field: K,
): void {
  to[field] = from[field];
}

/** Local checks that save a round trip; the server has the last word. */
export function validateClient(
  values: ClientFormValues,
): Record<string, string[]> {
  const errors: Record<string, string[]> = {};
  if (!values.first_name.trim()) errors.first_name = ["Enter a first name."];
  if (!values.last_name.trim()) errors.last_name = ["Enter a last name."];
  const email = values.email.trim();
  if (email && !/^\S+@\S+\.\S+$/.test(email))
    errors.email = ["Enter a valid email address."];
  return errors;
}

const FIELD_LABELS: Record<string, string> = {
  first_name: "First name",
  last_name: "Last name",
  preferred_name: "Preferred name",
  date_of_birth: "Date of birth",
  email: "Email",
  phone: "Phone",
  primary_substance: "Primary substance",
  recovery_start_date: "Recovery start date",
  clinician_id: "Clinician",
};

export function ClientForm({
  values,
  onChange,
  fieldErrors,
  message,
  messageDetails,
  busy,
  role,
  clinicians,
  submitLabel,
  busyLabel,
  onSubmit,
  actions,
  formRef,
}: {
  values: ClientFormValues;
  onChange: (values: ClientFormValues) => void;
  fieldErrors: Record<string, string[]>;
  message: string | null;
  messageDetails?: ReactNode;
  busy: boolean;
  role: Role;
  clinicians: ClinicianOption[] | undefined;
  submitLabel: string;
  busyLabel: string;
  onSubmit: () => void;
  actions?: ReactNode;
  formRef?: RefObject<HTMLFormElement | null>;
}) {
  const set = (field: ClientField) => (value: string) =>
    onChange({ ...values, [field]: value });
  const today = todayIn(undefined);

  // Errors the server reported for fields this form does not show still deserve a place.
  const otherErrors = Object.entries(fieldErrors).filter(
    ([field]) => !(field in FIELD_LABELS),
  );

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    onSubmit();
  }

  const text =
    (field: ClientField, autoComplete: string, type = "text") =>
    (p: ControlProps) => (
      <input
        {...p}
        type={type}
        autoComplete={autoComplete}
        value={values[field]}
        onChange={(e) => set(field)(e.target.value)}
        max={type === "date" ? today : undefined}
      />
    );

  const clinicianSelectable = canAssignClinician(role);
  const knownClinician =
    !values.clinician_id ||
    clinicians?.some((c) => c.id === values.clinician_id);

  return (
    <form ref={formRef} onSubmit={submit} noValidate className="client-form">
      {(message || messageDetails || otherErrors.length > 0) && (
        <FormAlert message={message}>
          {messageDetails}
          {otherErrors.length > 0 && (
            <ul>
              {otherErrors.map(([field, msgs]) => (
                <li key={field}>
                  {field.replace(/_/g, " ")}: {msgs.join(" ")}
                </li>
              ))}
            </ul>
          )}
        </FormAlert>
      )}

      <fieldset className="form-section">
        <legend>Personal details</legend>
        <div className="form-grid">
          <Field
            label="First name"
            name="first_name"
            errors={fieldErrors.first_name}
            required
          >
            {text("first_name", "off")}
          </Field>
          <Field
            label="Last name"
            name="last_name"
            errors={fieldErrors.last_name}
            required
          >
            {text("last_name", "off")}
          </Field>
          <Field
            label="Preferred name"
            name="preferred_name"
            errors={fieldErrors.preferred_name}
            optionalMark
          >
            {text("preferred_name", "off")}
          </Field>
          <Field
            label="Date of birth"
            name="date_of_birth"
            errors={fieldErrors.date_of_birth}
            optionalMark
          >
            {text("date_of_birth", "off", "date")}
          </Field>
        </div>
      </fieldset>

      <fieldset className="form-section">
        <legend>Contact</legend>
        <div className="form-grid">
          <Field
            label="Email"
            name="email"
            errors={fieldErrors.email}
            optionalMark
          >
            {text("email", "off", "email")}
          </Field>
          <Field
            label="Phone"
            name="phone"
            errors={fieldErrors.phone}
            optionalMark
          >
            {text("phone", "off", "tel")}
          </Field>
        </div>
      </fieldset>

      <fieldset className="form-section">
        <legend>Recovery</legend>
        <div className="form-grid">
          <Field
            label="Primary substance"
            name="primary_substance"
            errors={fieldErrors.primary_substance}
            optionalMark
          >
            {(p) => (
              <select
                {...p}
                value={values.primary_substance}
                onChange={(e) => set("primary_substance")(e.target.value)}
              >
                <option value="">Not recorded</option>
                {SUBSTANCES.map((s) => (
                  <option key={s.value} value={s.value}>
                    {s.label}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <Field
            label="Recovery start date"
            name="recovery_start_date"
            errors={fieldErrors.recovery_start_date}
            hint="Streaks count from this day."
            optionalMark
          >
            {text("recovery_start_date", "off", "date")}
          </Field>
          {clinicianSelectable && (
            <Field
              label="Clinician"
              name="clinician_id"
              errors={fieldErrors.clinician_id}
              optionalMark
            >
              {(p) => (
                <select
                  {...p}
                  value={values.clinician_id}
                  onChange={(e) => set("clinician_id")(e.target.value)}
                >
                  <option value="">Unassigned</option>
                  {!knownClinician && (
                    <option value={values.clinician_id}>
                      Current clinician
                    </option>
                  )}
                  {clinicians?.map((c) => (
                    <option key={c.id} value={c.id}>
                      {c.name}
                      {c.role !== "clinician" ? ` (${roleLabel(c.role)})` : ""}
                    </option>
                  ))}
                </select>
              )}
            </Field>
          )}
        </div>
      </fieldset>

      <div className="form-actions">
        <button type="submit" className="button button-primary" disabled={busy}>
          {busy ? busyLabel : submitLabel}
        </button>
        {actions}
      </div>
    </form>
  );
}
