#!/usr/bin/env bash
# Time whole commands, start-up included: check on 10k, 100k and 1M sessions
# against the csv-only baseline on the same file, plan and chart for one athlete,
# and peak memory. Medians of RUNS runs (default 5). Writes a table to stdout.
#
#   scripts/bench-commands.sh            # needs GNU time (/usr/bin/time; Debian: apt-get install time)
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS=${RUNS:-5}
DATA=${DATA:-target/bench-data}
mkdir -p "$DATA"
cargo build --release --quiet --bin crampless --example gen_history --example csv_baseline
BIN=target/release/crampless
GEN=target/release/examples/gen_history
BASE=target/release/examples/csv_baseline
[ -f "$DATA/one.csv" ] || "$GEN" --athletes 1 --years 3 --seed 7 > "$DATA/one.csv"
for n in 10 100 1000; do
  [ -f "$DATA/club$n.csv" ] || "$GEN" --athletes "$n" --years 3 --seed 7 > "$DATA/club$n.csv"
done

# median wall seconds and max RSS (MB) of RUNS runs of a command (output discarded)
measure() {
  local walls=() rss=0
  for _ in $(seq "$RUNS"); do
    local out
    out=$( { /usr/bin/time -f "%e %M" "$@" > /dev/null; } 2>&1 | tail -1 )
    walls+=("${out% *}")
    local r=${out#* }
    (( r > rss )) && rss=$r
  done
  local median
  median=$(printf '%s\n' "${walls[@]}" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')
  printf '%s %d' "$median" $((rss / 1024))
}

rows() { echo $(( $(wc -l < "$1") - 1 )); }
size_mb() { echo $(( $(stat -c %s "$1") / 1048576 )); }

echo "cores: $(nproc); runs: $RUNS (median wall time; peak RSS)"
echo
echo "| command | file | sessions | file MB | wall s | peak MB |"
echo "|---|---|---|---|---|---|"
for f in one club10 club100 club1000; do
  file="$DATA/$f.csv"
  read -r w m <<< "$(measure "$BASE" "$file")"
  echo "| csv baseline | $f | $(rows "$file") | $(size_mb "$file") | $w | $m |"
  read -r w m <<< "$(measure "$BIN" check "$file" --format text)"
  echo "| check --format text | $f | $(rows "$file") | $(size_mb "$file") | $w | $m |"
done
read -r w m <<< "$(measure "$BIN" check "$DATA/club1000.csv" --format json)"
echo "| check --format json | club1000 | $(rows "$DATA/club1000.csv") | $(size_mb "$DATA/club1000.csv") | $w | $m |"
read -r w m <<< "$(measure "$BIN" plan "$DATA/one.csv")"
echo "| plan | one | $(rows "$DATA/one.csv") | $(size_mb "$DATA/one.csv") | $w | $m |"
read -r w m <<< "$(measure "$BIN" chart "$DATA/one.csv" -o "$DATA/load.png")"
echo "| chart --kind load (PNG) | one | $(rows "$DATA/one.csv") | $(size_mb "$DATA/one.csv") | $w | $m |"
read -r w m <<< "$(measure "$BIN" chart "$DATA/one.csv" -o "$DATA/load.svg")"
echo "| chart --kind load (SVG) | one | $(rows "$DATA/one.csv") | $(size_mb "$DATA/one.csv") | $w | $m |"
