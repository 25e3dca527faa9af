#!/usr/bin/env bash
# Proves that a Daybreak backup restores: dumps a Postgres database with `pg_dump -Fc` (or
# takes an existing dump), refuses an empty dump, restores it into a fresh scratch database,
# compares every table's row count per practice and every practice's audit chain head with
# the source, runs `daybreak audit verify` on the copy, prints a table, and drops the copy.
# Exits 0 when everything matches, 1 on any difference, 2 on a usage or environment error.
#
#   scripts/restore_check.sh [options] [SOURCE_URL]
#
#   SOURCE_URL             the database backed up (default: $DATABASE_URL), postgres://...
#                          Connect as a role that bypasses row-level security (a superuser or
#                          a BYPASSRLS role): see docs/operations.md.
#   --dump FILE            check this existing `pg_dump -Fc` file instead of taking a dump.
#                          It is compared with FILE.manifest when that exists (written by
#                          --out), otherwise with SOURCE_URL as it is now (exact only when
#                          nothing has been written since the dump).
#   --out FILE             keep the dump taken at FILE (mode 600) and its counts at
#                          FILE.manifest (default: a temporary file, deleted at the end)
#   --restore-server URL   where the scratch database is created: a connection to any
#                          database of that server by a role that may CREATE DATABASE
#                          (default: SOURCE_URL's server, database "postgres")
#   --jobs N               parallel pg_restore jobs (default 2)
#   --min-bytes N          refuse a dump smaller than N bytes (default 8192)
#   --no-audit-verify      do not run `daybreak audit verify` (the result says so)
#   --test-tamper KIND     test only: damage the restored copy before comparing, to show
#                          the check fails: `row` deletes one check-in, `audit` edits one
#                          audit event (needs a superuser on the restore server)
#
# Environment: DAYBREAK_BIN (default target/release/daybreak, then target/debug/daybreak),
# DAYBREAK_JWT_SECRET (any 32+ characters; a random one is made when unset), PGPASSWORD or
# ~/.pgpass instead of passwords in URLs (a URL on a command line shows in `ps`).
# Tools: psql, pg_dump, pg_restore of the server's major version or newer.
set -euo pipefail
umask 077

ROOT="$(cd "$(dirname "$0")/.." && pwd)"

usage() { sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; }
die() { echo "restore_check: $*" >&2; exit 2; }
say() { printf '%s\n' "$*"; }

SOURCE_URL=""
DUMP_IN=""
OUT=""
RESTORE_SERVER=""
JOBS=2
MIN_BYTES=8192
AUDIT_VERIFY=1
TAMPER=""
while [ $# -gt 0 ]; do
  case "$1" in
    --dump) DUMP_IN="${2:?--dump needs a file}"; shift 2 ;;
    --out) OUT="${2:?--out needs a file}"; shift 2 ;;
    --restore-server) RESTORE_SERVER="${2:?--restore-server needs a URL}"; shift 2 ;;
    --jobs) JOBS="${2:?--jobs needs a number}"; shift 2 ;;
    --min-bytes) MIN_BYTES="${2:?--min-bytes needs a number}"; shift 2 ;;
    --no-audit-verify) AUDIT_VERIFY=0; shift ;;
    --test-tamper) TAMPER="${2:?--test-tamper needs row or audit}"; shift 2 ;;
    -h|--help) usage; exit 0 ;;
    -*) die "unknown option $1 (see --help)" ;;
    *) [ -z "$SOURCE_URL" ] || die "one source database only"; SOURCE_URL="$1"; shift ;;
  esac
done
SOURCE_URL="${SOURCE_URL:-${DATABASE_URL:-}}"
case "$TAMPER" in ""|row|audit) ;; *) die "--test-tamper is row or audit" ;; esac
[[ "$JOBS" =~ ^[1-9][0-9]*$ ]] || die "--jobs must be a positive number"
[[ "$MIN_BYTES" =~ ^[0-9]+$ ]] || die "--min-bytes must be a number"
for tool in psql pg_dump pg_restore; do
  command -v "$tool" >/dev/null 2>&1 || die "$tool is not installed (apt-get install -y postgresql-client)"
done
is_pg_url() { [[ "$1" =~ ^postgres(ql)?:// ]]; }
if [ -n "$DUMP_IN" ]; then
  [ -f "$DUMP_IN" ] || die "no such dump: $DUMP_IN"
  [ -n "$OUT" ] && die "--out goes with a new dump, not with --dump"
  if [ -f "$DUMP_IN.manifest" ]; then
    [ -n "$SOURCE_URL$RESTORE_SERVER" ] || die "with --dump, give --restore-server (or the source URL)"
  else
    [ -n "$SOURCE_URL" ] || die "$DUMP_IN.manifest is missing: give the source URL to compare with"
  fi
else
  [ -n "$SOURCE_URL" ] || die "give the source database URL (or set DATABASE_URL); --help for more"
  if [ -n "$OUT" ]; then
    [ -d "$(dirname "$OUT")" ] && [ -w "$(dirname "$OUT")" ] || die "--out: cannot write in $(dirname "$OUT")"
    [ ! -e "$OUT" ] || die "--out: $OUT exists already"
  fi
fi
[ -z "$SOURCE_URL" ] || is_pg_url "$SOURCE_URL" || die "the source must be a postgres:// URL (SQLite: see docs/operations.md)"

# The same URL with another database name (query string kept).
with_db() {
  local url="$1" db="$2" query="" rest authority scheme
  if [[ "$url" == *\?* ]]; then query="?${url#*\?}"; url="${url%%\?*}"; fi
  scheme="${url%%://*}"; rest="${url#*://}"; authority="${rest%%/*}"
  printf '%s://%s/%s%s' "$scheme" "$authority" "$db" "$query"
}
RESTORE_SERVER="${RESTORE_SERVER:-$(with_db "$SOURCE_URL" postgres)}"
is_pg_url "$RESTORE_SERVER" || die "--restore-server must be a postgres:// URL"

PSQL=(psql -X -q -A -t -v ON_ERROR_STOP=1 -F '|')
WORK="$(mktemp -d "${TMPDIR:-/tmp}/daybreak-restore-check.XXXXXX")"
SCRATCH="daybreak_restore_check_$(od -An -N6 -tx1 /dev/urandom | tr -d ' \n')"
SCRATCH_URL="$(with_db "$RESTORE_SERVER" "$SCRATCH")"
SCRATCH_CREATED=0
HOLDER_PID=""

cleanup() {
  local rc=$?
  if [ -n "$HOLDER_PID" ]; then kill "$HOLDER_PID" 2>/dev/null || true; fi
  if [ "$SCRATCH_CREATED" = 1 ]; then
    if "${PSQL[@]}" -d "$RESTORE_SERVER" -c "DROP DATABASE IF EXISTS \"$SCRATCH\" WITH (FORCE)" >/dev/null 2>&1; then
      say "Dropped the scratch database $SCRATCH."
    else
      echo "restore_check: could not drop the scratch database $SCRATCH: drop it by hand (it holds PHI)" >&2
      rc=2
    fi
  fi
  rm -rf "$WORK"
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# Tables that row-level security would hide from this connection: a dump by this role would
# fail (pg_dump sets row_security off) or, with --enable-row-security, be silently empty.
rls_hidden_tables() {
  "${PSQL[@]}" -d "$1" -c "
    SELECT string_agg(format('%I.%I', n.nspname, c.relname), ', ' ORDER BY c.relname)
    FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
    JOIN pg_roles r ON r.rolname = current_user
    WHERE c.relkind IN ('r', 'p') AND c.relrowsecurity
      AND n.nspname NOT IN ('pg_catalog', 'information_schema')
      AND NOT (r.rolsuper OR r.rolbypassrls
               OR (pg_has_role(c.relowner, 'USAGE') AND NOT c.relforcerowsecurity))"
}

# Prints `kind|table|practice|value` lines describing the database: the row count of every
# table (per practice for tables with a practice_id column, else `*`), each practice's audit
# chain head and last audit event (`seq:hash`), the number of tables and columns, and the
# last applied migration.
# $1: URL; $2: a snapshot id to read at (optional). Row security is off, so a table this role
# cannot fully see is an error, never a silent zero.
describe_db() {
  local url="$1" snapshot="${2:-}" set_snapshot=""
  [ -z "$snapshot" ] || set_snapshot="SET TRANSACTION SNAPSHOT '$snapshot';"
  "${PSQL[@]}" -d "$url" <<SQL | LC_ALL=C sort
BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY;
$set_snapshot
SET LOCAL row_security = off;
SELECT string_agg(
  CASE WHEN EXISTS (
         SELECT 1 FROM information_schema.columns c
         WHERE c.table_schema = t.table_schema AND c.table_name = t.table_name
           AND c.column_name = 'practice_id')
    THEN format('SELECT ''rows'', %L, practice_id::text, count(*)::text FROM %I.%I GROUP BY practice_id',
                t.table_schema || '.' || t.table_name, t.table_schema, t.table_name)
    ELSE format('SELECT ''rows'', %L, ''*'', count(*)::text FROM %I.%I',
                t.table_schema || '.' || t.table_name, t.table_schema, t.table_name)
  END, ' UNION ALL ')
FROM information_schema.tables t
WHERE t.table_type = 'BASE TABLE' AND t.table_schema NOT IN ('pg_catalog', 'information_schema')
\gexec
SELECT 'schema', 'tables', '*',
       count(DISTINCT (c.table_schema, c.table_name)) || ' tables, ' || count(*) || ' columns'
FROM information_schema.columns c JOIN information_schema.tables t USING (table_schema, table_name)
WHERE t.table_type = 'BASE TABLE' AND t.table_schema NOT IN ('pg_catalog', 'information_schema');
SELECT 'SELECT ''chain_head'', ''audit_chain_heads'', practice_id::text, seq || '':'' || hash FROM audit_chain_heads'
WHERE to_regclass('audit_chain_heads') IS NOT NULL
\gexec
SELECT 'SELECT DISTINCT ON (practice_id) ''last_event'', ''audit_events'', practice_id::text, seq || '':'' || hash
        FROM audit_events WHERE seq IS NOT NULL ORDER BY practice_id, seq DESC'
WHERE to_regclass('audit_events') IS NOT NULL
\gexec
SELECT 'SELECT ''schema'', ''seaql_migrations'', ''*'', max(version) FROM seaql_migrations'
WHERE to_regclass('seaql_migrations') IS NOT NULL
\gexec
COMMIT;
SQL
}

value_of() { awk -F'|' -v k="$2" -v t="$3" -v p="$4" '$1==k && $2==t && $3==p {print $4}' "$1"; }
total_rows() { awk -F'|' -v t="$2" '$1=="rows" && $2==t {s+=$4; n++} END {print n ? s : 0}' "$1"; }

say "Daybreak restore check"

# 1. The dump, and what the source held at the dump's moment.
if [ -n "$DUMP_IN" ]; then
  DUMP="$DUMP_IN"
  if [ -f "$DUMP_IN.manifest" ]; then
    cp "$DUMP_IN.manifest" "$WORK/source.txt"
    EXPECTED="the manifest written with the dump ($DUMP_IN.manifest)"
  else
    hidden="$(rls_hidden_tables "$SOURCE_URL")" || die "cannot read the source database"
    [ -z "$hidden" ] || die "row-level security hides rows of $hidden from this role: connect as a superuser or a BYPASSRLS role"
    describe_db "$SOURCE_URL" >"$WORK/source.txt" || die "cannot count the source database"
    EXPECTED="the source database as it is now (exact only if nothing was written since the dump)"
  fi
  say "  dump:     $DUMP (given)"
else
  hidden="$(rls_hidden_tables "$SOURCE_URL")" || die "cannot connect to the source database"
  [ -z "$hidden" ] || die "row-level security hides rows of $hidden from this role: its dump would fail or be empty; connect as a superuser or a BYPASSRLS role (docs/operations.md)"
  DUMP="${OUT:-$WORK/daybreak.dump}"
  # One snapshot for the dump and the source's counts: a live server keeps writing (every
  # read is audited), so counting later would not match the dump.
  coproc HOLDER { exec psql -X -q -A -t -v ON_ERROR_STOP=1 -d "$SOURCE_URL" 2>&1; }
  printf '%s\n' "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY;" "SELECT pg_export_snapshot();" >&"${HOLDER[1]}"
  SNAPSHOT=""
  read -r -t 30 SNAPSHOT <&"${HOLDER[0]}" || true
  [[ "$SNAPSHOT" =~ ^[0-9A-F]+-[0-9A-F]+(-[0-9]+)?$ ]] || die "cannot export a snapshot from the source: $SNAPSHOT"
  describe_db "$SOURCE_URL" "$SNAPSHOT" >"$WORK/source.txt" || die "cannot count the source database"
  started=$SECONDS
  pg_dump -Fc --snapshot="$SNAPSHOT" -f "$DUMP" -d "$SOURCE_URL" || die "pg_dump failed"
  printf 'COMMIT;\n\\q\n' >&"${HOLDER[1]}"
  wait "$HOLDER_PID" 2>/dev/null || true
  HOLDER_PID=""
  if [ -n "$OUT" ]; then cp "$WORK/source.txt" "$OUT.manifest"; fi
  EXPECTED="the source database at the dump's snapshot"
  say "  dump:     ${OUT:-(temporary file)} taken in $((SECONDS - started)) s"
fi
SIZE="$(wc -c <"$DUMP" | tr -d ' ')"
say "  size:     $SIZE bytes"
say "  compared with $EXPECTED"

# 2. Refuse an empty or broken dump before restoring it.
[ "$SIZE" -ge "$MIN_BYTES" ] || { echo "REFUSED: the dump is only $SIZE bytes (under --min-bytes $MIN_BYTES): it cannot hold a practice's data" >&2; exit 1; }
pg_restore -l "$DUMP" >"$WORK/toc.txt" 2>"$WORK/toc.err" || { cat "$WORK/toc.err" >&2; echo "REFUSED: not a readable pg_dump -Fc archive" >&2; exit 1; }
for table in practices audit_events; do
  grep -Eq "TABLE DATA [^ ]+ $table " "$WORK/toc.txt" ||
    { echo "REFUSED: the dump has no data for $table (schema-only, or the table was left out)" >&2; exit 1; }
done
for table in public.practices public.audit_events; do
  [ "$(total_rows "$WORK/source.txt" "$table")" -gt 0 ] ||
    { echo "REFUSED: the source has no rows in $table: there is nothing to check (or the role saw none)" >&2; exit 1; }
done

# 3. Restore into a fresh scratch database.
"${PSQL[@]}" -d "$RESTORE_SERVER" -c "CREATE DATABASE \"$SCRATCH\"" >/dev/null || die "cannot create the scratch database on the restore server"
SCRATCH_CREATED=1
say "  scratch:  $SCRATCH (created)"
started=$SECONDS
if ! pg_restore --exit-on-error --no-owner --no-privileges --jobs="$JOBS" -d "$SCRATCH_URL" "$DUMP" 2>"$WORK/restore.err"; then
  tail -n 20 "$WORK/restore.err" >&2
  echo "FAILED: pg_restore could not restore the dump (truncated or damaged?)" >&2
  exit 1
fi
say "  restored in $((SECONDS - started)) s"

case "$TAMPER" in
  row)
    "${PSQL[@]}" -d "$SCRATCH_URL" -c "SET session_replication_role = replica;
      DELETE FROM check_ins WHERE ctid = (SELECT ctid FROM check_ins LIMIT 1)" >/dev/null
    say "  TEST: deleted one row of check_ins in the restored copy" ;;
  audit)
    "${PSQL[@]}" -d "$SCRATCH_URL" -c "SET session_replication_role = replica;
      UPDATE audit_events SET ip = '203.0.113.66'
      WHERE ctid = (SELECT ctid FROM audit_events WHERE seq IS NOT NULL ORDER BY practice_id, seq LIMIT 1 OFFSET 1)" >/dev/null
    say "  TEST: changed the address of one audit event in the restored copy" ;;
esac

# 4. Compare.
describe_db "$SCRATCH_URL" >"$WORK/restored.txt" || die "cannot count the restored database"
FAILED=0
for table in public.practices public.audit_events; do
  if [ "$(total_rows "$WORK/restored.txt" "$table")" -eq 0 ]; then
    echo "REFUSED: the restored copy has no rows in $table" >&2
    FAILED=1
  fi
done
say ""
awk -F'|' '
  function short(v) { return (v ~ /^[0-9]+:[0-9a-f]{64}$/) ? substr(v, 1, index(v, ":") + 12) : v }
  NR == FNR { src[$1 "|" $2 "|" $3] = $4; keys[$1 "|" $2 "|" $3] = 1; next }
  { dst[$1 "|" $2 "|" $3] = $4; keys[$1 "|" $2 "|" $3] = 1 }
  END {
    fmt = "%-11s %-26s %-36s %-20s %-20s %s\n"
    printf fmt, "what", "table", "practice", "source", "restored", "result"
    # By practice (whole-database tables first), then what, then table.
    n = 0; for (k in keys) { split(k, p, "|"); order[++n] = p[3] "|" p[1] "|" p[2]; key[order[n]] = k }
    for (i = 2; i <= n; i++) { v = order[i]; j = i - 1
      while (j > 0 && order[j] > v) { order[j + 1] = order[j]; j-- } order[j + 1] = v }
    bad = 0
    for (i = 1; i <= n; i++) {
      k = key[order[i]]; split(k, p, "|")
      s = (k in src) ? src[k] : "-"; d = (k in dst) ? dst[k] : "-"
      result = (s == d) ? "ok" : "DIFFERS"
      if (s != d) bad++
      table = p[2]; sub(/^public\./, "", table)
      printf fmt, p[1], table, p[3], short(s), short(d), result
    }
    printf "\n%d compared, %d different\n", n, bad
    exit bad > 0
  }' "$WORK/source.txt" "$WORK/restored.txt" || FAILED=1

# 5. Recompute every practice's audit hash chain in the copy.
if [ "$AUDIT_VERIFY" = 1 ]; then
  BIN="${DAYBREAK_BIN:-}"
  if [ -z "$BIN" ]; then
    for candidate in "$ROOT/target/release/daybreak" "$ROOT/target/debug/daybreak"; do
      if [ -x "$candidate" ]; then BIN="$candidate"; break; fi
    done
  fi
  [ -n "$BIN" ] && [ -x "$BIN" ] || die "no daybreak binary (set DAYBREAK_BIN, or build it; --no-audit-verify skips this step)"
  secret="${DAYBREAK_JWT_SECRET:-}"
  [ "${#secret}" -ge 32 ] || secret="$(od -An -N32 -tx1 /dev/urandom | tr -d ' \n')"
  say ""
  say "daybreak audit verify on the restored copy ($BIN; it applies pending migrations first):"
  if env DATABASE_URL="$SCRATCH_URL" DAYBREAK_JWT_SECRET="$secret" DAYBREAK_LOG_FORMAT=text RUST_LOG=warn \
      "$BIN" audit verify >"$WORK/verify.txt" 2>&1; then
    sed 's/^/  /' "$WORK/verify.txt"
  else
    sed 's/^/  /' "$WORK/verify.txt"
    FAILED=1
  fi
else
  say ""
  say "daybreak audit verify: SKIPPED (--no-audit-verify)"
fi

say ""
if [ "$FAILED" = 0 ] && [ "$AUDIT_VERIFY" = 1 ]; then
  say "RESTORE CHECK PASSED: the dump restores, every count and chain head matches, every chain verifies."
elif [ "$FAILED" = 0 ]; then
  say "RESTORE CHECK PASSED (audit chains NOT verified): the dump restores, every count and chain head matches."
else
  say "RESTORE CHECK FAILED: see the differences above."
  exit 1
fi
