#!/usr/bin/env bash
# Starts Bourse with the embedded defaults: SQLite store under ./data, a self-signed certificate,
# and (once) a demo organisation whose logins are printed at start. Extra arguments go to `bourse serve`.
set -euo pipefail
cd "$(dirname "$0")"
command -v dotnet >/dev/null || { echo "Bourse needs the .NET 10 SDK (dotnet) on PATH." >&2; exit 1; }
# The build also builds the browser client (web/owa) with npm.
if ! command -v npm >/dev/null && [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nodejs npm >/dev/null 2>&1 || true
fi
command -v npm >/dev/null || { echo "Bourse's browser client is built with Node.js (20 or later) and npm; install them." >&2; exit 1; }
# dotnet run starts the program in the project's folder, so name the data directory explicitly: ./data (or $BOURSE_DATA).
exec dotnet run --project src/Bourse.Server -c Release -- serve --demo --data "${BOURSE_DATA:-$PWD/data}" "$@"
