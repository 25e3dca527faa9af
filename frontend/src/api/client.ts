import type { PracticeOption, TokenPair } from "./types";

/** Where the refresh token lives so that a reload stays signed in. The access token never leaves memory. */
export const REFRESH_TOKEN_KEY = "daybreak.refresh_token";

/** A failed API call, carrying the problem+json body in a shape the UI can show. */
export class ApiError extends Error {
  readonly status: number;
  readonly title: string;
  readonly detail: string | undefined;
  readonly type: string | undefined;
  /** Validation messages per request field, from the problem's `errors` object. */
  readonly fieldErrors: Record<string, string[]>;
  /** The same messages under the keys the server sent: a list's items (`rows[5]`) stay apart. */
  readonly itemErrors: Record<string, string[]>;
  /** Seconds until a throttled request may be tried again (from Retry-After). */
  readonly retryAfterSeconds: number | null;
  /** With PRACTICE_CHOICE_REQUIRED: the practices the e-mail and password open. */
  readonly practices: PracticeOption[];

  constructor(init: {
    status: number;
    title?: string;
    detail?: string;
    type?: string;
    fieldErrors?: Record<string, string[]>;
    itemErrors?: Record<string, string[]>;
    retryAfterSeconds?: number | null;
    practices?: PracticeOption[];
  }) {
    const retryAfterSeconds = init.retryAfterSeconds ?? null;
    super(
      humanMessage(init.status, init.detail, init.title, retryAfterSeconds),
    );
    this.name = "ApiError";
    this.status = init.status;
    this.title = init.title ?? "";
    this.detail = init.detail;
    this.type = init.type;
    this.fieldErrors = init.fieldErrors ?? {};
    this.itemErrors = init.itemErrors ?? this.fieldErrors;
    this.retryAfterSeconds = retryAfterSeconds;
    this.practices = init.practices ?? [];
  }

  get hasFieldErrors(): boolean {
    return Object.keys(this.fieldErrors).length > 0;
  }
}

/** A 401 from sign-in: the member has two-factor on and the code was missing or wrong. */
export const TWO_FACTOR_REQUIRED = "/problems/two-factor-required";

/** A practice offered at sign-in when one e-mail and password open accounts in several. */
export type { PracticeOption };

/** A 401 from sign-in: the e-mail and password open accounts in several practices. */
export const PRACTICE_CHOICE_REQUIRED = "/problems/practice-choice-required";

/** A 403: the practice requires two-factor and this member has not set it up yet. */
export const TWO_FACTOR_SETUP_REQUIRED = "/problems/two-factor-setup-required";

/** Status 0 stands for "the request never got an answer". */
export const NETWORK_ERROR_STATUS = 0;

function humanMessage(
  status: number,
  detail: string | undefined,
  title: string | undefined,
  retryAfterSeconds: number | null,
): string {
  if (status === NETWORK_ERROR_STATUS) {
    return "We could not reach Daybreak. Check your connection and try again.";
  }
  if (status === 429) {
    if (retryAfterSeconds === null)
      return "Too many attempts, try again in a few minutes.";
    const minutes = Math.max(1, Math.ceil(retryAfterSeconds / 60));
    return `Too many attempts, try again in ${minutes} ${minutes === 1 ? "minute" : "minutes"}.`;
  }
  if (detail && detail.trim()) return detail;
  if (status === 503) {
    return "Daybreak is temporarily unavailable. Please try again in a moment.";
  }
  if (status >= 500)
    return "Something went wrong on our side. Please try again.";
  if (title && title.trim()) return title;
  switch (status) {
    case 401:
      return "Please sign in again.";
    case 403:
      return "Your role does not allow this.";
    case 404:
      return "This record could not be found.";
    case 409:
      return "This record was changed elsewhere. Reload to see the latest version.";
    case 413:
      return "That is more than Daybreak accepts in one request.";
    case 422:
      return "Some fields need attention.";
    default:
      return "The request could not be completed.";
  }
}

function parseRetryAfter(value: string | null): number | null {
  if (!value) return null;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed);
  const at = Date.parse(trimmed);
  if (Number.isNaN(at)) return null;
  return Math.max(0, Math.round((at - Date.now()) / 1000));
}

function normaliseFieldErrors(
  raw: unknown,
  foldItems = true,
): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  if (!raw || typeof raw !== "object" || Array.isArray(raw)) return out;
  for (const [field, value] of Object.entries(raw as Record<string, unknown>)) {
    const messages = (Array.isArray(value) ? value : [value])
      .map((m) => {
        if (typeof m === "string") return m;
        // Some validators send {message} or {code} objects.
        if (m && typeof m === "object") {
          const o = m as { message?: unknown; code?: unknown };
          if (typeof o.message === "string") return o.message;
          if (typeof o.code === "string") return o.code;
        }
        return null;
      })
      .filter((m): m is string => !!m);
    // A list field's bad item comes back as "company[0]": show it on the field itself.
    const key = foldItems ? field.replace(/(\[\d+\])+$/, "") : field;
    if (messages.length > 0) out[key] = [...(out[key] ?? []), ...messages];
  }
  return out;
}

/** Turns any non-2xx response into an ApiError, reading problem+json when the server sent it. */
export async function parseProblem(res: Response): Promise<ApiError> {
  let body: Record<string, unknown> = {};
  const contentType = res.headers.get("content-type") ?? "";
  if (contentType.includes("json")) {
    try {
      const parsed: unknown = await res.json();
      if (parsed && typeof parsed === "object")
        body = parsed as Record<string, unknown>;
    } catch {
      // A broken body still gets a message from its status.
    }
  }
  const str = (v: unknown) => (typeof v === "string" ? v : undefined);
  return new ApiError({
    status: res.status,
    title: str(body.title) ?? res.statusText,
    detail: str(body.detail),
    type: str(body.type),
    fieldErrors: normaliseFieldErrors(body.errors),
    itemErrors: normaliseFieldErrors(body.errors, false),
    retryAfterSeconds: parseRetryAfter(res.headers.get("retry-after")),
    practices: Array.isArray(body.practices)
      ? (body.practices as unknown[]).filter(
          (p): p is PracticeOption =>
            !!p &&
            typeof (p as PracticeOption).id === "string" &&
            typeof (p as PracticeOption).name === "string",
        )
      : [],
  });
}

export interface DownloadedFile {
  blob: Blob;
  filename: string | null;
}

/** The file name in a Content-Disposition header: `filename*` (RFC 5987) wins over `filename`. */
export function fileNameFromDisposition(header: string | null): string | null {
  if (!header) return null;
  let name: string | null = null;
  const extended = /filename\*\s*=\s*([^']*)'[^']*'([^;]+)/i.exec(header);
  if (extended) {
    try {
      name = decodeURIComponent(extended[2].trim().replace(/^"|"$/g, ""));
    } catch {
      name = null;
    }
  }
  if (!name) {
    const plain = /filename\s*=\s*("((?:[^"\\]|\\.)*)"|[^;]+)/i.exec(header);
    if (plain)
      name = (plain[2] ?? plain[1]).replace(/\\(.)/g, "$1").trim() || null;
  }
  // Only the last path segment: a name never chooses where the file goes.
  const base = name?.split(/[\\/]/).pop()?.trim();
  return base ? base : null;
}

export interface RequestOptions {
  /** Send the bearer token and recover from a 401 by refreshing once. Default true. */
  auth?: boolean;
  signal?: AbortSignal;
  /** Send a string body as it is, with this Content-Type (e.g. `text/csv`), not as JSON. */
  contentType?: string;
}

export interface ApiClientOptions {
  baseUrl?: string;
  /** Defaults to the global fetch, looked up at call time. */
  fetch?: typeof fetch;
  /** Defaults to window.localStorage when it exists. */
  storage?: Pick<Storage, "getItem" | "setItem" | "removeItem"> | null;
}

/** A proactive refresh happens once this little of the access token's life is left. */
export const REFRESH_AHEAD_MS = 5 * 60_000;
/** However busy the user, at most one proactive refresh (or attempt) in this time. */
export const MIN_PROACTIVE_REFRESH_GAP_MS = 3 * 60_000;
/** The server's access token lifetime, for a pair that did not say (`expires_in`). */
const DEFAULT_ACCESS_TOKEN_SECS = 15 * 60;

/** "signed-out": there was no refresh token, or a sign-out happened while refreshing. */
type RefreshOutcome = "refreshed" | "refused" | "signed-out";

interface LockManagerLike {
  request<T>(name: string, callback: () => Promise<T>): Promise<T>;
}

/**
 * Talks to /api/v1. Keeps the access token in memory and the refresh token in storage.
 * On a 401 it refreshes once and retries once; parallel 401s share one refresh, because
 * a refresh token is single-use and presenting it twice revokes the whole session.
 */
export class ApiClient {
  private readonly baseUrl: string;
  private readonly fetchImpl: typeof fetch | undefined;
  private readonly storage: ApiClientOptions["storage"];
  private accessToken: string | null = null;
  private refreshInFlight: Promise<RefreshOutcome> | null = null;
  private memoryRefreshToken: string | null = null;
  /** When this tab's access token expires, and when this tab got its pair (epoch ms). */
  private accessExpiresAt = 0;
  private pairObtainedAt = 0;
  private lastProactiveAttempt = 0;
  /** Bumped by every sign-out, so a refresh that was in flight does not bring the session back. */
  private signOutCount = 0;
  /** Called when the session cannot be recovered (refresh refused). */
  onSessionExpired: (() => void) | null = null;
  /** Called when the server refuses a call until the member sets up two-factor sign-in. */
  onTwoFactorSetupRequired: (() => void) | null = null;

  constructor(options: ApiClientOptions = {}) {
    this.baseUrl = options.baseUrl ?? "/api/v1";
    this.fetchImpl = options.fetch;
    this.storage =
      options.storage !== undefined
        ? options.storage
        : typeof window !== "undefined"
          ? window.localStorage
          : null;
  }

  get refreshToken(): string | null {
    try {
      return this.storage
        ? this.storage.getItem(REFRESH_TOKEN_KEY)
        : this.memoryRefreshToken;
    } catch {
      return this.memoryRefreshToken;
    }
  }

  /** True when there is something to resume a session with. */
  hasSession(): boolean {
    return this.accessToken !== null || this.refreshToken !== null;
  }

  setTokens(
    pair: Pick<TokenPair, "access_token" | "refresh_token"> &
      Partial<Pick<TokenPair, "expires_in">>,
  ): void {
    const now = Date.now();
    const lifetime =
      typeof pair.expires_in === "number" && pair.expires_in > 0
        ? pair.expires_in
        : DEFAULT_ACCESS_TOKEN_SECS;
    this.accessToken = pair.access_token;
    this.accessExpiresAt = now + lifetime * 1000;
    this.pairObtainedAt = now;
    this.lastProactiveAttempt = 0;
    this.memoryRefreshToken = pair.refresh_token;
    try {
      this.storage?.setItem(REFRESH_TOKEN_KEY, pair.refresh_token);
    } catch {
      // Storage can be full or blocked; the session then lasts until reload.
    }
  }

  clearTokens(): void {
    this.signOutCount += 1;
    this.accessToken = null;
    this.accessExpiresAt = 0;
    this.pairObtainedAt = 0;
    this.lastProactiveAttempt = 0;
    this.memoryRefreshToken = null;
    try {
      this.storage?.removeItem(REFRESH_TOKEN_KEY);
    } catch {
      // Nothing more to do.
    }
  }

  get<T>(path: string, options?: RequestOptions): Promise<T> {
    return this.request<T>("GET", path, undefined, options);
  }

  post<T>(path: string, body?: unknown, options?: RequestOptions): Promise<T> {
    return this.request<T>("POST", path, body, options);
  }

  patch<T>(path: string, body: unknown, options?: RequestOptions): Promise<T> {
    return this.request<T>("PATCH", path, body, options);
  }

  /** Sends a file as the body itself (not JSON): a signed consent's PDF or photo. */
  async putFile<T>(path: string, file: Blob): Promise<T> {
    const res = await this.exchange("PUT", path, file, {});
    return (await res.json()) as T;
  }

  async request<T>(
    method: string,
    path: string,
    body?: unknown,
    options: RequestOptions = {},
  ): Promise<T> {
    const payload =
      body === undefined
        ? undefined
        : options.contentType
          ? String(body)
          : JSON.stringify(body);
    const res = await this.exchange(method, path, payload, options);
    if (res.status === 204 || res.status === 205) return undefined as T;
    const text = await res.text();
    return (text ? JSON.parse(text) : undefined) as T;
  }

  /** A file with the name the server gave it in Content-Disposition (null when it gave none). */
  async getFile(
    path: string,
    options: RequestOptions & { accept?: string } = {},
  ): Promise<DownloadedFile> {
    const res = await this.exchange("GET", path, undefined, options);
    return {
      blob: await res.blob(),
      filename: fileNameFromDisposition(res.headers.get("content-disposition")),
    };
  }

  /** A file the API answers with (CSV, PDF), fetched with the bearer token like any call. */
  async getBlob(
    path: string,
    options: RequestOptions & { accept?: string } = {},
  ): Promise<Blob> {
    const res = await this.exchange("GET", path, undefined, options);
    return res.blob();
  }

  /** Sends with the token, refreshing once on a 401; any answer but 2xx becomes an ApiError. */
  private async exchange(
    method: string,
    path: string,
    payload: string | Blob | undefined,
    options: RequestOptions & { accept?: string },
  ): Promise<Response> {
    const auth = options.auth ?? true;
    const accept = options.accept ?? "application/json";

    if (auth && this.accessToken === null && this.refreshToken !== null) {
      // After a reload only the refresh token is left: get an access token first.
      if (!(await this.refresh())) this.expireSession();
    }

    const tokenUsed = this.accessToken;
    const send = () =>
      this.send(
        method,
        path,
        payload,
        auth,
        options.signal,
        accept,
        options.contentType,
      );
    let res = await send();

    if (auth && res.status === 401) {
      // Another request may have refreshed while this one was in flight.
      const recovered =
        this.accessToken !== null && this.accessToken !== tokenUsed
          ? true
          : await this.refresh();
      if (recovered) res = await send();
      if (!recovered || res.status === 401) {
        const error = await parseProblem(res);
        this.expireSession();
        throw error;
      }
    }

    if (!res.ok) {
      const error = await parseProblem(res);
      if (error.status === 403 && error.type === TWO_FACTOR_SETUP_REQUIRED)
        this.onTwoFactorSetupRequired?.();
      throw error;
    }
    return res;
  }

  /**
   * Keeps the server session alive while the user works without calling the API: call it on
   * user activity (never on a timer, so the server's idle limit still holds). Refreshes the
   * pair through the shared refresh once less than REFRESH_AHEAD_MS of this tab's access token
   * is left, at most once per MIN_PROACTIVE_REFRESH_GAP_MS. A refused refresh ends the session
   * as a refused 401 refresh does; an unreachable server keeps it, and a later activity retries.
   */
  async keepAlive(): Promise<void> {
    const now = Date.now();
    if (this.accessToken === null) return; // Not signed in, or the next call refreshes anyway.
    if (this.accessExpiresAt - now > REFRESH_AHEAD_MS) return;
    const since =
      now - Math.max(this.pairObtainedAt, this.lastProactiveAttempt);
    // (A clock set back makes `since` negative: that is no reason to wait.)
    if (since >= 0 && since < MIN_PROACTIVE_REFRESH_GAP_MS) return;
    if (this.refreshToken === null) return;
    this.lastProactiveAttempt = now;
    let outcome: RefreshOutcome;
    try {
      outcome = await this.sharedRefresh();
    } catch {
      return; // The server is down or overloaded: the tokens stay as they were.
    }
    // Refused (expired, revoked, past the 12-hour limit): as when a call's refresh is refused.
    // "signed-out" means a sign-out here or in another tab got there first and tells the UI.
    if (outcome === "refused") this.expireSession();
  }

  /** Refreshes the token pair, sharing one in-flight refresh among all callers. */
  async refresh(): Promise<boolean> {
    return (await this.sharedRefresh()) === "refreshed";
  }

  private sharedRefresh(): Promise<RefreshOutcome> {
    if (!this.refreshInFlight) {
      this.refreshInFlight = this.withCrossTabLock(() =>
        this.doRefresh(),
      ).finally(() => {
        this.refreshInFlight = null;
      });
    }
    return this.refreshInFlight;
  }

  private async withCrossTabLock<T>(work: () => Promise<T>): Promise<T> {
    // Two tabs share one refresh token; the Web Locks API keeps them from spending it twice.
    const locks =
      typeof navigator !== "undefined"
        ? (navigator as Navigator & { locks?: LockManagerLike }).locks
        : undefined;
    if (locks && typeof locks.request === "function") {
      return locks.request("daybreak-token-refresh", work);
    }
    return work();
  }

  private async doRefresh(): Promise<RefreshOutcome> {
    // Read it now: another tab may have rotated it while we waited for the lock.
    const token = this.refreshToken;
    if (!token) return "signed-out";
    const signOuts = this.signOutCount;
    const res = await this.send(
      "POST",
      "/auth/refresh",
      JSON.stringify({ refresh_token: token }),
      false,
    );
    if (res.ok) {
      const pair = (await res.json()) as TokenPair;
      if (this.signOutCount !== signOuts) {
        // Signed out (here or in another tab) while the answer was on its way: storing the
        // new pair would bring the session back. End it on the server instead.
        void this.send(
          "POST",
          "/auth/logout",
          JSON.stringify({ refresh_token: pair.refresh_token }),
          false,
        ).catch(() => undefined);
        return "signed-out";
      }
      this.setTokens(pair);
      return "refreshed";
    }
    if (res.status === 400 || res.status === 401 || res.status === 403) {
      this.clearTokens();
      return "refused";
    }
    // The server is down or overloaded: keep the token, report the problem.
    throw await parseProblem(res);
  }

  private expireSession(): void {
    this.clearTokens();
    this.onSessionExpired?.();
  }

  private async send(
    method: string,
    path: string,
    payload: string | Blob | undefined,
    auth: boolean,
    signal?: AbortSignal,
    accept = "application/json",
    contentType = "application/json",
  ): Promise<Response> {
    const headers: Record<string, string> = { Accept: accept };
    if (typeof payload === "string") headers["Content-Type"] = contentType;
    else if (payload !== undefined)
      headers["Content-Type"] = payload.type || "application/octet-stream";
    if (auth && this.accessToken)
      headers.Authorization = `Bearer ${this.accessToken}`;
    const doFetch = this.fetchImpl ?? globalThis.fetch.bind(globalThis);
    try {
      return await doFetch(this.baseUrl + path, {
        method,
        headers,
        body: payload,
        signal,
        credentials: "same-origin",
        cache: "no-store",
      });
    } catch (error) {
      if (error instanceof DOMException && error.name === "AbortError")
        throw error;
      if (signal?.aborted) throw error;
      throw new ApiError({ status: NETWORK_ERROR_STATUS });
    }
  }
}

/** The one client the app uses. */
export const apiClient = new ApiClient();
