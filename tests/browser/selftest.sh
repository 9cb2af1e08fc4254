#!/usr/bin/env bash
# selftest.sh — prove that validate.sh, a11y.mjs, focus.mjs and print.mjs pass a clean site and fail
# a broken one, with the exact counts the fixtures were made to produce, so a
# checker that silently stops checking (a changed jar, a browser that no
# longer runs axe) cannot pass the real site by accident.
#   fixtures/good: valid, accessible pages with visible focus rings, a table
#                  that prints whole, and container-query CSS that validate.sh
#                  must ignore
#   fixtures/bad:  the problems named in comments in its pages and files
# Exit 0 when every expectation holds, 1 otherwise.
set -uo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
FX="$HERE/fixtures"
LOG="$(mktemp -d "${TMPDIR:-/tmp}/planpress-selftest.XXXXXX")"
trap 'rm -rf "$LOG"' EXIT
passed=0
failed=0
expect() { # expect NAME WANT_RC LOGFILE RC LINE...
  local name="$1" want="$2" log="$3" rc="$4"; shift 4
  local ok=1 line
  [ "$rc" -eq "$want" ] || { echo "selftest: $name exited $rc, expected $want"; ok=""; }
  for line in "$@"; do
    grep -qxF -- "$line" "$log" || { echo "selftest: $name did not print: $line"; ok=""; }
  done
  if [ -n "$ok" ]; then passed=$((passed + 1)); echo "selftest: ok  $name"
  else failed=$((failed + 1)); echo "--- $name output:"; cat "$log"; echo "---"; fi
}

bash "$HERE/validate.sh" "$FX/good" > "$LOG/v-good" 2>&1
expect "validate good" 0 "$LOG/v-good" $? \
  "css: 1 files, 0 errors (2 ignored: checker gaps)" "svg: 2 files, 0 errors" "html: 5 files, 0 errors"
bash "$HERE/validate.sh" "$FX/bad" > "$LOG/v-bad" 2>&1
expect "validate bad" 1 "$LOG/v-bad" $? \
  "css: 2 files, 2 errors in 1 files (2 ignored: checker gaps)" "svg: 3 files, 3 errors in 1 files" \
  "html: 7 files, 3 errors in 1 files"
node "$HERE/a11y.mjs" "$FX/good" > "$LOG/a-good" 2>&1
expect "a11y good" 0 "$LOG/a-good" $? \
  "a11y: 5 pages, 0 violations, 0 console errors, 0 failed requests, 0 overflows"
node "$HERE/a11y.mjs" "$FX/bad" > "$LOG/a-bad" 2>&1
expect "a11y bad" 1 "$LOG/a-bad" $? \
  "a11y: 7 pages, 3 violations, 1 console errors, 2 failed requests, 3 overflows" \
  "  [critical] image-alt: Images must have alternative text — 1 node(s) on 1 page(s)" \
  "  HTTP 404: /static/missing.css" \
  "  external request (blocked): https://example.invalid/x.css" \
  "  /sub/noviewport.html at 390 px: no <meta name=\"viewport\">"
node "$HERE/focus.mjs" "$FX/good" > "$LOG/f-good" 2>&1
expect "focus good" 0 "$LOG/f-good" $? \
  "focus: 5 pages, 28 focus stops, 0 failures"
node "$HERE/focus.mjs" "$FX/bad" > "$LOG/f-bad" 2>&1
expect "focus bad" 1 "$LOG/f-bad" $? \
  "focus: 7 pages, 28 focus stops, 10 failures" \
  "/focus.html at 1280 px: header.fx-head > nav.fx-nav > a[href=\"/sub/\"]: ring rgb(255, 255, 255) on rgb(255, 255, 255): 1.00:1, under 3:1" \
  "/focus.html at 390 px: main#main > div.fx-box > a[href=\"/sub/\"]: ring rgb(36, 145, 255) on rgb(240, 240, 240): 2.81:1, under 3:1" \
  "/focus.html at 390 px: main#main > div.fx-box > button: no focus ring (outline: none 3px)" \
  "/focus.html at 1280 px: body.fx > footer.fx-box > a[href=\"/\"]: ring rgb(36, 145, 255) on rgb(240, 240, 240): 2.81:1, under 3:1"
node "$HERE/print.mjs" "$FX/good" > "$LOG/p-good" 2>&1
expect "print good" 0 "$LOG/p-good" $? \
  "print: 5 pages, 12 sheets, 0 failures"
node "$HERE/print.mjs" "$FX/bad" > "$LOG/p-bad" 2>&1
expect "print bad" 1 "$LOG/p-bad" $? \
  "print: 7 pages, 16 sheets, 4 failures" \
  "/table.html on Letter: table 1: header row “Step Who” not printed" \
  "/table.html on A4: table 1: sheet 1 of 2 ends with its caption, its first row is on the next"

echo "selftest: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
