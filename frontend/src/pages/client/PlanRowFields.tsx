/** The fields a plan's rows share: a person's, a meeting's or a contact's name and phone. */

import { Field } from "../../components/Field";
import { asSentences } from "../../format";
import { LONGEST_NAME } from "./planDrafts";

/** A row's required name (a person, a meeting, a contact); focused when the row was just added. */
export function NameField({
  value,
  onChange,
  errors,
  added,
  placeholder,
}: {
  value: string;
  onChange: (value: string) => void;
  errors?: string[];
  added: boolean;
  placeholder?: string;
}) {
  return (
    <Field
      label="Name"
      name="name"
      errors={asSentences(errors, "The name")}
      required
    >
      {(p) => (
        <input
          {...p}
          type="text"
          autoComplete="off"
          autoFocus={added}
          maxLength={LONGEST_NAME}
          placeholder={placeholder}
          value={value}
          onChange={(e) => onChange(e.target.value)}
        />
      )}
    </Field>
  );
}

/** A row's optional phone number (the client's page calls it with one tap). */
export function PhoneField({
  value,
  onChange,
  errors,
}: {
  value: string;
  onChange: (value: string) => void;
  errors?: string[];
}) {
  return (
    <Field
      label="Phone"
      name="phone"
      errors={asSentences(errors, "The phone number")}
      optionalMark
    >
      {(p) => (
        <input
          {...p}
          type="tel"
          autoComplete="off"
          maxLength={40}
          value={value}
          onChange={(e) => onChange(e.target.value)}
        />
      )}
    </Field>
  );
}
