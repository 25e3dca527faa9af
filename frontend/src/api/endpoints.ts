import { apiClient, type ApiClient } from "./client";
import type {
  Client,
  ClientInput,
  ClientStatus,
  ClinicianOption,
  LoginResponse,
  Me,
  NewStaff,
  Page,
  SignupResponse,
  Staff,
  Role,
} from "./types";

function query(
  params: Record<string, string | number | undefined | null>,
): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value !== undefined && value !== null && value !== "")
      search.set(key, String(value));
  }
  const text = search.toString();
  return text ? `?${text}` : "";
}

export interface SignupInput {
  practice_name: string;
  time_zone?: string;
  name: string;
  email: string;
  password: string;
}

export interface ClientQuery {
  search?: string;
  status?: ClientStatus;
  page?: number;
  per_page?: number;
}

export interface StaffPatch {
  role?: Role;
  name?: string;
  active?: boolean;
  version: number;
}

/** Typed calls to /api/v1, one per endpoint the dashboard uses. */
export function createApi(client: ApiClient) {
  return {
    async login(email: string, password: string): Promise<LoginResponse> {
      const res = await client.post<LoginResponse>(
        "/auth/login",
        { email, password },
        { auth: false },
      );
      client.setTokens(res);
      return res;
    },

    async signup(input: SignupInput): Promise<SignupResponse> {
      const res = await client.post<SignupResponse>("/auth/signup", input, {
        auth: false,
      });
      client.setTokens(res);
      return res;
    },

    async logout(): Promise<void> {
      const refreshToken = client.refreshToken;
      try {
        if (refreshToken) {
          await client.post<void>(
            "/auth/logout",
            { refresh_token: refreshToken },
            { auth: false },
          );
        }
      } catch {
        // Signing out locally matters most; the token expires on its own.
      } finally {
        client.clearTokens();
      }
    },

    me: (signal?: AbortSignal) => client.get<Me>("/me", { signal }),

    listClients: (q: ClientQuery, signal?: AbortSignal) =>
      client.get<Page<Client>>(`/clients${query({ ...q })}`, { signal }),
    getClient: (id: string, signal?: AbortSignal) =>
      client.get<Client>(`/clients/${encodeURIComponent(id)}`, { signal }),
    createClient: (input: ClientInput) =>
      client.post<Client>("/clients", input),
    updateClient: (
      id: string,
      changes: Partial<ClientInput> & { version: number },
    ) => client.patch<Client>(`/clients/${encodeURIComponent(id)}`, changes),
    archiveClient: (id: string) =>
      client.post<Client | undefined>(
        `/clients/${encodeURIComponent(id)}/archive`,
      ),

    listStaff: (page: number, perPage: number, signal?: AbortSignal) =>
      client.get<Page<Staff>>(`/staff${query({ page, per_page: perPage })}`, {
        signal,
      }),
    createStaff: (input: NewStaff) => client.post<Staff>("/staff", input),
    updateStaff: (id: string, patch: StaffPatch) =>
      client.patch<Staff>(`/staff/${encodeURIComponent(id)}`, patch),
    listClinicians: (signal?: AbortSignal) =>
      client.get<{ items: ClinicianOption[] }>("/staff/clinicians", { signal }),
  };
}

export type Api = ReturnType<typeof createApi>;

export const api = createApi(apiClient);
