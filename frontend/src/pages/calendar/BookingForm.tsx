import { useCallback, useId, useRef, useState, type FormEvent } from "react";
import { ApiError } from "../../api/client";
import { api } from "../../api/endpoints";
import type { Booked, ClinicianOption } from "../../api/types";
import { APPOINTMENT_KINDS, optionOf } from "../../clinical";
import { Field, FormAlert, focusFirstInvalid } from "../../components/Field";
import { displayName } from "../../format";
import { useAsyncData } from "../../hooks";
import {
  bookingBody,
  errorsByField,
  initialBooking,
  type BookingErrors,
  type BookingValues,
} from "./bookingValues";
import { PlaceFields, RepeatFields } from "./BookingParts";

/** The most clients one list request returns: the clients to book for. */
export const BOOKING_CLIENTS = 100;

/**
 * Books an appointment or a weekly or fortnightly series. The clinician is the member when
 * they are clinical staff, else the chosen client's clinician, until one is chosen here.
 */
export function BookingForm({
  timeZone,
  day,
  me,
  clinicians,
  onBooked,
  onCancel,
}: {
  timeZone: string;
  /** The date the form starts from. */
  day: string;
  /** The member booking, and whether they see clients as their clinician. */
  me: { id: string; name: string; clinical: boolean };
  clinicians: ClinicianOption[] | undefined;
  onBooked: (booked: Booked) => void;
  onCancel: () => void;
}) {
  const headingId = useId();
  const formRef = useRef<HTMLFormElement>(null);
  const [values, setValues] = useState<BookingValues>(() =>
    initialBooking(day, me.clinical ? me.id : ""),
  );
  const [errors, setErrors] = useState<BookingErrors>({});
  const [message, setMessage] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const change = (patch: Partial<BookingValues>) =>
    setValues((v) => ({ ...v, ...patch }));

  const loadClients = useCallback(
    (signal: AbortSignal) =>
      api.listClients({ status: "active", per_page: BOOKING_CLIENTS }, signal),
    [],
  );
  const clients = useAsyncData(loadClients);
  const clientList = clients.data?.items ?? [];

  const options = clinicians ?? [];
  const clinicianOptions =
    values.clinicianId && !options.some((c) => c.id === values.clinicianId)
      ? [
          ...options,
          {
            id: values.clinicianId,
            name: values.clinicianId === me.id ? me.name : "Current clinician",
          },
        ]
      : options;

  function chooseClient(clientId: string) {
    const client = clientList.find((c) => c.id === clientId);
    // Front desk: the client's own clinician, until another is chosen.
    setValues((v) => ({
      ...v,
      clientId,
      clinicianId:
        !me.clinical && client?.clinician_id
          ? client.clinician_id
          : v.clinicianId,
    }));
  }

  async function submit(event: FormEvent) {
    event.preventDefault();
    setMessage(null);
    const built = bookingBody(values, timeZone);
    if (built.errors) {
      setErrors(built.errors);
      setMessage("Please check the highlighted fields.");
      focusFirstInvalid(formRef.current);
      return;
    }
    setErrors({});
    setBusy(true);
    try {
      onBooked(await api.bookAppointment(built.body));
    } catch (e) {
      const error = e instanceof ApiError ? e : null;
      setErrors(error?.fieldErrors ?? {});
      setMessage(
        error?.hasFieldErrors
          ? "Please check the highlighted fields."
          : e instanceof Error
            ? e.message
            : "Could not book the appointment.",
      );
      focusFirstInvalid(formRef.current);
    } finally {
      setBusy(false);
    }
  }

  const { fields, rest } = errorsByField(errors);

  return (
    <section
      className="card card-padded form-card booking-form"
      aria-labelledby={headingId}
    >
      <h2 id={headingId} className="section-title flush">
        Book an appointment
      </h2>
      <form
        ref={formRef}
        className="stack"
        onSubmit={submit}
        noValidate
        aria-labelledby={headingId}
      >
        {(message || rest.length > 0) && (
          <FormAlert message={message}>
            {rest.length > 0 && (
              <ul>
                {rest.map((m) => (
                  <li key={m}>{m}</li>
                ))}
              </ul>
            )}
          </FormAlert>
        )}
        <div className="form-grid">
          <Field
            label="Client"
            name="client"
            errors={fields.client}
            required
            hint={
              clients.error !== undefined
                ? "The client list could not be loaded."
                : (clients.data?.total ?? 0) > BOOKING_CLIENTS
                  ? `The first ${BOOKING_CLIENTS} active clients, by name.`
                  : undefined
            }
          >
            {(p) => (
              <select
                {...p}
                value={values.clientId}
                onChange={(e) => chooseClient(e.target.value)}
              >
                <option value="">
                  {clients.loading ? "Loading clients…" : "Choose a client"}
                </option>
                {clientList.map((c) => (
                  <option key={c.id} value={c.id}>
                    {displayName(c)}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <Field
            label="Clinician"
            name="clinician"
            errors={fields.clinician}
            required
          >
            {(p) => (
              <select
                {...p}
                value={values.clinicianId}
                onChange={(e) => change({ clinicianId: e.target.value })}
              >
                <option value="">Choose a clinician</option>
                {clinicianOptions.map((c) => (
                  <option key={c.id} value={c.id}>
                    {c.name}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <Field label="Date" name="day" errors={fields.day} required>
            {(p) => (
              <input
                {...p}
                type="date"
                value={values.day}
                onChange={(e) => change({ day: e.target.value })}
              />
            )}
          </Field>
          <Field
            label="Start time"
            name="time"
            hint={`Practice time (${timeZone}).`}
            required
          >
            {(p) => (
              <input
                {...p}
                type="time"
                value={values.time}
                onChange={(e) => change({ time: e.target.value })}
              />
            )}
          </Field>
          <Field
            label="Length (minutes)"
            name="duration"
            errors={fields.duration}
            required
          >
            {(p) => (
              <input
                {...p}
                type="number"
                inputMode="numeric"
                min={5}
                max={600}
                step={5}
                value={values.duration}
                onChange={(e) => change({ duration: e.target.value })}
              />
            )}
          </Field>
          <Field label="Kind" name="kind">
            {(p) => (
              <select
                {...p}
                value={values.kind}
                onChange={(e) =>
                  change({
                    kind:
                      optionOf(APPOINTMENT_KINDS, e.target.value) ??
                      "individual",
                  })
                }
              >
                {APPOINTMENT_KINDS.map((k) => (
                  <option key={k.value} value={k.value}>
                    {k.label}
                  </option>
                ))}
              </select>
            )}
          </Field>
        </div>
        <PlaceFields values={values} errors={fields} onChange={change} />
        <RepeatFields values={values} errors={fields} onChange={change} />
        <div className="form-actions">
          <button
            type="submit"
            className="button button-primary"
            disabled={busy}
          >
            {busy ? "Booking…" : "Book"}
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
    </section>
  );
}
