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
dotnet build ActionItems.sln -c Release
# One test assembly at a time (-m:1): the extraction tests check a time budget per document, which
# only means something when the database tests are not competing for the same two cores.
dotnet test ActionItems.sln -c Release --no-build -m:1 \
  --logger "trx" --logger "console;verbosity=minimal" \
  --results-directory TestResults \
  --blame-hang-timeout 5m \
  "$@"
