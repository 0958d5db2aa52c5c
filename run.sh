#!/usr/bin/env bash
# Runs ActionItems (API + sync jobs + web app) on the embedded default: a SQLite file under your
# data directory and in-memory job storage. http://localhost:5080. Pass `serve --role …` or
# --Key=value configuration after the script name; see README.md.
set -euo pipefail
# `dotnet run` starts the program in the project folder: paths given relative to where this script was
# called from (./run.sh import ../shared/seeds) are made absolute first.
args=()
for arg in "${@:-serve}"; do
  if [[ "$arg" != -* && -e "$arg" ]]; then args+=("$(realpath "$arg")"); else args+=("$arg"); fi
done
set -- "${args[@]}"
cd "$(dirname "$0")"
case "${1:-serve}" in
  # Short batch runs: skip .NET's profile-instrumented JIT tier, which pays off only in a long-running
  # server (a 1,000-document import ~10 % faster; docs/benchmarks.md). Set DOTNET_TieredPGO to override.
  import|extract) export DOTNET_TieredPGO="${DOTNET_TieredPGO:-0}" ;;
esac
exec dotnet run --project api/ActionItems.Api -c Release -- "$@"
