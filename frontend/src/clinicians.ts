import { useCallback, useMemo } from "react";
import { api } from "./api/endpoints";
import type { ClinicianOption } from "./api/types";
import { useAsyncData } from "./hooks";

/** Active staff who can hold a caseload, and a lookup from id to name. Failure is not fatal. */
export function useClinicians() {
  const load = useCallback(
    (signal: AbortSignal) => api.listClinicians(signal).then((r) => r.items),
    [],
  );
  const { data } = useAsyncData<ClinicianOption[]>(load);
  const names = useMemo(
    () => new Map((data ?? []).map((c) => [c.id, c.name])),
    [data],
  );
  return { clinicians: data, names };
}
