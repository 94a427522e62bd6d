#!/usr/bin/env bash
# Starts Bourse with the embedded defaults: SQLite store under ./data, a self-signed certificate,
# and (once) a demo organisation whose logins are printed at start. Extra arguments go to `bourse serve`.
set -euo pipefail
cd "$(dirname "$0")"
command -v dotnet >/dev/null || { echo "Bourse needs the .NET 10 SDK (dotnet) on PATH." >&2; exit 1; }
# The build also builds the browser client (web/owa) with npm.
command -v npm >/dev/null || { echo "Bourse's browser client is built with Node.js and npm; install them (e.g. apt-get install nodejs npm)." >&2; exit 1; }
# dotnet run starts the program in the project's folder, so name the data directory explicitly: ./data (or $BOURSE_DATA).
exec dotnet run --project src/Bourse.Server -c Release -- serve --demo --data "${BOURSE_DATA:-$PWD/data}" "$@"
