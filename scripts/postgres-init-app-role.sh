#!/bin/sh
# Run once by the postgres image on a new data directory (/docker-entrypoint-initdb.d):
# creates the role the Daybreak server connects as. Migration m20261202_000007 grants it
# what it needs and nothing more: not superuser, not BYPASSRLS, owner of nothing, so
# row-level security applies to every query the server makes.
set -eu
: "${DAYBREAK_APP_PASSWORD:?set DAYBREAK_APP_PASSWORD}"
psql -v ON_ERROR_STOP=1 -v pw="$DAYBREAK_APP_PASSWORD" \
  --username "$POSTGRES_USER" --dbname "$POSTGRES_DB" <<'EOSQL'
CREATE ROLE daybreak_app LOGIN PASSWORD :'pw';
EOSQL
