#!/usr/bin/env bash
# Runs the whole Daybreak test suite:
#   0. the layering check (scripts/layering.py: imports point down, no circles),
#   1. Rust unit and API tests on SQLite (then: the dashboard's API types match the document),
#   2. the API tests again on Postgres (when one is reachable; CI always has one),
#   3. the dashboard's unit tests (Vitest),
#   4. the browser test (playwright-core + system Chromium) against the real binary,
#   5. the CI-sized fault tests (bench/faults) against the real binary,
#   6. schemathesis (tests/fuzz/run.py) against the live OpenAPI document as every role.
# Settings: DAYBREAK_TEST_POSTGRES_URL (default postgres://postgres@127.0.0.1:5432/test).
set -euo pipefail
cd "$(dirname "$0")/.."

PG_URL="${DAYBREAK_TEST_POSTGRES_URL:-postgres://postgres@127.0.0.1:5432/test}"
PG_HOSTPORT="$(echo "$PG_URL" | sed -E 's#^[a-z]+://([^@/]*@)?([^/?]+).*#\2#')"
PG_HOST="${PG_HOSTPORT%%:*}"
PG_PORT="${PG_HOSTPORT##*:}"; [ "$PG_PORT" = "$PG_HOST" ] && PG_PORT=5432

step() { printf '\n==> %s\n' "$*"; }

step "layering: core/ beneath the domains, no circles"
python3 scripts/layering.py
python3 scripts/layering.py --self-test

step "dashboard: install and build"
if [ ! -d frontend/node_modules ]; then (cd frontend && npm install --no-audit --no-fund); fi
(cd frontend && npm run build)
export DAYBREAK_SKIP_FRONTEND_BUILD=1

if command -v cargo-nextest >/dev/null 2>&1; then
  run_tests() { cargo nextest run --workspace --no-fail-fast "$@"; }
else
  run_tests() { cargo test --workspace --no-fail-fast "$@"; }
fi

step "Rust tests on SQLite"
run_tests

drop_test_databases() {
  command -v psql >/dev/null 2>&1 || return 0
  psql "$PG_URL" -Atc "SELECT datname FROM pg_database WHERE datname LIKE 'daybreak\_test\_%' OR datname LIKE 'daybreak\_template\_%'" 2>/dev/null |
    while read -r db; do psql "$PG_URL" -qc "DROP DATABASE IF EXISTS \"$db\" WITH (FORCE)" >/dev/null 2>&1 || true; done
}

if (exec 3<>"/dev/tcp/$PG_HOST/$PG_PORT") 2>/dev/null; then
  step "Rust API tests on Postgres ($PG_HOST:$PG_PORT)"
  drop_test_databases
  DAYBREAK_TEST_DATABASE_URL="$PG_URL" run_tests --test api
  drop_test_databases
elif [ "${CI:-}" = "true" ]; then
  echo "Postgres is not reachable at $PG_HOST:$PG_PORT, and CI must test it." >&2
  exit 1
else
  echo "Postgres is not reachable at $PG_HOST:$PG_PORT: skipping the Postgres run." >&2
fi

step "dashboard: its API types match the server's OpenAPI document"
# frontend/src/api/openapi.json is what `daybreak openapi` prints and schema.d.ts is generated
# from it (npm run api:types regenerates both).
[ -x target/debug/daybreak ] || cargo build --bin daybreak
(cd frontend && DAYBREAK_BIN="$PWD/../target/debug/daybreak" npm run api:check)

step "schemathesis against the live OpenAPI document, as each role, on Postgres with RLS"
# tests/fuzz/run.py: a fixed seed and 8 examples per operation (about a minute); any 5xx or
# response outside its documented schema fails the run.
if (exec 3<>"/dev/tcp/$PG_HOST/$PG_PORT") 2>/dev/null && command -v schemathesis >/dev/null 2>&1; then
  [ -x target/debug/daybreak ] || cargo build --bin daybreak
  DAYBREAK_BIN="$PWD/target/debug/daybreak" DAYBREAK_TEST_POSTGRES_URL="$PG_URL" python3 tests/fuzz/run.py
elif [ "${CI:-}" = "true" ]; then
  echo "schemathesis (pip install schemathesis) and Postgres are needed for the fuzz run." >&2
  exit 1
else
  echo "schemathesis is not installed (pip install schemathesis) or Postgres is down: skipping the fuzz run." >&2
fi

step "dashboard unit tests"
(cd frontend && npm test)

step "browser test"
# The API tests already built target/debug/daybreak with the test feature set; a plain
# `cargo build` would rebuild the dependencies with another one.
[ -x target/debug/daybreak ] || cargo build --bin daybreak
if [ -x /usr/bin/chromium ]; then
  (cd frontend && DAYBREAK_BIN="$PWD/../target/debug/daybreak" npm run test:e2e)
  (cd frontend && DAYBREAK_BIN="$PWD/../target/debug/daybreak" npm run test:e2e:selfreport)
elif [ "${CI:-}" = "true" ]; then
  echo "Chromium is missing (apt-get install -y chromium)." >&2
  exit 1
else
  echo "Chromium is not installed (apt-get install -y chromium): skipping the browser test." >&2
fi
step "fault tests (CI-sized): SIGKILL during writes, Postgres stopped and paused, SIGTERM under load"
# Each scenario runs the binary against its own throwaway Postgres cluster (initdb in a temp
# dir, a port from 55432); the shared Postgres is never touched. Full size: bench/faults/run.py.
if ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || [ -n "${PG_BIN:-}" ]; then
  DAYBREAK_BIN="$PWD/target/debug/daybreak" python3 bench/faults/run.py --ci
elif [ "${CI:-}" = "true" ]; then
  echo "Postgres server binaries (initdb, pg_ctl) are missing: the fault tests need them." >&2
  exit 1
else
  echo "No Postgres server binaries (initdb): skipping the fault tests." >&2
fi

echo
echo "All Daybreak tests passed."
