//! Month-end export: every active client's report for one period in one zip. A request starts
//! a background job whose progress lives in `report_exports` (so a reloaded page, or another
//! instance, sees it); the CLI runs the same `produce` with a progress bar in the terminal.
//! Every report in the zip is audited, like a single export. The zip is written to a file as
//! the reports render (the CLI's own output, or a temporary file), then stored in parts of at
//! most 1 MiB and sent part by part: it is never held in memory whole.

mod produce;
mod start;
mod stored;
mod types;

pub use produce::produce;
pub(crate) use start::client_ids;
pub use start::{export_basis, start};
pub use stored::{ZipBytes, download, get, list, part};
pub use types::{ExportView, LeftOut, NewExport};

/// How long a finished zip stays downloadable.
pub const KEEP_DAYS: i64 = 7;
/// A running export that has not moved for this long was interrupted (its server stopped).
pub const STALE_AFTER_SECONDS: i64 = 120;
/// Exports running at once in one practice (each member runs one at a time).
pub const MAX_RUNNING_PER_PRACTICE: u64 = 3;
/// The largest part a finished zip is stored (and sent) in.
pub const PART_BYTES: usize = 1024 * 1024;
