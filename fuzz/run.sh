#!/usr/bin/env bash
# Run newsseg's coverage-guided fuzz targets (atheris) for a bounded time.
#
#   fuzz/run.sh                    # every target, 600 s each
#   fuzz/run.sh segment 60         # one target, 60 s
#   fuzz/run.sh html 600 -jobs=2   # extra arguments go to libFuzzer
#   make fuzz                      # same as fuzz/run.sh (FUZZ_SECONDS=… to change the time)
#
# Targets: segment (newsseg.segment, newsseg.clean), html (newsseg.segment_html).
# Needs atheris in the interpreter $PY (default .venv/bin/python): pip install atheris.
# The growing corpus is kept in fuzz/work/corpus/TARGET, crash and timeout inputs in
# fuzz/work/artifacts/TARGET (both ignored by git). Exit status: 0 nothing found,
# 1 a target found something (its input is named in the output), 2 usage error.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(dirname "$HERE")"
PY="${PY:-$ROOT/.venv/bin/python}"
[[ -x "$PY" ]] || PY="$(command -v python3)"
TARGETS="${1:-all}"
SECONDS_EACH="${2:-${FUZZ_SECONDS:-600}}"
shift $(( $# > 2 ? 2 : $# )) || true
EXTRA=("$@")

if ! "$PY" -c 'import atheris' 2>/dev/null; then
    echo "fuzz/run.sh: atheris is not installed for $PY; run: $PY -m pip install atheris" >&2
    exit 2
fi
case "$TARGETS" in
    all) TARGETS="segment html" ;;
    segment|html) ;;
    *) echo "fuzz/run.sh: unknown target '$TARGETS' (segment, html or all)" >&2; exit 2 ;;
esac
[[ "$SECONDS_EACH" =~ ^[0-9]+$ ]] || { echo "fuzz/run.sh: seconds must be a number" >&2; exit 2; }

WORK="$HERE/work"
mkdir -p "$WORK"
"$PY" "$HERE/_common.py" "$WORK/newsseg.dict" >/dev/null

status=0
for t in $TARGETS; do
    corpus="$WORK/corpus/$t"
    artifacts="$WORK/artifacts/$t"
    mkdir -p "$corpus" "$artifacts"
    "$PY" "$HERE/seeds.py" "$t" "$corpus"
    echo "==> fuzzing $t for ${SECONDS_EACH}s (corpus $corpus)"
    set +e
    "$PY" "$HERE/fuzz_$t.py" "$corpus" \
        -dict="$WORK/newsseg.dict" \
        -max_total_time="$SECONDS_EACH" \
        -timeout=20 -rss_limit_mb=4096 -max_len=4096 \
        -artifact_prefix="$artifacts/" -print_final_stats=1 \
        "${EXTRA[@]+"${EXTRA[@]}"}"
    rc=$?
    set -e
    if [[ $rc -ne 0 ]]; then
        echo "==> $t: the fuzzer found a problem (exit $rc); inputs in $artifacts" >&2
        status=1
    else
        echo "==> $t: nothing found"
    fi
done
exit $status
