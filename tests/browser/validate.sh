#!/usr/bin/env bash
# validate.sh — check a built planpress site with the Nu Html Checker (vnu.jar,
# the engine of validator.w3.org/nu), errors only.
#
#   usage: tests/browser/validate.sh [--no-css] [--no-svg] SITE_DIR
#
# Checks every .html/.htm file under SITE_DIR as HTML, every .css file as CSS
# and every .svg file as SVG (each kind in its own pass: vnu's --also-check-css
# shifts HTML line numbers, and its --skip-non-css/--skip-non-svg do not skip
# when given a folder, so CSS and SVG files are passed by name). Prints each
# error as FILE:LINE.COLUMN: MESSAGE, the most frequent messages, and a summary
# line per kind, HTML last (a few messages about valid CSS that vnu's CSS
# checker does not know yet, container queries, are listed as ignored):
#   css: N files, E errors
#   svg: N files, E errors
#   html: N files, E errors
# Exit 0 when there are no errors, 1 when there are, 2 when the check could not
# run (no java, no vnu.jar: run `npm ci --ignore-scripts` here; not a folder).
set -uo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
VNU_JAR="${VNU_JAR:-$HERE/node_modules/vnu-jar/build/dist/vnu.jar}"

CSS=1
SVG=1
SITE=""
while [ $# -gt 0 ]; do
  case "$1" in
    --no-css) CSS=""; shift ;;
    --no-svg) SVG=""; shift ;;
    -h|--help) sed -n '2,/^set /{/^#/s/^# \{0,1\}//p}' "$0"; exit 0 ;;
    -*) echo "validate: unknown option $1" >&2; exit 2 ;;
    *) [ -z "$SITE" ] || { echo "validate: extra argument $1" >&2; exit 2; }; SITE="$1"; shift ;;
  esac
done
fail() { echo "validate: $*" >&2; echo "html: could not run"; exit 2; }
[ -n "$SITE" ] || fail "usage: validate.sh [--no-css] [--no-svg] SITE_DIR"
[ -d "$SITE" ] || fail "not a folder: $SITE"
command -v java >/dev/null || fail "java not found (apt-get install default-jre-headless)"
command -v node >/dev/null || fail "node not found"
[ -f "$VNU_JAR" ] || fail "$VNU_JAR missing: run 'npm ci --ignore-scripts' in $HERE"
SITE="$(cd "$SITE" && pwd -P)"

WORK="$(mktemp -d "${TMPDIR:-/tmp}/planpress-validate.XXXXXX")"
trap 'rm -rf "$WORK"' EXIT

list() { # list KIND PATTERN...: NUL-separated file list, dot-folders skipped
  local kind="$1"; shift
  find "$SITE" -name '.*' ! -path "$SITE" -prune -o -type f \( "$@" \) -print0 | sort -z > "$WORK/$kind.files"
}
list html -iname '*.html' -o -iname '*.htm'
list css -iname '*.css'
list svg -iname '*.svg'
count() { tr -cd '\0' < "$WORK/$1.files" | wc -c; }
[ "$(count html)" -gt 0 ] || fail "no .html files under $SITE"

# --no-langdetect: language detection only gives warnings, and loading its
# profiles costs seconds per JVM. Chunks of 500 files keep command lines short.
vnu() { # vnu KIND MODE-FLAG: one JSON report per chunk, as KIND.N.json
  KIND="$1" MODE="$2" WORK="$WORK" VNU_JAR="$VNU_JAR" xargs -0 -r -n 500 sh -c '
    n=$(ls "$WORK" | grep -c "^$KIND\..*\.json$")
    out="$WORK/$KIND.$n.json"
    java -Xss2m -jar "$VNU_JAR" --errors-only --no-langdetect $MODE --format json --stdout \
      --exit-zero-always "$@" > "$out" 2> "$out.err" || { echo "vnu exited $?" >> "$out.err"; exit 255; }
  ' vnu < "$WORK/$1.files"
}
START=$(date +%s)
pids=()
vnu html --html & pids+=($!)
if [ -n "$CSS" ]; then vnu css --css & pids+=($!); else : > "$WORK/css.files"; fi
if [ -n "$SVG" ]; then vnu svg --svg & pids+=($!); else : > "$WORK/svg.files"; fi
VRC=0
for p in "${pids[@]}"; do wait "$p" || VRC=1; done
echo "Nu Html Checker $(java -jar "$VNU_JAR" --version 2>/dev/null) on $SITE: $(count html) HTML," \
  "$(count css) CSS, $(count svg) SVG files in $(( $(date +%s) - START )) s"

SITE="$SITE" WORK="$WORK" VRC="$VRC" CSS="$CSS" SVG="$SVG" node - <<'JS'
const fs = require('node:fs');
const path = require('node:path');
const { fileURLToPath } = require('node:url');
const { SITE, WORK, VRC } = process.env;

const files = (kind) => fs.readFileSync(path.join(WORK, `${kind}.files`), 'utf8').split('\0').filter(Boolean);
const rel = (url) => {
  try { return path.relative(SITE, fs.realpathSync(fileURLToPath(url))); } catch { return url || '?'; }
};
let broken = VRC !== '0';
const kinds = ['css', 'svg', 'html'].filter((k) => k === 'html' || process.env[k.toUpperCase()]);
const byKind = {};
for (const kind of kinds) {
  byKind[kind] = [];
  const reports = fs.readdirSync(WORK).filter((f) => f.startsWith(kind + '.') && f.endsWith('.json'));
  if (files(kind).length && !reports.length) broken = true;
  for (const f of reports) {
    try {
      byKind[kind].push(...JSON.parse(fs.readFileSync(path.join(WORK, f), 'utf8')).messages);
    } catch (e) {
      broken = true;
      const err = fs.existsSync(path.join(WORK, f + '.err')) ? fs.readFileSync(path.join(WORK, f + '.err'), 'utf8') : '';
      console.error(`validate: unreadable vnu report for ${kind}: ${e.message}\n${err.slice(0, 2000)}`);
    }
  }
}
if (broken) {
  for (const f of fs.readdirSync(WORK).filter((f) => f.endsWith('.err'))) {
    process.stderr.write(fs.readFileSync(path.join(WORK, f), 'utf8').slice(0, 2000));
  }
  console.log('html: could not run');
  process.exit(2);
}

// Valid CSS that the CSS checker inside vnu 26.9.27 does not know yet, so it
// calls it an error: container queries (CSS Containment Module Level 3, in
// every current browser). Matched narrowly, on the message and on the text it
// points at; counted and shown as "ignored", never as errors. Add to this
// list only what a spec defines and the checker lags behind on.
const CHECKER_GAPS = [
  { why: 'container queries', message: /^CSS: “(container|container-type|container-name)”: Property “\1” doesn't exist\.$/ },
  { why: 'container query units', message: /^CSS: “[a-z-]+”: Unknown dimension\.$/, hilite: /^[-+]?(\d+\.?\d*|\.\d+)(cqw|cqh|cqi|cqb|cqmin|cqmax)$/i },
  { why: 'container queries', message: /^CSS: Unrecognized at-rule “@container”$/ },
];
const gapOf = (m) => {
  const hl = m.extract && m.hiliteLength ? m.extract.substr(m.hiliteStart, m.hiliteLength).trim() : '';
  return CHECKER_GAPS.find((g) => g.message.test(m.message || '') && (!g.hilite || g.hilite.test(hl)));
};

const summary = [];
let total = 0;
const frequent = new Map();
for (const kind of kinds) {
  const all = byKind[kind].filter((m) => m.type === 'error' || m.type === 'non-document-error')
    .map((m) => ({ ...m, file: rel(m.url), line: m.lastLine ?? m.firstLine ?? 0, col: m.firstColumn ?? m.lastColumn ?? 0 }))
    .sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : a.line - b.line || a.col - b.col));
  const ignored = all.filter(gapOf);
  const errors = all.filter((m) => !gapOf(m));
  if (ignored.length) {
    console.log(`\n${kind}: ignored, valid CSS that vnu's CSS checker does not know:`);
    for (const m of ignored) console.log(`${m.file}:${m.line}.${m.col}: [${gapOf(m).why}] ${m.message}`);
  }
  if (errors.length) console.log(`\n${kind} errors:`);
  for (const m of errors) {
    const sub = m.subType ? ` (${m.subType})` : m.type !== 'error' ? ` (${m.type})` : '';
    console.log(`${m.file}:${m.line}.${m.col}:${sub} ${m.message}`);
    if (m.extract) {
      const ex = m.extract.replace(/\s+/g, ' ').trim();
      if (ex) console.log(`    | ${ex.slice(0, 160)}`);
    }
    const key = `${kind}: ${m.message}`;
    const e = frequent.get(key) || { n: 0, files: new Set(), first: `${m.file}:${m.line}` };
    e.n++; e.files.add(m.file);
    frequent.set(key, e);
  }
  const nfiles = files(kind).length;
  summary.push(`${kind}: ${nfiles} files, ${errors.length} errors`
    + (errors.length ? ` in ${new Set(errors.map((m) => m.file)).size} files` : '')
    + (ignored.length ? ` (${ignored.length} ignored: checker gaps)` : ''));
  total += errors.length;
}
if (frequent.size) {
  console.log('\nmost frequent (errors, files, first seen, message):');
  const top = [...frequent.entries()].sort((a, b) => b[1].n - a[1].n).slice(0, 20);
  for (const [msg, e] of top) {
    console.log(`${String(e.n).padStart(6)} ${String(e.files.size).padStart(5)}  ${e.first}  ${msg.slice(0, 200)}`);
  }
}
console.log('');
for (const s of summary) console.log(s);
process.exit(total > 0 ? 1 : 0);
JS
