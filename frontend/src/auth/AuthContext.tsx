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

export type AuthState =
  | { status: "loading" }
  | { status: "unreachable"; message: string }
  | { status: "signed-out"; expired?: boolean }
  | { status: "signed-in"; me: Me };

interface AuthContextValue {
  state: AuthState;
  signIn(email: string, password: string): Promise<void>;
  signUp(input: SignupInput): Promise<void>;
  signOut(): Promise<void>;
  retry(): void;
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
  const [state, setState] = useState<AuthState>(
    () =>
      initialState ??
      (apiClient.hasSession()
        ? { status: "loading" }
        : { status: "signed-out" }),
  );
  const [attempt, setAttempt] = useState(0);
  const needsResume = state.status === "loading";

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
          setState({ status: "signed-out" });
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
        s.status === "signed-out" ? s : { status: "signed-out", expired: true },
      );
    // Signing out in another tab signs out here too.
    const onStorage = (event: StorageEvent) => {
      if (event.key === REFRESH_TOKEN_KEY && event.newValue === null) {
        apiClient.clearTokens();
        setState({ status: "signed-out" });
      }
    };
    window.addEventListener("storage", onStorage);
    return () => {
      apiClient.onSessionExpired = null;
      window.removeEventListener("storage", onStorage);
    };
  }, []);

  const signIn = useCallback(async (email: string, password: string) => {
    await api.login(email, password);
    const me = await api.me();
    setState({ status: "signed-in", me });
  }, []);

  const signUp = useCallback(async (input: SignupInput) => {
    const res = await api.signup(input);
    setState({
      status: "signed-in",
      me: { ...res.user, practice: res.practice },
    });
  }, []);

  const signOut = useCallback(async () => {
    await api.logout();
    setState({ status: "signed-out" });
  }, []);

  const retry = useCallback(() => {
    setState({ status: "loading" });
    setAttempt((n) => n + 1);
  }, []);

  const value = useMemo(
    () => ({ state, signIn, signUp, signOut, retry }),
    [state, signIn, signUp, signOut, retry],
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
