#!/usr/bin/env bash
# CI step: build the example site and judge it with the project's own checks,
#   tests/browser/validate.sh  Nu Html Checker: HTML (and CSS, SVG) errors
#   tests/browser/a11y.mjs     axe-core (WCAG 2.1 A/AA) in headless Chromium on
#                              every page, console errors, failed requests,
#                              horizontal overflow at 1280 and 390 px
#   tests/browser/focus.mjs    every focusable element of each page type, reached
#                              with Tab at 1280 and 390 px: a focus ring of at
#                              least 3:1 against what is behind it
#   tests/browser/print.mjs    every plan page and one page of each other type
#                              printed to PDF (Letter, A4): header rows printed,
#                              no caption or header row alone at a sheet's foot
# and three checks of behaviour: live reload (tests/browser/live_reload.mjs), the
# plan listing's filter on a paged listing (tests/browser/plan_filter.mjs), and
# the site built with relative_urls opened from its folder (tests/browser/file_url.mjs),
# after tests/browser/selftest.sh has shown that validate.sh, a11y.mjs,
# focus.mjs and print.mjs pass a clean fixture site and fail a broken one.
# Idempotent; needs root (or sudo) only to apt-get what is missing: Debian's
# chromium, poppler-utils (pdftotext, for print.mjs), and a Java runtime when
# `java` (17 or newer) is missing. The npm
# packages are installed from tests/browser/package-lock.json with scripts off
# (vnu-jar's postinstall would download a JRE). Exit 0 when every check passes,
# 1 when any found problems, 2 when a check could not run.
# KEEP_SITE=1 keeps the built site and prints where it is.
set -euo pipefail
cd "$(dirname "$0")/.."
export DEBIAN_FRONTEND=noninteractive
exec </dev/null

T0=$(date +%s)
step_start=$T0
step() { # step NAME: print the time the previous step took, start a new one
  local now; now=$(date +%s)
  [ -z "${STEP:-}" ] || echo "[site-checks] ${STEP}: $((now - step_start)) s"
  STEP="$1"; step_start=$now
  [ -z "$1" ] || echo "[site-checks] == $1"
}

step "install tools"
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"
java_ok() {
  command -v java >/dev/null 2>&1 || return 1
  local v
  v=$(java -version 2>&1 | sed -n 's/.*version "\([0-9]*\).*/\1/p' | head -n1)
  [ -n "$v" ] && [ "$v" -ge 17 ]
}
APT=()
[ -x /usr/bin/chromium ] || APT+=(chromium)
command -v pdftotext >/dev/null 2>&1 || APT+=(poppler-utils)
java_ok || APT+=(default-jre-headless)
if [ ${#APT[@]} -gt 0 ]; then
  echo "[site-checks] apt-get install ${APT[*]}"
  $SUDO apt-get update -q
  $SUDO apt-get install -y -q --no-install-recommends "${APT[@]}"
fi
java_ok || { echo "[site-checks] java 17 or newer is needed by vnu.jar" >&2; exit 2; }
command -v node >/dev/null || { echo "[site-checks] node (20 or newer) is needed" >&2; exit 2; }
(cd tests/browser && npm ci --ignore-scripts --no-audit --no-fund --loglevel=error)

step "self-test of the checks (tests/browser/fixtures)"
if ! bash tests/browser/selftest.sh; then
  echo "[site-checks] the checks themselves misbehave on their fixtures: not judging the site with them" >&2
  exit 2
fi

step "build the example site"
TMP="$(mktemp -d "${TMPDIR:-/tmp}/planpress-site-checks.XXXXXX")"
if [ -n "${KEEP_SITE:-}" ]; then
  trap 'echo "[site-checks] site kept in $TMP/public"' EXIT
else
  trap 'rm -rf "$TMP"' EXIT
fi
OUT="$TMP/public"
if ! cargo run --release --quiet -- build --as-of 2026-11-22 --output "$OUT"; then
  echo "[site-checks] the example site did not build: nothing to check" >&2
  exit 1
fi

step "validate (Nu Html Checker)"
set +e
bash tests/browser/validate.sh "$OUT"
HTML_RC=$?

step "accessibility (axe-core in Chromium)"
node tests/browser/a11y.mjs "$OUT"
A11Y_RC=$?

step "focus rings (Tab through each page type in Chromium)"
node tests/browser/focus.mjs "$OUT"
FOCUS_RC=$?

step "print (PDF in Chromium, read back with pdftotext)"
node tests/browser/print.mjs "$OUT"
PRINT_RC=$?

step "live reload (planpress serve, an edit, Chromium)"
node tests/browser/live_reload.mjs target/release/planpress .
LIVE_RC=$?

step "plan filter on a paged listing (two small sites, Chromium)"
node tests/browser/plan_filter.mjs target/release/planpress
FILTER_RC=$?

step "opened from a folder (relative_urls: true, file:// in Chromium)"
{ cat planpress.yaml; echo "relative_urls: true"; } > "$TMP/relative.yaml"
if cargo run --release --quiet -- build --as-of 2026-11-22 --config "$TMP/relative.yaml" --output "$TMP/relative"; then
  node tests/browser/file_url.mjs "$TMP/relative"
  FILE_RC=$?
else
  echo "[site-checks] the example site did not build with relative_urls" >&2
  FILE_RC=1
fi
set -e
step ""

echo "[site-checks] total: $(( $(date +%s) - T0 )) s; validate exit $HTML_RC, a11y exit $A11Y_RC, focus exit $FOCUS_RC, print exit $PRINT_RC, live reload exit $LIVE_RC, plan filter exit $FILTER_RC, file:// exit $FILE_RC"
worst=0
for rc in $HTML_RC $A11Y_RC $FOCUS_RC $PRINT_RC $LIVE_RC $FILTER_RC $FILE_RC; do
  if [ "$rc" -ge 2 ]; then worst=2; elif [ "$rc" -ne 0 ] && [ $worst -eq 0 ]; then worst=1; fi
done
exit $worst
