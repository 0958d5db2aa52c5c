#!/usr/bin/env bash
# Runs ActionItems (API + sync jobs + web app) on the embedded default: a SQLite file under your
# data directory and in-memory job storage. http://localhost:5080. Pass `serve --role …` or
# --Key=value configuration after the script name; see README.md.
set -euo pipefail
cd "$(dirname "$0")"
exec dotnet run --project api/ActionItems.Api -c Release -- "${@:-serve}"
