#!/usr/bin/env bash
# Runs ActionItems (API + sync jobs + web app) on the embedded default: a SQLite file under your
# data directory and in-memory job storage. http://localhost:5080. Pass `serve --role …` or
# --Key=value configuration after the script name; see README.md.
set -euo pipefail
# `dotnet run` must start in the repository (global.json picks the SDK) and starts the program in the
# project folder; the program changes back to the directory this script was called from, so every relative
# path (./run.sh import ../shared/seeds, --output x.graphql, --Database:SqlitePath=ai.db) means what the
# user typed (api/ActionItems.Api/Cli/ActionItemsCli.cs).
export ACTIONITEMS_CALLER_DIRECTORY="$PWD"
cd "$(dirname "$0")"
case "${1:-serve}" in
  # Short batch runs: skip .NET's profile-instrumented JIT tier, which pays off only in a long-running
  # server (a 1,000-document import ~10 % faster; docs/benchmarks.md). Set DOTNET_TieredPGO to override.
  import|extract) export DOTNET_TieredPGO="${DOTNET_TieredPGO:-0}" ;;
esac
exec dotnet run --project api/ActionItems.Api -c Release -- "$@"
