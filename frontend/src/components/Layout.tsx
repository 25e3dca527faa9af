import { NavLink, Outlet, useNavigate } from "react-router";
import { useState } from "react";
import { useAuth, useMe } from "../auth/AuthContext";
import { isClinical, roleLabel } from "../domain";

export function Logo() {
  return (
    <svg
      className="logo"
      viewBox="0 0 32 32"
      aria-hidden="true"
      focusable="false"
    >
      <rect width="32" height="32" rx="8" className="logo-bg" />
      <path d="M7 21a9 9 0 0 1 18 0" className="logo-sun" />
      <path d="M5 25h22" className="logo-horizon" />
    </svg>
  );
}

export function Layout() {
  const me = useMe();
  const { signOut } = useAuth();
  const navigate = useNavigate();
  const [signingOut, setSigningOut] = useState(false);

  async function onSignOut() {
    setSigningOut(true);
    await signOut();
    navigate("/sign-in", { replace: true });
  }

  return (
    <div className="app-shell">
      <a className="skip-link" href="#main">
        Skip to main content
      </a>
      <header className="app-header">
        <div className="header-inner">
          <div className="brand">
            <Logo />
            <div className="brand-text">
              <span className="brand-name">Daybreak</span>
              <span className="brand-practice">{me.practice.name}</span>
            </div>
          </div>
          <nav aria-label="Main" className="main-nav">
            <NavLink to="/clients" className="nav-link">
              Clients
            </NavLink>
            {isClinical(me.role) && (
              <NavLink to="/alerts" className="nav-link">
                Alerts
              </NavLink>
            )}
            {me.role === "owner" && (
              <NavLink to="/staff" className="nav-link">
                Staff
              </NavLink>
            )}
          </nav>
          <div className="user-block">
            <div className="user-text">
              <span className="user-name">{me.name}</span>
              <span className="user-role">{roleLabel(me.role)}</span>
            </div>
            <button
              type="button"
              className="button button-quiet"
              onClick={onSignOut}
              disabled={signingOut}
            >
              Sign out
            </button>
          </div>
        </div>
      </header>
      <main id="main" className="app-main" tabIndex={-1}>
        <Outlet />
      </main>
    </div>
  );
}
