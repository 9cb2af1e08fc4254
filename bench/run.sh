#!/usr/bin/env bash
# planpress's benchmark: full, no-change and one-change builds of generated corpora, timed
# with GNU time, optionally side by side with Hugo and with serve's watch latency.
# See bench/README.md.
set -euo pipefail

usage() {
    cat <<'EOF'
usage: bash bench/run.sh [--sizes 1000,10000] [--runs 5] [--hugo] [--watch] [--out PATH]
                         [--edits 20] [--timeout 900] [--bin PATH]

  --sizes N,N   corpus sizes in plans (default 1000,10000)
  --runs R      runs of each measure; the report shows the median (default 5)
  --hugo        also build the same corpus with Hugo (installs Debian's hugo if missing)
  --watch       also measure serve's edit latency on the largest size
  --out PATH    the report: a .md file, or a folder that gets latest.md
                (default bench/results/latest.md)
  --edits E     edits for --watch (default 20)
  --timeout S   limit for any one build or step, in seconds (default 900)
  --bin PATH    measure this planpress binary instead of building target/release/planpress
EOF
}

die() { printf 'bench: error: %s\n' "$*" >&"${ERR_FD:-2}"; exit 1; }

SIZES="1000,10000"
RUNS=5
HUGO=0
WATCH=0
OUT=""
EDITS=20
TIMEOUT=900
BIN_ARG=""
AS_OF="2026-11-22"
ARGS=("$@")

while [ $# -gt 0 ]; do
    case "$1" in
        --sizes) [ $# -ge 2 ] || die "--sizes needs a value"; SIZES=$2; shift 2 ;;
        --sizes=*) SIZES=${1#*=}; shift ;;
        --runs) [ $# -ge 2 ] || die "--runs needs a value"; RUNS=$2; shift 2 ;;
        --runs=*) RUNS=${1#*=}; shift ;;
        --out) [ $# -ge 2 ] || die "--out needs a value"; OUT=$2; shift 2 ;;
        --out=*) OUT=${1#*=}; shift ;;
        --edits) [ $# -ge 2 ] || die "--edits needs a value"; EDITS=$2; shift 2 ;;
        --edits=*) EDITS=${1#*=}; shift ;;
        --timeout) [ $# -ge 2 ] || die "--timeout needs a value"; TIMEOUT=$2; shift 2 ;;
        --timeout=*) TIMEOUT=${1#*=}; shift ;;
        --bin) [ $# -ge 2 ] || die "--bin needs a value"; BIN_ARG=$2; shift 2 ;;
        --bin=*) BIN_ARG=${1#*=}; shift ;;
        --hugo) HUGO=1; shift ;;
        --watch) WATCH=1; shift ;;
        -h|--help) usage; exit 0 ;;
        *) usage >&2; die "unknown argument: $1" ;;
    esac
done

is_count() { [[ $1 =~ ^[0-9]+$ ]] && [ "$1" -ge 1 ]; }
is_count "$RUNS" || die "--runs must be a whole number ≥ 1, not '$RUNS'"
is_count "$EDITS" || die "--edits must be a whole number ≥ 1, not '$EDITS'"
is_count "$TIMEOUT" || die "--timeout must be a whole number of seconds, not '$TIMEOUT'"
IFS=, read -ra SIZE_LIST <<<"$SIZES"
[ ${#SIZE_LIST[@]} -ge 1 ] || die "--sizes is empty"
for n in "${SIZE_LIST[@]}"; do
    is_count "$n" || die "--sizes takes whole numbers ≥ 1 separated by commas, not '$SIZES'"
    [ "$n" -gt "$RUNS" ] || die "a size ($n) must be larger than --runs ($RUNS): each one-change run edits another plan"
done
mapfile -t SIZE_LIST < <(printf '%s\n' "${SIZE_LIST[@]}" | sort -n -u)
LARGEST=${SIZE_LIST[${#SIZE_LIST[@]}-1]}

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO=$(cd "$HERE/.." && pwd)
TOOLS="$REPO/../shared/tools"
GEN="$TOOLS/gen_corpus.py"
WATCH_LATENCY="$TOOLS/watch_latency.py"
[ -f "$GEN" ] || die "the corpus generator is missing: expected $GEN (../shared/tools/gen_corpus.py next to the repository)"
if [ "$WATCH" = 1 ] && [ ! -f "$WATCH_LATENCY" ]; then
    die "--watch needs $WATCH_LATENCY (../shared/tools/watch_latency.py next to the repository)"
fi
command -v python3 >/dev/null || die "python3 is needed (for the corpus generator and the helpers)"
command -v timeout >/dev/null || die "timeout (coreutils) is needed"

if [ -z "$OUT" ]; then
    OUT_FILE="$HERE/results/latest.md"
elif [[ $OUT == *.md ]] && [ ! -d "$OUT" ]; then
    OUT_FILE=$OUT
else
    OUT_FILE="${OUT%/}/latest.md"
fi
mkdir -p "$(dirname "$OUT_FILE")" || die "cannot create the folder of $OUT_FILE"
OUT_FILE="$(cd "$(dirname "$OUT_FILE")" && pwd)/$(basename "$OUT_FILE")"

START=$SECONDS
# Progress goes to the script's standard error, kept as fd 3: a trap that runs while a
# command's output is redirected to a log file must still reach the terminal.
exec 3>&2
ERR_FD=3
log() { printf '[%3dm%02ds] %s\n' $(((SECONDS - START) / 60)) $(((SECONDS - START) % 60)) "$*" >&3; }

# ---------------------------------------------------------------- work folder, clean-up

if [ -d /dev/shm ] && [ -w /dev/shm ]; then
    WORK=$(mktemp -d /dev/shm/planpress-bench.XXXXXX)
else
    WORK=$(mktemp -d "${TMPDIR:-/tmp}/planpress-bench.XXXXXX")
fi
RES="$WORK/results"
LOGS="$WORK/logs"
mkdir -p "$RES" "$LOGS"
: >"$RES/runs.tsv"
: >"$RES/notes.txt"
CHILD=""
BIN="$WORK/bin/planpress"

cleanup() {
    local rc=$?
    trap - EXIT INT TERM
    if [ -n "$CHILD" ] && kill -0 "$CHILD" 2>/dev/null; then
        kill -TERM "$CHILD" 2>/dev/null || true
        wait "$CHILD" 2>/dev/null || true
    fi
    # A server started by ../shared/tools/watch_latency.py outlives it when that script is
    # killed: stop any process still running this run's own copy of the binary (by pid).
    local exe pid
    for exe in /proc/[0-9]*/exe; do
        [ "$(readlink "$exe" 2>/dev/null)" = "$BIN" ] || continue
        pid=${exe#/proc/}; pid=${pid%/exe}
        kill -TERM "$pid" 2>/dev/null || true
    done
    rm -rf "$WORK"
    exit "$rc"
}
trap cleanup EXIT
trap 'log "interrupted"; exit 130' INT TERM

# Runs a command in the background and waits, so an interrupt is handled at once (the
# clean-up stops the command).
run_child() {
    local rc=0
    "$@" &
    CHILD=$!
    wait "$CHILD" || rc=$?
    CHILD=""
    return "$rc"
}

note() {
    printf '%s\n' "$*" >>"$RES/notes.txt"
    log "WARNING: $*"
}
FAILED=0

apt_install() {
    local sudo=()
    if [ "$(id -u)" != 0 ]; then
        if command -v sudo >/dev/null && sudo -n true 2>/dev/null; then
            sudo=(sudo -n)
        else
            return 1
        fi
    fi
    local apt=("${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get)
    "${apt[@]}" install -y -q "$@" </dev/null >>"$LOGS/apt.log" 2>&1 && return 0
    "${apt[@]}" update -q </dev/null >>"$LOGS/apt.log" 2>&1 || true
    "${apt[@]}" install -y -q "$@" </dev/null >>"$LOGS/apt.log" 2>&1
}

if [ ! -x /usr/bin/time ]; then
    log "installing GNU time (apt-get install -y time)"
    apt_install time || die "/usr/bin/time is missing and 'apt-get install -y time' failed: $(tail -n 3 "$LOGS/apt.log" 2>/dev/null)"
fi

# ---------------------------------------------------------------- the binary

mkdir -p "$WORK/bin"
if [ -n "$BIN_ARG" ]; then
    [ -f "$BIN_ARG" ] && [ -x "$BIN_ARG" ] || die "--bin $BIN_ARG is not an executable file"
    BIN_ARG="$(cd "$(dirname "$BIN_ARG")" && pwd)/$(basename "$BIN_ARG")"
    SRC_BIN=$BIN_ARG
    log "using $BIN_ARG (not building)"
else
    command -v cargo >/dev/null || die "cargo is needed to build the release binary (or pass --bin PATH)"
    log "building the release binary (cargo build --release)"
    cd "$REPO"
    if ! run_child timeout "$TIMEOUT" cargo build --release >"$LOGS/cargo.log" 2>&1; then
        tail -n 30 "$LOGS/cargo.log" >&2
        die "cargo build --release failed (above); if someone is in the middle of an edit, retry in a minute"
    fi
    SRC_BIN="$REPO/target/release/planpress"
    [ -x "$SRC_BIN" ] || die "cargo build --release left no $SRC_BIN"
fi
# A copy: target/ is shared, and a rebuild in the middle of a run would mix two binaries.
cp "$SRC_BIN" "$BIN"
PP_VERSION=$("$BIN" --version 2>/dev/null || echo "planpress (unknown version)")

HUGO_BIN=""
if [ "$HUGO" = 1 ]; then
    if command -v hugo >/dev/null; then
        HUGO_BIN=$(command -v hugo)
    else
        log "hugo is not installed: apt-get install -y hugo"
        if apt_install hugo && command -v hugo >/dev/null; then
            HUGO_BIN=$(command -v hugo)
        else
            note "Hugo not measured: 'apt-get install -y hugo' failed ($(tail -n 1 "$LOGS/apt.log" 2>/dev/null))"
        fi
    fi
fi
HUGO_VERSION=""
[ -n "$HUGO_BIN" ] && HUGO_VERSION=$("$HUGO_BIN" version 2>/dev/null | head -n 1)

# ---------------------------------------------------------------- meta

meta() { printf '%s\t%s\n' "$1" "$2" >>"$RES/meta.tsv"; }
CPU_MODEL=$(grep -m1 'model name' /proc/cpuinfo 2>/dev/null | cut -d: -f2- | sed 's/^ *//' || true)
MEM_GB=$(awk '/MemTotal/ {printf "%.1f GB", $2 * 1024 / 1e9}' /proc/meminfo 2>/dev/null || true)
meta "command" "\`bash bench/run.sh ${ARGS[*]}\`"
meta "date" "$(date -u '+%Y-%m-%d %H:%M UTC')"
meta "machine" "$(nproc) cores${CPU_MODEL:+ ($CPU_MODEL)}, ${MEM_GB:-? GB} RAM, load average at start $(cut -d' ' -f1-3 /proc/loadavg)"
# How fast the kernel takes new pages into the work folder's file system, where every build
# writes its output. On a virtual machine whose host takes back memory while it lies free,
# new pages cost several times more, and every build's system time with them: this line tells
# such a moment from a slow build.
PROBE=$( { /usr/bin/time -f '%e %S' dd if=/dev/zero of="$WORK/probe" bs=1M count=1000 status=none; } 2>&1 | tail -n 1 || true)
rm -f "$WORK/probe"
if [[ $PROBE =~ ^[0-9.]+\ [0-9.]+$ ]]; then
    meta "file system write speed" "1,000 MB of zeros into the work folder at the start: ${PROBE% *} s wall, ${PROBE#* } s system time (about 0.35 s on a quiet machine; several times that when the host has taken free memory back)"
else
    note "the file system write probe failed: $PROBE"
fi
# Files in tmpfs are held in memory, including any that other work left there. When the
# corpus, the output and the build's own peak do not fit in what is available, the kernel
# reclaims memory all through the build (a 100,000-plan build's system time doubled), or
# kills it. Per plan: about 14 KB of corpus, 90 KB of output and 19 KB of peak, and with
# --hugo about 30 KB more for Hugo's corpus and output.
MOUNT=$(df -P "$WORK" | awk 'NR==2 {print $6}')
NEED_KB=$((LARGEST * (125 + 30 * HUGO)))
AVAIL_KB=$(awk '/MemAvailable/ {print $2}' /proc/meminfo 2>/dev/null || true)
if [[ $AVAIL_KB =~ ^[0-9]+$ ]]; then
    gb() { awk -v kb="$1" 'BEGIN {printf "%.1f GB", kb * 1024 / 1e9}'; }
    meta "memory at start" "$(gb "$AVAIL_KB") available; the largest size needs about $(gb "$NEED_KB") (corpus, output and peak)"
    if [ "$AVAIL_KB" -lt "$NEED_KB" ]; then
        note "only $(gb "$AVAIL_KB") of memory was available at the start, and $LARGEST plans need about $(gb "$NEED_KB"): the kernel reclaims memory through the build, which slows it (\`df -h $MOUNT\`: look for files other work left in $MOUNT)"
    fi
fi
meta "planpress" "$PP_VERSION, $([ -n "$BIN_ARG" ] && echo "$BIN_ARG" || echo "target/release/planpress built by cargo build --release") (modified $(date -u -r "$SRC_BIN" '+%Y-%m-%d %H:%M UTC'))"
if [ "$HUGO" = 1 ]; then meta "Hugo" "${HUGO_VERSION:-not available}"; fi
meta "corpus" "\`../shared/tools/gen_corpus.py --flavor planpress|hugo -n N\` (seed 42), in $(df -P "$WORK" | awk 'NR==2 {print $1}') at $WORK"
meta "timing" "\`/usr/bin/time -f '%e %U %S %M'\`: wall, user and system CPU, peak RSS of the build process; median of $RUNS run(s)"
meta "planpress command" "\`planpress build --root SITE --output OUT --as-of $AS_OF\`, output on the same file system as the corpus"
meta "cold build" "before each full build the output folder and SITE/.planpress-cache (if any) are deleted; the corpus itself is in memory (tmpfs), so no disk reads are timed"
meta "no-change build" "the same command again, output and cache kept"
meta "one-change build" "one plan's body gets one more sentence (another plan each run), then the same command"
if [ "$HUGO" = 1 ]; then meta "Hugo command" "\`hugo --quiet --source SITE --destination OUT\` into an empty OUT, each run right after planpress's full build of the same run number (the two alternate)"; fi

# ---------------------------------------------------------------- measuring

# measure SIZE TOOL MEASURE RUN DETAIL COMMAND...: one timed run, appended to runs.tsv.
# Returns 1 (after a note) when the command fails.
measure() {
    local size=$1 tool=$2 what=$3 run=$4 detail=$5
    shift 5
    local tf="$WORK/time.txt" lf="$LOGS/$tool-$size-$what-$run.log" rc=0
    rm -f "$tf"
    run_child timeout -k 10 "$TIMEOUT" /usr/bin/time -f '%e %U %S %M' -o "$tf" "$@" >"$lf" 2>&1 </dev/null || rc=$?
    if [ "$rc" != 0 ]; then
        local why="exit status $rc"
        [ "$rc" = 124 ] && why="timed out after $TIMEOUT s"
        [ "$rc" -gt 128 ] && [ "$rc" != 124 ] && why="exit status $rc (killed by signal $((rc - 128))?)"
        note "$tool, $size plans, $what run $run failed: $why; last output: $(tail -n 3 "$lf" | tr '\n' ' ' | cut -c1-400)"
        FAILED=1
        return 1
    fi
    local line wall user sys rss said
    line=$(python3 "$HERE/helpers.py" time-line "$tf")
    read -r wall user sys rss <<<"$line"
    # planpress's own one-line report (`built N pages (M files) ... in T ms`, or `OUT is up
    # to date: ...`), without the work folder's path
    said=$(grep -E '^(built|updated|rebuilt) |^/.* is up to date' "$lf" | tail -n 1 \
        | sed -E -e 's# into /[^ ]+##' -e 's#^/[^ ]+ is up to date#output is up to date#' || true)
    [ -n "$said" ] && detail="${detail:+$detail; }${said}"
    printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$size" "$tool" "$what" "$run" \
        "$wall" "$user" "$sys" "$rss" "$detail" >>"$RES/runs.tsv"
    log "  $tool $what, run $run/$RUNS: wall $wall s, CPU $(awk -v u="$user" -v s="$sys" 'BEGIN {printf "%.2f", u + s}') s, peak $((rss * 1024 / 1000000)) MB${detail:+  ($detail)}"
}

plan_file() { printf '%s/content/plans/plan-%05d.md' "$1" "$2"; }

for N in "${SIZE_LIST[@]}"; do
    SITE="$WORK/pp-$N"
    OUTD="$WORK/out-pp-$N"
    log "$N plans: generating the planpress corpus"
    run_child timeout "$TIMEOUT" python3 "$GEN" --flavor planpress -n "$N" --out "$SITE" >"$LOGS/gen-pp-$N.log" 2>&1 \
        || die "gen_corpus.py --flavor planpress -n $N failed: $(tail -n 3 "$LOGS/gen-pp-$N.log")"
    CHECK_SLUG=$(python3 "$HERE/helpers.py" slug "$(plan_file "$SITE" 1)")
    HSITE="$WORK/hugo-$N"
    HOUT="$WORK/out-hugo-$N"
    if [ -n "$HUGO_BIN" ]; then
        log "$N plans: generating the Hugo corpus"
        run_child timeout "$TIMEOUT" python3 "$GEN" --flavor hugo -n "$N" --out "$HSITE" >"$LOGS/gen-hugo-$N.log" 2>&1 \
            || die "gen_corpus.py --flavor hugo -n $N failed: $(tail -n 3 "$LOGS/gen-hugo-$N.log")"
    fi

    # With Hugo, each planpress full build is followed by a Hugo one, so both tools meet the
    # same state of the machine (whose speed drifts over minutes) and the ratio compares
    # like with like.
    log "$N plans: full build into an empty folder, no cache ($RUNS runs${HUGO_BIN:+, each followed by a Hugo full build})"
    for r in $(seq 1 "$RUNS"); do
        rm -rf "$OUTD" "$SITE/.planpress-cache"
        if measure "$N" planpress full "$r" "" "$BIN" build --root "$SITE" --output "$OUTD" --as-of "$AS_OF"; then
            if [ ! -f "$OUTD/index.html" ] || [ ! -f "$OUTD/plans/$CHECK_SLUG/index.html" ]; then
                note "planpress, $N plans, full run $r: exit 0 but no $( [ -f "$OUTD/index.html" ] && echo "plans/$CHECK_SLUG/index.html" || echo index.html) in the output ($(find "$OUTD" -type f 2>/dev/null | wc -l) files)"
            fi
        fi
        if [ -n "$HUGO_BIN" ]; then
            rm -rf "$HOUT"
            if measure "$N" hugo full "$r" "" "$HUGO_BIN" --quiet --source "$HSITE" --destination "$HOUT"; then
                [ -f "$HOUT/plans/plan-00001/index.html" ] \
                    || note "Hugo, $N plans, full run $r: no plans/plan-00001/index.html in the output"
            fi
        fi
    done
    if [ -n "$HUGO_BIN" ]; then
        meta "Hugo output ($N plans)" "$(find "$HOUT" -type f 2>/dev/null | wc -l) files, $(du -sh "$HOUT" 2>/dev/null | cut -f1)"
        rm -rf "$HOUT" "$HSITE"
    fi
    if [ -d "$SITE/.planpress-cache" ]; then
        meta "cache ($N plans)" "planpress wrote SITE/.planpress-cache ($(du -sh "$SITE/.planpress-cache" | cut -f1)); it was deleted before each full build"
    fi
    if [ ! -f "$OUTD/index.html" ]; then
        # the last full build failed: the no-change figures need a built site
        rm -rf "$OUTD"
        run_child timeout "$TIMEOUT" "$BIN" build --root "$SITE" --output "$OUTD" --as-of "$AS_OF" \
            >"$LOGS/setup-$N.log" 2>&1 </dev/null || note "planpress, $N plans: the build before the no-change runs failed too"
    fi

    log "$N plans: rebuild with nothing changed ($RUNS runs)"
    for r in $(seq 1 "$RUNS"); do
        measure "$N" planpress nochange "$r" "" "$BIN" build --root "$SITE" --output "$OUTD" --as-of "$AS_OF" || continue
        [ -f "$OUTD/plans/$CHECK_SLUG/index.html" ] \
            || note "planpress, $N plans, no-change run $r: plans/$CHECK_SLUG/index.html is missing afterwards"
    done

    log "$N plans: rebuild after one plan changed ($RUNS runs)"
    for r in $(seq 1 "$RUNS"); do
        idx=$((N * r / (RUNS + 1)))
        [ "$idx" -ge 1 ] || idx=1
        f=$(plan_file "$SITE" "$idx")
        slug=$(python3 "$HERE/helpers.py" slug "$f")
        marker="benchmark-edit-$N-$r-$(date +%s%N)"
        python3 "$HERE/helpers.py" append "$f" "$marker"
        measure "$N" planpress onechange "$r" "edited $(basename "$f")" \
            "$BIN" build --root "$SITE" --output "$OUTD" --as-of "$AS_OF" || continue
        if ! grep -qF "$marker" "$OUTD/plans/$slug/index.html" 2>/dev/null; then
            note "planpress, $N plans, one-change run $r: the sentence added to $(basename "$f") is not in plans/$slug/index.html after the build"
        fi
    done
    OUT_FILES=$(find "$OUTD" -type f | wc -l)
    OUT_SIZE=$(du -sh "$OUTD" | cut -f1)
    meta "planpress output ($N plans)" "$OUT_FILES files, $OUT_SIZE"
    rm -rf "$OUTD"
    [ "$WATCH" = 1 ] && [ "$N" = "$LARGEST" ] || rm -rf "$SITE"
done

# ---------------------------------------------------------------- watch latency

if [ "$WATCH" = 1 ]; then
    N=$LARGEST
    SITE="$WORK/pp-$N"
    idx=$((N / 2 - 1))
    [ "$idx" -ge 1 ] || idx=1
    f=$(plan_file "$SITE" "$idx")
    slug=$(python3 "$HERE/helpers.py" slug "$f")
    port=$(python3 "$HERE/helpers.py" free-port)
    url="http://127.0.0.1:$port/plans/$slug/"
    printf 'size\t%s\nfile\t%s\nurl\t%s\nedits\t%s\n' "$N" "content/plans/$(basename "$f")" "/plans/$slug/" "$EDITS" >"$RES/watch.tsv"
    meta "watch command" "\`planpress serve --root SITE --port P --as-of $AS_OF --output DIR\` (DIR in the work folder, so serve's copy of the site is cleaned up)"

    log "$N plans: watch latency, save → page and save → reload event ($EDITS edits, bench/watch_events.py)"
    rc=0
    run_child python3 "$HERE/watch_events.py" --file "$f" --url "$url" --edits "$EDITS" --settle 1 \
        --timeout 60 --start-timeout "$TIMEOUT" --json "$RES/watch.json" --log "$LOGS/serve-events.log" \
        -- "$BIN" serve --root "$SITE" --port "$port" --as-of "$AS_OF" --output "$WORK/serve-out" \
        >"$LOGS/watch_events.out" 2>&1 </dev/null || rc=$?
    sed 's/^/             /' "$LOGS/watch_events.out" >&2
    if [ "$rc" != 0 ]; then
        FAILED=1
        note "bench/watch_events.py failed: $(grep -E '^error' "$LOGS/watch_events.out" | head -n 1) (serve's last output: $(tail -n 3 "$LOGS/serve-events.log" | tr '\n' ' ' | cut -c1-300))"
    fi
    if [ -f "$RES/watch.json" ]; then
        python3 - "$RES/watch.json" >>"$RES/notes.txt" <<'EOF'
import json, sys
for n in json.load(open(sys.argv[1])).get("notes", []):
    print("watch: " + n)
EOF
    fi
    if grep -qiE 'panick|error' "$LOGS/serve-events.log"; then
        note "serve printed errors during the watch measurement: $(grep -iE 'panick|error' "$LOGS/serve-events.log" | head -n 2 | tr '\n' ' ' | cut -c1-300)"
    fi
    rm -rf "$WORK/serve-out"

    port=$(python3 "$HERE/helpers.py" free-port)
    url="http://127.0.0.1:$port/plans/$slug/"
    log "$N plans: watch latency, save → page ($EDITS edits, ../shared/tools/watch_latency.py)"
    rc=0
    run_child python3 "$WATCH_LATENCY" --file "$f" --url "$url" --edits "$EDITS" --settle 3 --timeout 300 \
        --log "$LOGS/serve-wl.log" \
        -- "$BIN" serve --root "$SITE" --port "$port" --as-of "$AS_OF" --output "$WORK/serve-out" \
        >"$RES/watch_latency.log" 2>&1 </dev/null || rc=$?
    sed 's/^/             /' "$RES/watch_latency.log" >&2
    if [ "$rc" != 0 ]; then
        FAILED=1
        note "watch_latency.py failed (exit $rc): $(tail -n 1 "$RES/watch_latency.log") (serve's last output: $(tail -n 3 "$LOGS/serve-wl.log" | tr '\n' ' ' | cut -c1-300))"
    fi
    rm -rf "$WORK/serve-out"
fi

# ---------------------------------------------------------------- the report

log "writing $OUT_FILE"
python3 "$HERE/report.py" "$RES" >"$OUT_FILE.tmp"
mv "$OUT_FILE.tmp" "$OUT_FILE"
cat "$OUT_FILE"
log "done in $(((SECONDS - START) / 60)) min $(((SECONDS - START) % 60)) s; report in $OUT_FILE"
if [ "$FAILED" = 1 ]; then
    log "some measurements failed: see 'Things that looked wrong' in the report"
    exit 1
fi
