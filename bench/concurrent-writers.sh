#!/usr/bin/env bash
# Four `tidings ingest` processes at once on one database: the pages of a set (default: extraction-dev's HTML) are cut
# into five equal parts; writer i ingests part i plus part 5, which all four share. Then checks that every page is
# stored exactly once (the same articles as one writer ingesting the whole set into a fresh SQLite file), that no
# story id is reused and that every story's size equals its articles, and that no writer failed or saw "database is
# locked".
#
#   bench/concurrent-writers.sh                      # a fresh SQLite file
#   bench/concurrent-writers.sh 'postgres://u:p@127.0.0.1:5432/empty_db'   # an empty PostgreSQL database
#
# TIDINGS_SET=DIR picks another set of pages.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
set_dir="${TIDINGS_SET:-../shared/data/extraction-dev/html}"
work="$(mktemp -d /tmp/tidings-writers-XXXXXX)"
trap 'rm -rf "$work"' EXIT
db="${1:-$work/writers.db}"
./tidings --help > /dev/null # build once before the clock starts
dotnet build -c Release bench/Tidings.Bench -v quiet --nologo > "$work/build.log" 2>&1 || { cat "$work/build.log"; exit 1; }
check() { dotnet bench/Tidings.Bench/bin/Release/net10.0/Tidings.Bench.dll store-check "$1"; }

mapfile -t files < <(find "$set_dir" -type f \( -name '*.html' -o -name '*.htm' -o -name '*.txt' -o -name '*.gz' \) | sort)
n=${#files[@]}
part=$(( (n + 4) / 5 ))
shared=("${files[@]:$((4 * part))}")
echo "pages: $n; each writer: $part of its own + ${#shared[@]} shared; database: $(echo "$db" | sed -E 's/(:[^:@/]*)@/:***@/; s/(Password=)[^;]*/\1***/I')"

start=$(date +%s.%N)
pids=()
for i in 0 1 2 3; do
  ./tidings ingest "${files[@]:$((i * part)):$part}" "${shared[@]}" --db "$db" > "$work/out.$i" 2> "$work/err.$i" &
  pids+=($!)
done
failed=0
for i in 0 1 2 3; do
  if ! wait "${pids[$i]}"; then echo "writer $i exited with an error" >&2; failed=1; fi
done
end=$(date +%s.%N)
for i in 0 1 2 3; do echo "writer $i: $(tail -n 1 "$work/out.$i")"; done
if grep -il "locked" "$work"/err.* > /dev/null; then echo "a writer saw 'database is locked'" >&2; failed=1; fi
echo "four writers: $(awk -v a="$start" -v b="$end" 'BEGIN { printf "%.1f", b - a }') s"
echo "four writers:    $(check "$db")" || failed=1

./tidings ingest "${files[@]}" --db "$work/reference.db" > "$work/out.ref" 2> "$work/err.ref"
echo "one writer:      $(check "$work/reference.db")"
four=$(check "$db" | sed -E 's/^articles: ([0-9]+).*/\1/')
one=$(check "$work/reference.db" | sed -E 's/^articles: ([0-9]+).*/\1/')
if [ "$four" != "$one" ]; then echo "four writers stored $four articles, one writer $one" >&2; failed=1; fi
new_sum=$(cat "$work"/out.[0-3] | sed -nE 's/^new: ([0-9]+),.*/\1/p' | awk '{ s += $1 } END { print s }')
echo "new pages reported by the four writers: $new_sum (articles stored: $four)"
[ "$new_sum" = "$four" ] || failed=1
[ "$failed" = 0 ] && echo "OK: every page stored once, no story id reused, every story's size equals its articles" || { echo "FAILED" >&2; exit 1; }
