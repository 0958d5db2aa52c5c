#!/usr/bin/env bash
# Runs every test: unit tests and integration tests against a real PostgreSQL (a throwaway cluster
# started from the local binaries, or ACTIONITEMS_TEST_POSTGRES). Installs PostgreSQL with apt when missing.
set -euo pipefail
cd "$(dirname "$0")"

if ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 && [ -z "${ACTIONITEMS_TEST_POSTGRES:-}" ]; then
  echo "test.sh: installing PostgreSQL (apt-get install postgresql)..."
  sudo=""; [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq postgresql >/dev/null
fi

rm -rf TestResults
dotnet test ActionItems.sln -c Release \
  --logger "trx" --logger "console;verbosity=minimal" \
  --results-directory TestResults \
  --blame-hang-timeout 5m \
  "$@"
