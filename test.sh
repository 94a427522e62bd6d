#!/usr/bin/env bash
# Runs the whole Bourse test suite: installs what it needs, builds, runs every test project,
# and ends with one line "N passed, N failed[, N skipped]".
set -uo pipefail
cd "$(dirname "$0")"
root=$(pwd)

# --- set-up: tools the tests drive (installed only when missing) -------------------------------
need_apt=()
command -v sqlite3 >/dev/null 2>&1 || need_apt+=(sqlite3)
command -v curl >/dev/null 2>&1 || need_apt+=(curl)
command -v swaks >/dev/null 2>&1 || need_apt+=(swaks)
command -v xml2wbxml >/dev/null 2>&1 || need_apt+=(libwbxml2-utils)
# Debian's exchangelib (and requests-ntlm, its dependency) run under /usr/bin/python3.
dpkg -s python3-exchangelib >/dev/null 2>&1 || need_apt+=(python3-exchangelib)
dpkg -s python3-requests-ntlm >/dev/null 2>&1 || need_apt+=(python3-requests-ntlm)
# Outlook on the web's end-to-end tests drive Debian's chromium through npm playwright-core.
[ -x /usr/bin/chromium ] || need_apt+=(chromium)
if [ ${#need_apt[@]} -gt 0 ] && [ "$(id -u)" = 0 ]; then
  apt-get update -qq >/dev/null 2>&1 || true
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need_apt[@]}" >/dev/null 2>&1 || echo "warning: could not install ${need_apt[*]}"
fi

# npm packages the conformance tests drive (ews-javascript-api …), from each package-lock.json.
for js in tests/*/js; do
  [ -f "$js/package-lock.json" ] || continue
  if [ ! -d "$js/node_modules" ] || [ "$js/package-lock.json" -nt "$js/node_modules/.package-lock.json" ]; then
    (cd "$js" && npm ci --no-audit --no-fund --loglevel=error >/dev/null 2>&1) || echo "warning: npm ci failed in $js"
  fi
done

results="$root/artifacts/test-results"
rm -rf "$results"; mkdir -p "$results"

echo "== restore and build"
if ! dotnet build Bourse.slnx -c Release -nologo -v q 2>&1 | tail -20; then :; fi
if [ "${PIPESTATUS[0]}" != 0 ]; then echo "build failed"; echo "0 passed, 1 failed"; exit 1; fi

echo "== tests"
dotnet test Bourse.slnx -c Release --no-build -nologo \
  --logger "trx" --results-directory "$results" -- RunConfiguration.TreatNoTestsAsError=false 2>&1 \
  | grep -v -E '^\s*$' | tail -n 200
rc=${PIPESTATUS[0]}

# The browser client's own unit tests (Vitest; its node_modules were installed by the build above).
echo "== web/owa unit tests"
web_passed=0; web_failed=0; web_skipped=0
if [ -d web/owa/node_modules ]; then
  (cd web/owa && npx vitest run --reporter=default --reporter=junit --outputFile.junit="$results/web-owa.junit.xml" 2>&1 | tail -n 15)
  if [ -f "$results/web-owa.junit.xml" ]; then
    head=$(grep -o '<testsuites [^>]*>' "$results/web-owa.junit.xml" | head -1)
    t=$(sed -n 's/.* tests="\([0-9]*\)".*/\1/p' <<<"$head"); t=${t:-0}
    fl=$(sed -n 's/.* failures="\([0-9]*\)".*/\1/p' <<<"$head"); fl=${fl:-0}
    er=$(sed -n 's/.* errors="\([0-9]*\)".*/\1/p' <<<"$head"); er=${er:-0}
    web_skipped=$(grep -c '<skipped' "$results/web-owa.junit.xml" || true)
    web_failed=$((fl + er)); web_passed=$((t - web_failed - web_skipped))
  else
    echo "web/owa unit tests did not report"; web_failed=1
  fi
else
  echo "web/owa/node_modules is missing (the build installs it)"; web_failed=1
fi

passed=$web_passed; failed=$web_failed; skipped=$web_skipped
for f in "$results"/*.trx; do
  [ -f "$f" ] || continue
  line=$(grep -o '<Counters [^>]*>' "$f" | head -1)
  p=$(sed -n 's/.* passed="\([0-9]*\)".*/\1/p' <<<"$line"); p=${p:-0}
  fl=$(sed -n 's/.* failed="\([0-9]*\)".*/\1/p' <<<"$line"); fl=${fl:-0}
  t=$(sed -n 's/.* total="\([0-9]*\)".*/\1/p' <<<"$line"); t=${t:-0}
  ex=$(sed -n 's/.* executed="\([0-9]*\)".*/\1/p' <<<"$line"); ex=${ex:-0}
  passed=$((passed + p)); failed=$((failed + fl)); skipped=$((skipped + t - ex))
done
if [ "$rc" != 0 ] && [ "$failed" = 0 ]; then failed=1; echo "test run exited with $rc"; fi
if [ "$skipped" -gt 0 ]; then echo "$passed passed, $failed failed, $skipped skipped"; else echo "$passed passed, $failed failed"; fi
[ "$failed" = 0 ] && [ "$passed" -gt 0 ]
