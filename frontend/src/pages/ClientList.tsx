import { useCallback, useEffect, useState } from "react";
import { Link, useSearchParams } from "react-router";
import { api } from "../api/endpoints";
import type { Client, ClientStatus } from "../api/types";
import { useMe } from "../auth/AuthContext";
import { useClinicians } from "../clinicians";
import { FormAlert } from "../components/Field";
import { Pagination } from "../components/Pagination";
import { isClinical, substanceLabel } from "../domain";
import {
  displayName,
  formatDay,
  formatDays,
  formatRecentDay,
  todayIn,
} from "../format";
import { useAsyncData, useDebouncedValue, useTitle } from "../hooks";

export const CLIENTS_PER_PAGE = 25;

function Muted({ children }: { children: string }) {
  return <span className="muted">{children}</span>;
}

export function ClientList() {
  useTitle("Clients");
  const me = useMe();
  const clinical = isClinical(me.role);
  const [params, setParams] = useSearchParams();
  const search = params.get("q") ?? "";
  const status: ClientStatus =
    params.get("status") === "archived" ? "archived" : "active";
  const page = Math.max(1, Number(params.get("page")) || 1);

  const [searchText, setSearchText] = useState(search);
  const debouncedSearch = useDebouncedValue(searchText.trim(), 300);

  const update = useCallback(
    (next: { q?: string; status?: ClientStatus; page?: number }) => {
      setParams(
        (current) => {
          const merged = new URLSearchParams(current);
          const q = next.q ?? current.get("q") ?? "";
          const s = next.status ?? current.get("status") ?? "active";
          const p = next.page ?? 1;
          if (q) merged.set("q", q);
          else merged.delete("q");
          if (s === "archived") merged.set("status", s);
          else merged.delete("status");
          if (p > 1) merged.set("page", String(p));
          else merged.delete("page");
          return merged;
        },
        { replace: true },
      );
    },
    [setParams],
  );

  useEffect(() => {
    if (debouncedSearch !== search) update({ q: debouncedSearch, page: 1 });
  }, [debouncedSearch, search, update]);

  const load = useCallback(
    (signal: AbortSignal) =>
      api.listClients(
        { search, status, page, per_page: CLIENTS_PER_PAGE },
        signal,
      ),
    [search, status, page],
  );
  const { data, error, loading, reload } = useAsyncData(load);
  const { names } = useClinicians();
  const today = todayIn(me.practice.time_zone);

  const clinicianName = (client: Client) => {
    if (!client.clinician_id) return <Muted>Unassigned</Muted>;
    if (client.clinician_id === me.id) return "You";
    return names.get(client.clinician_id) ?? <Muted>—</Muted>;
  };

  const items = data?.items ?? [];
  const firstLoad = loading && !data;

  return (
    <div className="page">
      <div className="page-header">
        <div>
          <h1>Clients</h1>
          <p className="page-subtitle">
            {me.role === "clinician"
              ? "Your caseload"
              : me.role === "front_desk"
                ? "Client details and contacts"
                : "Everyone in the practice"}
          </p>
        </div>
        <Link to="/clients/new" className="button button-primary">
          Add client
        </Link>
      </div>

      <div className="toolbar" role="search">
        <div className="search-field">
          <label htmlFor="client-search" className="visually-hidden">
            Search clients
          </label>
          <svg
            className="search-icon"
            viewBox="0 0 20 20"
            aria-hidden="true"
            focusable="false"
          >
            <circle cx="8.5" cy="8.5" r="5.5" />
            <path d="M13 13l4 4" />
          </svg>
          <input
            id="client-search"
            type="search"
            placeholder="Search by name, email or phone"
            value={searchText}
            onChange={(e) => setSearchText(e.target.value)}
            autoComplete="off"
          />
        </div>
        <fieldset className="segmented">
          <legend className="visually-hidden">Show</legend>
          {(["active", "archived"] as const).map((s) => (
            <label
              key={s}
              className={status === s ? "segment segment-selected" : "segment"}
            >
              <input
                type="radio"
                name="status"
                value={s}
                checked={status === s}
                onChange={() => update({ status: s, page: 1 })}
              />
              {s === "active" ? "Active" : "Archived"}
            </label>
          ))}
        </fieldset>
      </div>

      {error !== undefined && (
        <FormAlert
          message={
            error instanceof Error ? error.message : "Could not load clients."
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
        <table
          className="data-table"
          aria-busy={loading}
          aria-describedby="client-count"
        >
          <caption className="visually-hidden">
            {status === "active" ? "Active clients" : "Archived clients"}
          </caption>
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Date of birth</th>
              <th scope="col">Primary substance</th>
              <th scope="col">Clinician</th>
              {clinical && <th scope="col">Current streak</th>}
              {clinical && <th scope="col">Last check-in</th>}
            </tr>
          </thead>
          <tbody>
            {items.map((client) => (
              <tr key={client.id}>
                <th scope="row" className="cell-name">
                  <Link to={`/clients/${client.id}`}>
                    {displayName(client)}
                  </Link>
                </th>
                <td>
                  {client.date_of_birth ? (
                    formatDay(client.date_of_birth)
                  ) : (
                    <Muted>—</Muted>
                  )}
                </td>
                <td>
                  {client.primary_substance ? (
                    substanceLabel(client.primary_substance)
                  ) : (
                    <Muted>Not recorded</Muted>
                  )}
                </td>
                <td>{clinicianName(client)}</td>
                {clinical && (
                  <td>
                    {typeof client.current_streak_days === "number" ? (
                      <span className="streak">
                        {formatDays(client.current_streak_days)}
                      </span>
                    ) : (
                      <Muted>Not yet known</Muted>
                    )}
                  </td>
                )}
                {clinical && (
                  <td>
                    {client.last_check_in_on ? (
                      <time dateTime={client.last_check_in_on}>
                        {formatRecentDay(client.last_check_in_on, today)}
                      </time>
                    ) : (
                      <Muted>None yet</Muted>
                    )}
                  </td>
                )}
              </tr>
            ))}
          </tbody>
        </table>
        {firstLoad && <p className="table-empty">Loading clients…</p>}
        {!loading && !error && items.length === 0 && (
          <div className="table-empty">
            {search ? (
              <p>
                No {status} clients match “{search}”.
              </p>
            ) : status === "archived" ? (
              <p>No archived clients.</p>
            ) : (
              <p>
                No clients yet.{" "}
                <Link to="/clients/new">Add the first client</Link>.
              </p>
            )}
          </div>
        )}
      </div>

      <p id="client-count" className="visually-hidden" aria-live="polite">
        {data
          ? `${data.total} ${data.total === 1 ? "client" : "clients"} found`
          : ""}
      </p>
      {data && (
        <Pagination
          label="Client pages"
          page={data.page || page}
          perPage={data.per_page || CLIENTS_PER_PAGE}
          total={data.total}
          onPage={(p) => update({ page: p })}
        />
      )}
    </div>
  );
}
