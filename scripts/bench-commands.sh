#!/usr/bin/env bash
# Time whole commands, start-up included: check on 1k, 10k, 100k and 1M sessions
# (shuffled, and grouped by athlete as import writes it) against the csv-only
# baseline on the same file, JSON and JSON Lines, check, plan and chart for one
# athlete, a squad's report folder for 100 and 1,000 athletes, and peak memory.
# Medians of RUNS runs (default 5; the reports run once). Writes a table to stdout.
#
#   scripts/bench-commands.sh            # needs GNU time (/usr/bin/time; Debian: apt-get install time)
#   BIG=1 scripts/bench-commands.sh      # also 10M sessions (700 MB; a few minutes)
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
AS_OF=2026-11-15   # the generator's last day: the same numbers whatever today is
# The club as `crampless import` writes it: grouped by athlete, then by date.
if [ ! -f "$DATA/club1000-grouped.csv" ]; then
  { head -n 1 "$DATA/club1000.csv"; tail -n +2 "$DATA/club1000.csv" | LC_ALL=C sort -t, -k1,1 -k2,2 -s; } > "$DATA/club1000-grouped.csv"
fi
echo "| command | file | sessions | file MB | wall s | peak MB |"
echo "|---|---|---|---|---|---|"
for f in one club10 club100 club1000 club1000-grouped; do
  file="$DATA/$f.csv"
  read -r w m <<< "$(measure "$BASE" "$file")"
  echo "| csv baseline | $f | $(rows "$file") | $(size_mb "$file") | $w | $m |"
  read -r w m <<< "$(measure "$BIN" check "$file" --as-of $AS_OF --format text)"
  echo "| check --format text | $f | $(rows "$file") | $(size_mb "$file") | $w | $m |"
done
for format in json jsonl; do
  for f in club1000 club1000-grouped; do
    read -r w m <<< "$(measure "$BIN" check "$DATA/$f.csv" --as-of $AS_OF --format $format)"
    echo "| check --format $format | $f | $(rows "$DATA/$f.csv") | $(size_mb "$DATA/$f.csv") | $w | $m |"
  done
done
read -r w m <<< "$(measure "$BIN" check "$DATA/one.csv" --as-of $AS_OF)"
echo "| check | one | $(rows "$DATA/one.csv") | $(size_mb "$DATA/one.csv") | $w | $m |"
read -r w m <<< "$(measure "$BIN" plan "$DATA/one.csv" --as-of $AS_OF)"
echo "| plan | one | $(rows "$DATA/one.csv") | $(size_mb "$DATA/one.csv") | $w | $m |"
read -r w m <<< "$(measure "$BIN" chart "$DATA/one.csv" --as-of $AS_OF -o "$DATA/load.png")"
echo "| chart --kind load (PNG) | one | $(rows "$DATA/one.csv") | $(size_mb "$DATA/one.csv") | $w | $m |"
read -r w m <<< "$(measure "$BIN" chart "$DATA/one.csv" --as-of $AS_OF -o "$DATA/load.svg")"
echo "| chart --kind load (SVG) | one | $(rows "$DATA/one.csv") | $(size_mb "$DATA/one.csv") | $w | $m |"
for f in club100 club1000; do
  rm -rf "$DATA/report-$f"
  read -r w m <<< "$(RUNS=1 measure "$BIN" report "$DATA/$f.csv" --as-of $AS_OF -o "$DATA/report-$f")"
  biggest=$(find "$DATA/report-$f" -name '*.html' -printf '%s\n' | sort -n | tail -1)
  echo "| report (folder; largest page $((biggest / 1024)) KB) | $f | $(rows "$DATA/$f.csv") | $(size_mb "$DATA/$f.csv") | $w | $m |"
done
# The federation-sized run: 10,000 athletes, about 10M sessions and 700 MB (BIG=1).
if [ "${BIG:-0}" = 1 ]; then
  [ -f "$DATA/club10000.csv" ] || "$GEN" --athletes 10000 --years 3 --seed 7 > "$DATA/club10000.csv"
  file="$DATA/club10000.csv"
  read -r w m <<< "$(RUNS=1 measure "$BASE" "$file")"
  echo "| csv baseline | club10000 | $(rows "$file") | $(size_mb "$file") | $w | $m |"
  read -r w m <<< "$(RUNS=1 measure "$BIN" check "$file" --as-of $AS_OF --format text)"
  echo "| check --format text | club10000 | $(rows "$file") | $(size_mb "$file") | $w | $m |"
  # Grouped by athlete, as import writes it: read as it goes.
  if [ ! -f "$DATA/club10000-grouped.csv" ]; then
    { head -n 1 "$file"; tail -n +2 "$file" | LC_ALL=C sort -t, -k1,1 -k2,2 -s; } > "$DATA/club10000-grouped.csv"
  fi
  file="$DATA/club10000-grouped.csv"
  read -r w m <<< "$(RUNS=1 measure "$BASE" "$file")"
  echo "| csv baseline | club10000-grouped | $(rows "$file") | $(size_mb "$file") | $w | $m |"
  read -r w m <<< "$(RUNS=1 measure "$BIN" check "$file" --as-of $AS_OF --format text)"
  echo "| check --format text | club10000-grouped | $(rows "$file") | $(size_mb "$file") | $w | $m |"
fi
