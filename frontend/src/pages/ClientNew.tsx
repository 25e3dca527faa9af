import { useRef, useState } from "react";
import { Link, useNavigate } from "react-router";
import { ApiError } from "../api/client";
import { api } from "../api/endpoints";
import { useMe } from "../auth/AuthContext";
import { useClinicians } from "../clinicians";
import { focusFirstInvalid } from "../components/Field";
import { useTitle } from "../hooks";
import {
  ClientForm,
  createInput,
  EMPTY_CLIENT,
  validateClient,
  type ClientFormValues,
} from "./ClientForm";

export function ClientNew() {
  useTitle("Add client");
  const me = useMe();
  const navigate = useNavigate();
  const formRef = useRef<HTMLFormElement>(null);
  const { clinicians } = useClinicians();
  const [values, setValues] = useState<ClientFormValues>(EMPTY_CLIENT);
  const [fieldErrors, setFieldErrors] = useState<Record<string, string[]>>({});
  const [message, setMessage] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function save() {
    setMessage(null);
    const local = validateClient(values);
    setFieldErrors(local);
    if (Object.keys(local).length > 0) {
      setMessage("Please check the highlighted fields.");
      focusFirstInvalid(formRef.current);
      return;
    }
    setBusy(true);
    try {
      const client = await api.createClient(createInput(values, me.role));
      navigate(`/clients/${client.id}`, { state: { notice: "Client added." } });
    } catch (e) {
      const error = e instanceof ApiError ? e : new ApiError({ status: 0 });
      setFieldErrors(error.fieldErrors);
      setMessage(
        error.hasFieldErrors
          ? "Please check the highlighted fields."
          : error.message,
      );
      setBusy(false);
      focusFirstInvalid(formRef.current);
    }
  }

  return (
    <div className="page page-narrow">
      <Link to="/clients" className="back-link">
        ← All clients
      </Link>
      <div className="page-header">
        <div>
          <h1>Add client</h1>
          <p className="page-subtitle">
            Only the name is required. You can complete the rest later.
          </p>
        </div>
      </div>
      <div className="card card-padded">
        <ClientForm
          formRef={formRef}
          values={values}
          onChange={setValues}
          fieldErrors={fieldErrors}
          message={message}
          busy={busy}
          role={me.role}
          clinicians={clinicians}
          submitLabel="Add client"
          busyLabel="Adding…"
          onSubmit={save}
          actions={
            <Link to="/clients" className="button button-quiet">
              Cancel
            </Link>
          }
        />
      </div>
    </div>
  );
}
