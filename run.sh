#!/usr/bin/env bash
# Runs ActionItems (API + sync jobs + web app) on the embedded default: a SQLite file under your
# data directory and in-memory job storage. http://localhost:5080. Pass `serve --role …` or
# --Key=value configuration after the script name; see README.md.
#
# Builds once (Release, the project's own bin/ folder) and then starts the built program directly, so
# `./run.sh version` answers in well under a second; it rebuilds only when a source file is newer than
# the last build (the stamp file below). `dotnet run` would check the build on every start (~8 s).
set -euo pipefail
caller="$PWD"
repository="$(cd "$(dirname "$0")" && pwd)"
project="$repository/api/ActionItems.Api"
program="$project/bin/Release/net10.0/actionitems.dll"
stamp="$project/obj/Release/run.sh.stamp"

# The newest source that the last build did not see, if any (bin/obj/node_modules/dist are outputs, and so is
# web/src/gql: the web build generates it from docs/schema.graphql, which is watched instead).
changed_source() {
  [ -f "$stamp" ] || { echo "(no build yet)"; return; }
  find "$repository/api" "$repository/sync" "$repository/web" "$repository/docs/schema.graphql" \
       "$repository/Directory.Build.props" "$repository/Directory.Packages.props" "$repository/global.json" \
       \( -name bin -o -name obj -o -name node_modules -o -name dist -o -path "$repository/web/src/gql" \) -prune -o \
       -type f -newer "$stamp" -print -quit 2>/dev/null || true
}

if [ ! -f "$program" ] || [ -n "$(changed_source)" ]; then
  if [ -f "$stamp" ] && [ -f "$program" ]; then
    echo "run.sh: sources changed since the last build; rebuilding…" >&2
  else
    echo "run.sh: building ActionItems… (first run only: restores packages and compiles, 1–3 minutes)" >&2
  fi
  started=$SECONDS
  # The stamp is taken before the build: a file edited while it runs counts as changed next time.
  mkdir -p "$(dirname "$stamp")"
  touch "$stamp.next"
  # global.json in the repository picks the SDK, so the build runs from there.
  # Its output is shown only when it fails.
  log="$project/obj/Release/run.sh.build.log"
  (cd "$repository" && dotnet build "$project" -c Release -nologo -v quiet -tl:off) >"$log" 2>&1 \
    || { rm -f "$stamp.next"; cat "$log" >&2; echo "run.sh: the build failed (errors above; full log: $log)" >&2; exit 1; }
  mv "$stamp.next" "$stamp"
  echo "run.sh: built in $((SECONDS - started)) s" >&2
fi

case "${1:-serve}" in
  # Short batch runs: skip .NET's profile-instrumented JIT tier, which pays off only in a long-running
  # server (a 1,000-document import ~10 % faster; docs/benchmarks.md). Set DOTNET_TieredPGO to override.
  import|extract) export DOTNET_TieredPGO="${DOTNET_TieredPGO:-0}" ;;
esac
# The program runs in the caller's directory, so every relative path (./run.sh import ../shared/seeds,
# --output x.graphql, --Database:SqlitePath=ai.db) means what the user typed; it reads its own
# appsettings.json from beside the binary (api/ActionItems.Api/Hosting/ActionItemsHost.cs).
export ACTIONITEMS_CALLER_DIRECTORY="$caller"
# A person reads this console: readable log lines rather than the JSON a deployed service writes for its log collector.
export Logging__Console__FormatterName="${Logging__Console__FormatterName:-simple}"
cd "$caller"
exec dotnet "$program" "$@"
