#!/usr/bin/env bash
# Runs a command with a throwaway PostgreSQL cluster (initdb into a temp dir, removed afterwards),
# its admin connection string in ACTIONITEMS_BENCH_POSTGRES. Usage: bench/with-postgres.sh <command…>
# Set ACTIONITEMS_BENCH_POSTGRES yourself to use an existing server instead.
set -euo pipefail
if [ -n "${ACTIONITEMS_BENCH_POSTGRES:-}" ]; then exec "$@"; fi
bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
dir=$(mktemp -d); mkdir -p "$dir/sock"
run() { if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
[ "$(id -u)" -eq 0 ] && chown -R postgres:postgres "$dir"
port=$(( 20000 + RANDOM % 20000 ))
run "$bin/initdb" -D "$dir/data" -U postgres -A trust -E UTF8 --locale=C.UTF-8 --no-sync >/dev/null
run "$bin/pg_ctl" -D "$dir/data" -l "$dir/log" -w start \
  -o "-p $port -k $dir/sock -c listen_addresses=127.0.0.1 -c shared_buffers=256MB" >/dev/null
trap 'run "$bin/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null; rm -rf "$dir"' EXIT
export ACTIONITEMS_BENCH_POSTGRES="Host=127.0.0.1;Port=$port;Username=postgres;Database=postgres"
"$@"
