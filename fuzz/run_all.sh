#!/usr/bin/env bash
# Run every fuzz target in turn for SECONDS each (default 240), seeded with the
# repository's sample files and the saved regressions. Crashes land in
# fuzz/artifacts/<target>/, logs in fuzz/logs/<target>.log (LOGS=dir to change).
#
#   fuzz/run_all.sh 240                 # stable toolchain, no sanitizer (-s none)
#   SANITIZER=address TOOLCHAIN=+nightly fuzz/run_all.sh 60
#   TARGETS="history_parse pipeline" fuzz/run_all.sh 300
set -uo pipefail
cd "$(dirname "$0")"
seconds=${1:-240}
sanitizer=${SANITIZER:-none}
toolchain=${TOOLCHAIN:-}
all="history_parse import_detect import_strava import_garmin import_trainingpeaks import_intervals
     import_strong import_hevy import_fitnotes import_canonical import_generic pipeline config
     import_archive import_folder"
logs=${LOGS:-logs}
mkdir -p "$logs"
status=0
for target in ${TARGETS:-$all}; do
    seeds=()
    case $target in
        history_parse) seeds=(../examples ../tests/data/import) ;;
        import_detect) seeds=(../tests/data/import ../tests/data/activity) ;;
        import_generic | config | import_archive | import_folder) seeds=(seeds/$target) ;;
        import_*) seeds=(../tests/data/import) ;;
    esac
    [ -d ../tests/data/fuzz-regressions/$target ] && seeds+=(../tests/data/fuzz-regressions/$target)
    # Archives and folders carry whole files: room for a few of them.
    max_len=16384
    case $target in import_archive | import_folder) max_len=65536 ;; esac
    mkdir -p corpus/$target
    echo "== $target: ${seconds}s, sanitizer $sanitizer $(date -u +%H:%M:%S)"
    # shellcheck disable=SC2086
    if cargo $toolchain fuzz run -s "$sanitizer" "$target" "corpus/$target" "${seeds[@]}" -- \
        -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -max_len="$max_len" \
        > "$logs/$target.log" 2>&1; then
        tail -n 1 "$logs/$target.log"
        echo "   corpus: $(find "corpus/$target" -type f | wc -l) files"
    else
        status=1
        echo "!! $target failed; see fuzz/$logs/$target.log and fuzz/artifacts/$target/"
        grep -m1 -A2 "panicked at\|ERROR: libFuzzer\|ERROR: AddressSanitizer" "$logs/$target.log"
    fi
done
exit $status
