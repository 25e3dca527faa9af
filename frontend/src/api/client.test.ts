import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import {
  ApiClient,
  ApiError,
  fileNameFromDisposition,
  MIN_PROACTIVE_REFRESH_GAP_MS,
  parseProblem,
  REFRESH_TOKEN_KEY,
  TWO_FACTOR_REQUIRED,
  TWO_FACTOR_SETUP_REQUIRED,
} from "./client";
import { json, problem, tokenPair } from "../test/utils";

function memoryStorage(initial: Record<string, string> = {}) {
  const data = new Map(Object.entries(initial));
  return {
    getItem: (k: string) => data.get(k) ?? null,
    setItem: (k: string, v: string) => void data.set(k, v),
    removeItem: (k: string) => void data.delete(k),
    data,
  };
}

function authOf(init?: RequestInit): string | undefined {
  return (init?.headers as Record<string, string> | undefined)?.Authorization;
}

describe("parseProblem", () => {
  it("turns a 422 problem into field errors and keeps the detail", async () => {
    const error = await parseProblem(
      problem(422, {
        title: "Unprocessable Entity",
        detail: "Some fields are not valid.",
        errors: {
          first_name: ["must not be empty"],
          email: "is not an email address",
        },
      }),
    );
    expect(error).toBeInstanceOf(ApiError);
    expect(error.status).toBe(422);
    expect(error.message).toBe("Some fields are not valid.");
    expect(error.fieldErrors).toEqual({
      first_name: ["must not be empty"],
      email: ["is not an email address"],
    });
    expect(error.hasFieldErrors).toBe(true);
  });

  it("files a list item's error under its field and keeps nested section keys", async () => {
    const error = await parseProblem(
      problem(422, {
        errors: {
          "company[0]": ["unknown variant `aliens`"],
          "company[2]": ["unknown variant `ghosts`"],
          "sections.plan": ["must be filled in before the note is signed"],
        },
      }),
    );
    expect(error.fieldErrors).toEqual({
      company: ["unknown variant `aliens`", "unknown variant `ghosts`"],
      "sections.plan": ["must be filled in before the note is signed"],
    });
    // Where the item matters (a file's rows), the keys stay as sent.
    expect(error.itemErrors).toEqual({
      "company[0]": ["unknown variant `aliens`"],
      "company[2]": ["unknown variant `ghosts`"],
      "sections.plan": ["must be filled in before the note is signed"],
    });
  });

  it("explains throttling with the minutes from Retry-After", async () => {
    const error = await parseProblem(
      problem(429, { title: "Too Many Requests" }, { "Retry-After": "300" }),
    );
    expect(error.retryAfterSeconds).toBe(300);
    expect(error.message).toBe("Too many attempts, try again in 5 minutes.");
    const soon = await parseProblem(problem(429, {}, { "Retry-After": "20" }));
    expect(soon.message).toBe("Too many attempts, try again in 1 minute.");
  });

  it("falls back to a human message when the body is not JSON", async () => {
    const error = await parseProblem(
      new Response("<html>oops</html>", { status: 502 }),
    );
    expect(error.message).toBe(
      "Something went wrong on our side. Please try again.",
    );
    expect(error.fieldErrors).toEqual({});
  });
});

describe("ApiClient", () => {
  it("posts a string body as it is when given its content type", async () => {
    const fetch = vi.fn(async (_url: RequestInfo | URL, _init?: RequestInit) =>
      json({ ok: true }),
    );
    const client = new ApiClient({ fetch, storage: memoryStorage() });
    await client.post("/screens/import", "client,result\n", {
      contentType: "text/csv",
    });
    await client.post("/screens/bulk", { screens: [] });
    const [csv, body] = fetch.mock.calls.map((c) => c[1]!);
    expect(csv.body).toBe("client,result\n");
    expect(csv.headers).toMatchObject({ "Content-Type": "text/csv" });
    expect(body.body).toBe('{"screens":[]}');
    expect(body.headers).toMatchObject({ "Content-Type": "application/json" });
  });

  it("sends the bearer token and parses JSON", async () => {
    const fetch = vi.fn(async (_url: RequestInfo | URL, init?: RequestInit) => {
      expect(authOf(init)).toBe("Bearer A1");
      return json({ ok: true });
    });
    const client = new ApiClient({ fetch, storage: memoryStorage() });
    client.setTokens({ access_token: "A1", refresh_token: "R1" });
    await expect(client.get("/me")).resolves.toEqual({ ok: true });
    expect(fetch).toHaveBeenCalledWith(
      "/api/v1/me",
      expect.objectContaining({ method: "GET" }),
    );
  });

  it("refreshes once on a 401 and retries the request with the new token", async () => {
    const storage = memoryStorage();
    const fetch = vi.fn(async (url: RequestInfo | URL, init?: RequestInit) => {
      if (String(url).endsWith("/auth/refresh")) {
        expect(JSON.parse(String(init?.body))).toEqual({ refresh_token: "R1" });
        return json(tokenPair());
      }
      return authOf(init) === "Bearer A2"
        ? json({ id: "me" })
        : problem(401, { detail: "expired" });
    });
    const client = new ApiClient({ fetch, storage });
    client.setTokens({ access_token: "A1", refresh_token: "R1" });

    await expect(client.get("/me")).resolves.toEqual({ id: "me" });
    expect(fetch).toHaveBeenCalledTimes(3);
    expect(storage.data.get(REFRESH_TOKEN_KEY)).toBe("R2");
  });

  it("shares one refresh between parallel 401s (a refresh token is single-use)", async () => {
    let refreshes = 0;
    let releaseRefresh!: () => void;
    const refreshGate = new Promise<void>(
      (resolve) => (releaseRefresh = resolve),
    );
    const fetch = vi.fn(async (url: RequestInfo | URL, init?: RequestInit) => {
      if (String(url).endsWith("/auth/refresh")) {
        refreshes += 1;
        await refreshGate;
        return json(tokenPair());
      }
      return authOf(init) === "Bearer A2"
        ? json({ path: String(url) })
        : problem(401, { detail: "expired" });
    });
    const client = new ApiClient({ fetch, storage: memoryStorage() });
    client.setTokens({ access_token: "A1", refresh_token: "R1" });

    const all = Promise.all([
      client.get("/clients"),
      client.get("/me"),
      client.get("/staff"),
    ]);
    await vi.waitFor(() => expect(refreshes).toBe(1));
    releaseRefresh();
    await expect(all).resolves.toEqual([
      { path: "/api/v1/clients" },
      { path: "/api/v1/me" },
      { path: "/api/v1/staff" },
    ]);
    expect(refreshes).toBe(1);
  });

  it("does not refresh again for a 401 that raced with a finished refresh", async () => {
    let refreshes = 0;
    let answerSlow!: (r: Response) => void;
    const slow = new Promise<Response>((resolve) => (answerSlow = resolve));
    const fetch = vi.fn(async (url: RequestInfo | URL, init?: RequestInit) => {
      const u = String(url);
      if (u.endsWith("/auth/refresh")) {
        refreshes += 1;
        return json(tokenPair());
      }
      if (u.endsWith("/slow") && authOf(init) === "Bearer A1") return slow;
      return authOf(init) === "Bearer A2" ? json({ ok: u }) : problem(401, {});
    });
    const client = new ApiClient({ fetch, storage: memoryStorage() });
    client.setTokens({ access_token: "A1", refresh_token: "R1" });

    const slowRequest = client.get("/slow");
    await expect(client.get("/fast")).resolves.toEqual({ ok: "/api/v1/fast" });
    answerSlow(problem(401, {}));
    await expect(slowRequest).resolves.toEqual({ ok: "/api/v1/slow" });
    expect(refreshes).toBe(1);
  });

  it("ends the session when the refresh is refused", async () => {
    const storage = memoryStorage();
    const fetch = vi.fn(async (url: RequestInfo | URL) =>
      String(url).endsWith("/auth/refresh")
        ? problem(401, { detail: "Refresh token revoked." })
        : problem(401, { detail: "Access token expired." }),
    );
    const client = new ApiClient({ fetch, storage });
    const expired = vi.fn();
    client.onSessionExpired = expired;
    client.setTokens({ access_token: "A1", refresh_token: "R1" });

    await expect(client.get("/me")).rejects.toMatchObject({ status: 401 });
    expect(expired).toHaveBeenCalledTimes(1);
    expect(storage.data.has(REFRESH_TOKEN_KEY)).toBe(false);
    expect(client.hasSession()).toBe(false);
    // One request, one refresh: never a retry loop.
    expect(fetch).toHaveBeenCalledTimes(2);
  });

  it("after a reload, gets an access token from the stored refresh token first", async () => {
    const storage = memoryStorage({ [REFRESH_TOKEN_KEY]: "R1" });
    const fetch = vi.fn(async (url: RequestInfo | URL, init?: RequestInit) =>
      String(url).endsWith("/auth/refresh")
        ? json(tokenPair())
        : authOf(init) === "Bearer A2"
          ? json({ id: "me" })
          : problem(401, {}),
    );
    const client = new ApiClient({ fetch, storage });
    expect(client.hasSession()).toBe(true);
    await expect(client.get("/me")).resolves.toEqual({ id: "me" });
    expect(fetch.mock.calls.map((c) => String(c[0]))).toEqual([
      "/api/v1/auth/refresh",
      "/api/v1/me",
    ]);
  });

  it("keeps the refresh token when the server is unavailable", async () => {
    const storage = memoryStorage();
    const fetch = vi.fn(async (url: RequestInfo | URL) =>
      String(url).endsWith("/auth/refresh")
        ? problem(503, { title: "Service Unavailable" })
        : problem(401, {}),
    );
    const client = new ApiClient({ fetch, storage });
    const expired = vi.fn();
    client.onSessionExpired = expired;
    client.setTokens({ access_token: "A1", refresh_token: "R1" });

    await expect(client.get("/me")).rejects.toMatchObject({ status: 503 });
    expect(expired).not.toHaveBeenCalled();
    expect(storage.data.get(REFRESH_TOKEN_KEY)).toBe("R1");
  });

  it("does not try to refresh when sign-in itself answers 401", async () => {
    const fetch = vi.fn(async () =>
      problem(401, { detail: "Invalid email or password." }),
    );
    const client = new ApiClient({ fetch, storage: memoryStorage() });
    await expect(
      client.post(
        "/auth/login",
        { email: "a@b.c", password: "x" },
        { auth: false },
      ),
    ).rejects.toMatchObject({
      status: 401,
      message: "Invalid email or password.",
    });
    expect(fetch).toHaveBeenCalledTimes(1);
  });

  it("keeps the problem type of a sign-in that needs the second factor", async () => {
    const fetch = vi.fn(async () =>
      problem(401, {
        type: "/problems/two-factor-required",
        detail: "Enter the 6-digit code from your authenticator app.",
      }),
    );
    const client = new ApiClient({ fetch, storage: memoryStorage() });
    await expect(
      client.post(
        "/auth/login",
        { email: "a@b.c", password: "x" },
        { auth: false },
      ),
    ).rejects.toMatchObject({
      status: 401,
      type: TWO_FACTOR_REQUIRED,
      message: "Enter the 6-digit code from your authenticator app.",
    });
  });

  it("reports a refusal until two-factor is set up, keeping the session", async () => {
    const storage = memoryStorage();
    const fetch = vi.fn(async (url: RequestInfo | URL) =>
      String(url).endsWith("/clients")
        ? problem(403, { type: "/problems/two-factor-setup-required" })
        : problem(403, { detail: "Your role does not allow this." }),
    );
    const client = new ApiClient({ fetch, storage });
    const setupRequired = vi.fn();
    const expired = vi.fn();
    client.onTwoFactorSetupRequired = setupRequired;
    client.onSessionExpired = expired;
    client.setTokens({ access_token: "A1", refresh_token: "R1" });

    await expect(client.get("/clients")).rejects.toMatchObject({
      status: 403,
      type: TWO_FACTOR_SETUP_REQUIRED,
    });
    expect(setupRequired).toHaveBeenCalledTimes(1);
    // Any other 403 is just a refusal.
    await expect(client.get("/audit")).rejects.toMatchObject({ status: 403 });
    expect(setupRequired).toHaveBeenCalledTimes(1);
    expect(expired).not.toHaveBeenCalled();
    expect(storage.data.get(REFRESH_TOKEN_KEY)).toBe("R1");
  });

  it("reports a network failure in plain words", async () => {
    const fetch = vi.fn(async () => {
      throw new TypeError("Failed to fetch");
    });
    const client = new ApiClient({ fetch, storage: memoryStorage() });
    await expect(client.get("/me", { auth: false })).rejects.toMatchObject({
      status: 0,
      message:
        "We could not reach Daybreak. Check your connection and try again.",
    });
  });

  it("fetches a file with the bearer token, refreshing on a 401 like any call", async () => {
    const fetch = vi.fn(async (url: RequestInfo | URL, init?: RequestInit) => {
      if (String(url).endsWith("/auth/refresh")) {
        return json(tokenPair());
      }
      expect((init?.headers as Record<string, string>).Accept).toBe("text/csv");
      return authOf(init) === "Bearer A2"
        ? new Response("at,action\n", {
            headers: { "Content-Type": "text/csv" },
          })
        : problem(401, { detail: "expired" });
    });
    const client = new ApiClient({ fetch, storage: memoryStorage() });
    client.setTokens({ access_token: "A1", refresh_token: "R1" });

    const blob = await client.getBlob("/audit.csv?from=2026-01-01", {
      accept: "text/csv",
    });
    expect(await blob.text()).toBe("at,action\n");
    expect(fetch.mock.calls.map((c) => String(c[0]))).toEqual([
      "/api/v1/audit.csv?from=2026-01-01",
      "/api/v1/auth/refresh",
      "/api/v1/audit.csv?from=2026-01-01",
    ]);
  });

  it("turns a refused file download into an ApiError", async () => {
    const fetch = vi.fn(async () =>
      problem(403, { title: "Forbidden", detail: "Only the owner." }),
    );
    const client = new ApiClient({ fetch, storage: memoryStorage() });
    client.setTokens({ access_token: "A1", refresh_token: "R1" });
    await expect(client.getBlob("/audit.csv")).rejects.toMatchObject({
      status: 403,
      message: "Only the owner.",
    });
  });

  it("gives a downloaded file the name the server chose", async () => {
    const fetch = vi.fn(
      async () =>
        new Response("%PDF-1.7", {
          headers: {
            "Content-Type": "application/pdf",
            "Content-Disposition":
              'attachment; filename="jordan-mills-2026-01-01-to-2026-03-31.pdf"',
          },
        }),
    );
    const client = new ApiClient({ fetch, storage: memoryStorage() });
    client.setTokens({ access_token: "A1", refresh_token: "R1" });
    const file = await client.getFile("/clients/c/report.pdf", {
      accept: "application/pdf",
    });
    expect(file.filename).toBe("jordan-mills-2026-01-01-to-2026-03-31.pdf");
    expect(await file.blob.text()).toBe("%PDF-1.7");
  });
});

const MINUTE = 60_000;

/**
 * A server that keeps the rules: access tokens last 15 minutes, a refresh token is single-use
 * and presenting a spent one revokes the whole session (the family).
 */
function tokenServer(storage: ReturnType<typeof memoryStorage>) {
  const access = new Map<string, number>([["A1", Date.now() + 15 * MINUTE]]);
  const spent = new Set<string>();
  let live = "R1";
  let n = 1;
  let revoked = false;
  const presented: string[] = [];
  let gate: Promise<void> | null = null;
  const fetch = vi.fn(async (url: RequestInfo | URL, init?: RequestInit) => {
    const u = String(url);
    if (u.endsWith("/auth/refresh")) {
      const token = JSON.parse(String(init?.body)).refresh_token as string;
      presented.push(token);
      if (gate) await gate;
      if (spent.has(token)) revoked = true;
      if (revoked || token !== live) return problem(401, {});
      spent.add(token);
      n += 1;
      live = `R${n}`;
      access.set(`A${n}`, Date.now() + 15 * MINUTE);
      return json(tokenPair(`A${n}`, live));
    }
    if (u.endsWith("/auth/logout")) return json(null, 204);
    const bearer = authOf(init)?.replace("Bearer ", "") ?? "";
    const until = access.get(bearer);
    return !revoked && until !== undefined && until > Date.now()
      ? json({ ok: u, as: bearer })
      : problem(401, {});
  });
  const client = () => new ApiClient({ fetch, storage });
  return {
    fetch,
    client,
    presented,
    refreshes: () => presented.length,
    isRevoked: () => revoked,
    hold() {
      let release!: () => void;
      gate = new Promise<void>((r) => (release = r));
      return () => {
        gate = null;
        release();
      };
    },
  };
}

describe("ApiClient.keepAlive (refreshing ahead on user activity)", () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  function signedIn(storage = memoryStorage()) {
    const server = tokenServer(storage);
    const client = server.client();
    client.setTokens({
      access_token: "A1",
      refresh_token: "R1",
      expires_in: 900,
    });
    return { server, client, storage };
  }

  it("refreshes only once less than 5 minutes of the access token are left", async () => {
    const { server, client, storage } = signedIn();
    vi.advanceTimersByTime(9 * MINUTE);
    await client.keepAlive();
    expect(server.refreshes()).toBe(0);

    vi.advanceTimersByTime(1 * MINUTE + 1_000);
    await client.keepAlive();
    expect(server.presented).toEqual(["R1"]);
    expect(storage.data.get(REFRESH_TOKEN_KEY)).toBe("R2");
    await expect(client.get("/me")).resolves.toMatchObject({ as: "A2" });

    // The new pair is fresh: more activity does not refresh again.
    vi.advanceTimersByTime(4 * MINUTE);
    await client.keepAlive();
    expect(server.refreshes()).toBe(1);
  });

  it("shares one refresh among concurrent triggers and a 401 in flight", async () => {
    const { server, client } = signedIn();
    vi.advanceTimersByTime(15 * MINUTE + 1_000); // A1 has expired: calls answer 401.
    const release = server.hold();
    const all = Promise.all([
      client.keepAlive(),
      client.keepAlive(),
      client.get("/clients"),
      client.keepAlive(),
      client.get("/me"),
    ]);
    await vi.waitFor(() => expect(server.refreshes()).toBe(1));
    release();
    const [, , clients, , me] = await all;
    expect(clients).toMatchObject({ as: "A2" });
    expect(me).toMatchObject({ as: "A2" });
    expect(server.presented).toEqual(["R1"]);
    expect(server.isRevoked()).toBe(false);
  });

  it("does not retry within a few minutes when the server was unavailable", async () => {
    const storage = memoryStorage();
    let down = true;
    let attempts = 0;
    const fetch = vi.fn(async (url: RequestInfo | URL) => {
      if (!String(url).endsWith("/auth/refresh")) return json({});
      attempts += 1;
      return down ? problem(503, {}) : json(tokenPair());
    });
    const client = new ApiClient({ fetch, storage });
    const expired = vi.fn();
    client.onSessionExpired = expired;
    client.setTokens({
      access_token: "A1",
      refresh_token: "R1",
      expires_in: 900,
    });

    vi.advanceTimersByTime(11 * MINUTE);
    await client.keepAlive();
    expect(attempts).toBe(1);
    expect(storage.data.get(REFRESH_TOKEN_KEY)).toBe("R1");
    expect(expired).not.toHaveBeenCalled();

    down = false;
    vi.advanceTimersByTime(MIN_PROACTIVE_REFRESH_GAP_MS - 1_000);
    await client.keepAlive();
    expect(attempts).toBe(1);
    vi.advanceTimersByTime(1_000);
    await client.keepAlive();
    expect(attempts).toBe(2);
    expect(storage.data.get(REFRESH_TOKEN_KEY)).toBe("R2");
  });

  it("ends the session as today when the proactive refresh is refused", async () => {
    const storage = memoryStorage();
    const fetch = vi.fn(async () => problem(401, { detail: "Too old." }));
    const client = new ApiClient({ fetch, storage });
    const expired = vi.fn();
    client.onSessionExpired = expired;
    client.setTokens({
      access_token: "A1",
      refresh_token: "R1",
      expires_in: 900,
    });
    vi.advanceTimersByTime(12 * MINUTE);
    await client.keepAlive();
    expect(expired).toHaveBeenCalledTimes(1);
    expect(storage.data.has(REFRESH_TOKEN_KEY)).toBe(false);
    expect(client.hasSession()).toBe(false);
  });

  it("keeps another tab working: it goes on with its own access token, then the newest refresh token", async () => {
    const storage = memoryStorage();
    const { server, client: tabA } = signedIn(storage);
    const tabB = server.client();
    // Tab B signed in with the same pair (in real life: it resumed from the stored token).
    tabB.setTokens({
      access_token: "A1",
      refresh_token: "R1",
      expires_in: 900,
    });

    vi.advanceTimersByTime(11 * MINUTE);
    await tabA.keepAlive();
    expect(storage.data.get(REFRESH_TOKEN_KEY)).toBe("R2");
    // Tab B's access token is still good: it works without refreshing.
    await expect(tabB.get("/clients")).resolves.toMatchObject({ as: "A1" });
    expect(server.refreshes()).toBe(1);

    // When tab B's own token is near its end, it refreshes with the newest stored token.
    await tabB.keepAlive();
    expect(server.presented).toEqual(["R1", "R2"]);
    await expect(tabA.get("/me")).resolves.toMatchObject({ as: "A2" });
    await expect(tabB.get("/me")).resolves.toMatchObject({ as: "A3" });
    expect(server.isRevoked()).toBe(false);

    // Tab A's access token runs out: its 401 refresh takes the newest token too.
    vi.advanceTimersByTime(15 * MINUTE);
    await expect(tabA.get("/me")).resolves.toMatchObject({ as: "A4" });
    expect(server.presented).toEqual(["R1", "R2", "R3"]);
    expect(server.isRevoked()).toBe(false);
  });

  it("does not bring a session back that was signed out while the refresh was under way", async () => {
    const { server, client, storage } = signedIn();
    const expired = vi.fn();
    client.onSessionExpired = expired;
    vi.advanceTimersByTime(11 * MINUTE);
    const release = server.hold();
    const alive = client.keepAlive();
    await vi.waitFor(() => expect(server.refreshes()).toBe(1));
    client.clearTokens(); // Signed out here, or in another tab.
    release();
    await alive;
    expect(storage.data.has(REFRESH_TOKEN_KEY)).toBe(false);
    expect(client.hasSession()).toBe(false);
    expect(expired).not.toHaveBeenCalled();
    // The pair that arrived too late is ended on the server.
    await vi.waitFor(() =>
      expect(
        server.fetch.mock.calls.some(
          ([url, init]) =>
            String(url).endsWith("/auth/logout") &&
            JSON.parse(String(init?.body)).refresh_token === "R2",
        ),
      ).toBe(true),
    );
  });

  it("does nothing without a session", async () => {
    const fetch = vi.fn(async () => json({}));
    const client = new ApiClient({ fetch, storage: memoryStorage() });
    await client.keepAlive();
    expect(fetch).not.toHaveBeenCalled();
  });
});

describe("fileNameFromDisposition", () => {
  it("reads quoted, bare and RFC 5987 names, and keeps only the last segment", () => {
    expect(fileNameFromDisposition('attachment; filename="a b.pdf"')).toBe(
      "a b.pdf",
    );
    expect(fileNameFromDisposition("attachment; filename=report.zip")).toBe(
      "report.zip",
    );
    expect(
      fileNameFromDisposition(
        "attachment; filename=\"fallback.pdf\"; filename*=UTF-8''Zo%C3%AB%20report.pdf",
      ),
    ).toBe("Zoë report.pdf");
    expect(
      fileNameFromDisposition('attachment; filename="../../etc/x.pdf"'),
    ).toBe("x.pdf");
    expect(fileNameFromDisposition("attachment")).toBeNull();
    expect(fileNameFromDisposition('attachment; filename=""')).toBeNull();
    expect(fileNameFromDisposition(null)).toBeNull();
  });
});
