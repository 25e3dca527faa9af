import {
  createContext,
  useCallback,
  useContext,
  useEffect,
  useMemo,
  useState,
} from "react";
import type { ReactNode } from "react";
import { apiClient, ApiError, REFRESH_TOKEN_KEY } from "../api/client";
import { api, type SignupInput } from "../api/endpoints";
import type { Me } from "../api/types";
import { clearAllNoteDrafts } from "../noteDrafts";
import { idleSinceLastVisit } from "./idle";

/** Why a session ended without the user asking: the sign-in page says so. */
export type SignOutReason = "expired" | "idle";

export type AuthState =
  | { status: "loading" }
  | { status: "unreachable"; message: string }
  | {
      status: "signed-out";
      reason?: SignOutReason;
      /**
       * The member pressed Sign out here: the next sign-in (maybe someone else's, on a shared
       * computer) starts on the client list, not on the page they left.
       */
      requested?: boolean;
    }
  | { status: "signed-in"; me: Me };

/** Set by the tab that signs out for inactivity, so the other tabs can say why too. */
const SIGN_OUT_REASON_KEY = "daybreak.sign_out_reason";

function storeReason(reason: SignOutReason | null): void {
  try {
    if (reason) localStorage.setItem(SIGN_OUT_REASON_KEY, reason);
    else localStorage.removeItem(SIGN_OUT_REASON_KEY);
  } catch {
    // Only the other tabs' message depends on it.
  }
}

function storedReason(): SignOutReason | undefined {
  try {
    return localStorage.getItem(SIGN_OUT_REASON_KEY) === "idle"
      ? "idle"
      : undefined;
  } catch {
    return undefined;
  }
}

/** How often the two-factor setup gate asks the server whether it still holds. */
export const TWO_FACTOR_RECHECK_MS = 60_000;

interface AuthContextValue {
  state: AuthState;
  /** `totpCode` is the second step's code, for members with two-factor sign-in on. */
  signIn(
    email: string,
    password: string,
    totpCode?: string,
    practiceId?: string,
  ): Promise<void>;
  signUp(input: SignupInput): Promise<void>;
  /** Ends the session; `reason` is for sign-outs the user did not ask for. */
  signOut(reason?: SignOutReason): Promise<void>;
  retry(): void;
  /** Applies what the member just changed about themselves (two-factor on or off, say). */
  updateMe(changes: Partial<Me>): void;
}

const AuthContext = createContext<AuthContextValue | null>(null);

export function AuthProvider({
  children,
  initialState,
}: {
  children: ReactNode;
  /** Tests start from a known state instead of asking the server. */
  initialState?: AuthState;
}) {
  // A session left behind 15 minutes or more before this start (browser closed, laptop
  // asleep) is not resumed, whatever the server would still allow: it ends as an idle one.
  const [endStaleSession] = useState(
    () => !initialState && apiClient.hasSession() && idleSinceLastVisit(),
  );
  const [state, setState] = useState<AuthState>(
    () =>
      initialState ??
      (endStaleSession
        ? { status: "signed-out", reason: "idle" }
        : apiClient.hasSession()
          ? { status: "loading" }
          : { status: "signed-out" }),
  );
  const [attempt, setAttempt] = useState(0);
  const needsResume = state.status === "loading";

  useEffect(() => {
    if (!endStaleSession) return;
    storeReason("idle");
    // Revokes the stored refresh token on the server and forgets it (a second run finds none).
    void api.logout();
  }, [endStaleSession]);

  useEffect(() => {
    if (!needsResume) return;
    const controller = new AbortController();
    api.me(controller.signal).then(
      (me) => setState({ status: "signed-in", me }),
      (error: unknown) => {
        if (controller.signal.aborted) return;
        if (
          error instanceof ApiError &&
          (error.status === 401 || error.status === 403)
        ) {
          // There was a session to resume and the server refused it (revoked, too old).
          setState({ status: "signed-out", reason: "expired" });
        } else {
          setState({
            status: "unreachable",
            message:
              error instanceof ApiError
                ? error.message
                : "Daybreak could not be reached.",
          });
        }
      },
    );
    return () => controller.abort();
  }, [needsResume, attempt]);

  useEffect(() => {
    apiClient.onSessionExpired = () =>
      setState((s) =>
        s.status === "signed-out"
          ? s
          : { status: "signed-out", reason: "expired" },
      );
    // Signing out in another tab signs out here too.
    const onStorage = (event: StorageEvent) => {
      if (event.key === REFRESH_TOKEN_KEY && event.newValue === null) {
        apiClient.clearTokens();
        setState({ status: "signed-out", reason: storedReason() });
      }
    };
    // The server refuses records until two-factor is set up: the setup gate takes over.
    apiClient.onTwoFactorSetupRequired = () =>
      setState((s) =>
        s.status === "signed-in" &&
        (!s.me.two_factor_required || s.me.two_factor_enabled)
          ? {
              ...s,
              me: {
                ...s.me,
                two_factor_required: true,
                two_factor_enabled: false,
              },
            }
          : s,
      );
    window.addEventListener("storage", onStorage);
    return () => {
      apiClient.onSessionExpired = null;
      apiClient.onTwoFactorSetupRequired = null;
      window.removeEventListener("storage", onStorage);
    };
  }, []);

  // The two-factor setup gate (required, not on). The server reads the practice's rule on every
  // request, so an owner lifting the requirement frees the member at once: ask again while the
  // gate holds, on coming back to the window and every minute, and lift it when the server has.
  const setupGateActive =
    state.status === "signed-in" &&
    state.me.two_factor_required &&
    !state.me.two_factor_enabled;

  useEffect(() => {
    if (!setupGateActive) return;
    const controller = new AbortController();
    let inFlight = false;
    const recheck = () => {
      if (inFlight || controller.signal.aborted) return;
      inFlight = true;
      api.me(controller.signal).then(
        (me) => {
          inFlight = false;
          if (controller.signal.aborted) return;
          if (me.two_factor_required && !me.two_factor_enabled) return;
          setState((s) =>
            s.status === "signed-in" && s.me.id === me.id ? { ...s, me } : s,
          );
        },
        () => {
          // Unreachable or refused: the gate stays as it is (a refused session ends elsewhere).
          inFlight = false;
        },
      );
    };
    const onVisibility = () => {
      if (document.visibilityState === "visible") recheck();
    };
    const timer = window.setInterval(recheck, TWO_FACTOR_RECHECK_MS);
    window.addEventListener("focus", recheck);
    document.addEventListener("visibilitychange", onVisibility);
    return () => {
      controller.abort();
      window.clearInterval(timer);
      window.removeEventListener("focus", recheck);
      document.removeEventListener("visibilitychange", onVisibility);
    };
  }, [setupGateActive]);

  const signIn = useCallback(
    async (
      email: string,
      password: string,
      totpCode?: string,
      practiceId?: string,
    ) => {
      await api.login(email, password, totpCode, practiceId);
      storeReason(null);
      const me = await api.me();
      setState({ status: "signed-in", me });
    },
    [],
  );

  const signUp = useCallback(async (input: SignupInput) => {
    await api.signup(input);
    storeReason(null);
    // As after sign-in: `/me` has what the sign-up answer lacks (the practice's today).
    const me = await api.me();
    setState({ status: "signed-in", me });
  }, []);

  const signOut = useCallback(async (reason?: SignOutReason) => {
    storeReason(reason ?? null);
    // Asked for (not forced): unsaved note text kept in this tab goes too, on a shared computer.
    if (!reason) clearAllNoteDrafts();
    const loggingOut = api.logout();
    // Signed out for inactivity: take the records off the screen without waiting for the server.
    if (reason) setState({ status: "signed-out", reason });
    await loggingOut;
    setState((s) =>
      reason
        ? s.status === "signed-out"
          ? s
          : { status: "signed-out", reason }
        : // Asked for: whatever ended the session meanwhile, this is why it ended.
          s.status === "signed-out" && s.requested
          ? s
          : { status: "signed-out", requested: true },
    );
  }, []);

  const retry = useCallback(() => {
    setState({ status: "loading" });
    setAttempt((n) => n + 1);
  }, []);

  const updateMe = useCallback((changes: Partial<Me>) => {
    setState((s) =>
      s.status === "signed-in" ? { ...s, me: { ...s.me, ...changes } } : s,
    );
  }, []);

  const value = useMemo(
    () => ({ state, signIn, signUp, signOut, retry, updateMe }),
    [state, signIn, signUp, signOut, retry, updateMe],
  );
  return <AuthContext.Provider value={value}>{children}</AuthContext.Provider>;
}

export function useAuth(): AuthContextValue {
  const value = useContext(AuthContext);
  if (!value) throw new Error("useAuth outside AuthProvider");
  return value;
}

/** The signed-in staff member; only for pages behind RequireAuth. */
export function useMe(): Me {
  const { state } = useAuth();
  if (state.status !== "signed-in") throw new Error("useMe without a session");
  return state.me;
}
