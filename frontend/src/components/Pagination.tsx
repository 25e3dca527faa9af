export function Pagination({
  page,
  perPage,
  total,
  onPage,
  label,
}: {
  page: number;
  perPage: number;
  total: number;
  onPage: (page: number) => void;
  label: string;
}) {
  const pages = Math.max(1, Math.ceil(total / perPage));
  if (total === 0) return null;
  const first = (page - 1) * perPage + 1;
  const last = Math.min(total, page * perPage);
  return (
    <nav className="pagination" aria-label={label}>
      <p className="pagination-summary">
        Showing {first}–{last} of {total}
      </p>
      {pages > 1 && (
        <div className="pagination-buttons">
          <button
            type="button"
            className="button button-secondary"
            onClick={() => onPage(page - 1)}
            disabled={page <= 1}
          >
            Previous
          </button>
          <span className="pagination-page">
            Page {page} of {pages}
          </span>
          <button
            type="button"
            className="button button-secondary"
            onClick={() => onPage(page + 1)}
            disabled={page >= pages}
          >
            Next
          </button>
        </div>
      )}
    </nav>
  );
}
