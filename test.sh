#!/usr/bin/env bash
# Runs every test: unit tests and integration tests against a real PostgreSQL (a throwaway cluster
# started from the local binaries, or ACTIONITEMS_TEST_POSTGRES), then the web app's tests: Vitest for its
# components and logic, and end-to-end tests in Debian's Chromium against the built host (web/e2e).
# Installs PostgreSQL and Chromium with apt when missing. Every result lands in TestResults/ (TRX for .NET,
# JUnit XML for the web tests), which .ci/run counts.
set -euo pipefail
cd "$(dirname "$0")"

if ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 && [ -z "${ACTIONITEMS_TEST_POSTGRES:-}" ]; then
  echo "test.sh: installing PostgreSQL (apt-get install postgresql)..."
  sudo=""; [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq postgresql >/dev/null
fi

# The end-to-end tests drive the system's Chromium; a browser is never downloaded (web/e2e/browser.ts).
if [ ! -x /usr/bin/chromium ] && [ -z "${CHROMIUM_PATH:-}" ]; then
  echo "test.sh: installing Chromium (apt-get install chromium)..."
  sudo=""; [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq chromium >/dev/null
fi

rm -rf TestResults
# Builds the web app too (npm ci when web/package-lock.json changed, npm run build when web/ changed).
dotnet build ActionItems.sln -c Release
status=0
# One test assembly at a time (-m:1): the extraction tests check a time budget per document, which
# only means something when the database tests are not competing for the same two cores.
dotnet test ActionItems.sln -c Release --no-build -m:1 \
  --logger "trx" --logger "console;verbosity=minimal" \
  --results-directory TestResults \
  --blame-hang-timeout 5m \
  "$@" || status=$?

# The web tests run even when a .NET test failed, so one run reports everything.
results="$PWD/TestResults"
(cd web && npx vitest run --reporter=default --reporter=junit --outputFile.junit="$results/web-unit.junit.xml") || status=$?
(cd web && npx vitest run --config vitest.e2e.config.ts \
  --reporter=default --reporter=junit --outputFile.junit="$results/web-e2e.junit.xml") || status=$?
exit "$status"
