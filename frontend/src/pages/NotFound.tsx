import { Link } from "react-router";
import { useTitle } from "../hooks";

export function NotFound() {
  useTitle("Page not found");
  return (
    <div className="page page-narrow">
      <h1>Page not found</h1>
      <p className="page-subtitle">There is nothing at this address.</p>
      <p>
        <Link to="/clients">Go to clients</Link>
      </p>
    </div>
  );
}
