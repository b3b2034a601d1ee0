#!/usr/bin/env bash
# Server load and crash check on loopback (figures in docs/operations.md). Bounded: 20,000 documents, 15 minutes at most.
#   bench/server-load.sh [PAGES_DIR...]          default pages: ../shared/data/extraction-dev/html and extraction-wcxb-dev/html
#   PHASES=load|crash|both (default both), DOCS=N (default 20000), PORT=N (default 5097)
# 1. `tidings serve` on a fresh SQLite file; 8 posters send 20,000 documents in batches of 50 while 8 readers read
#    /api/stories and story pages; every document must be stored once and every story's size equal its articles.
# 2. The same on another fresh file, but the server is killed with SIGKILL in the middle; it is restarted and every
#    document is posted again; the same checks must hold.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
pages=("$@")
[ ${#pages[@]} -gt 0 ] || pages=(../shared/data/extraction-dev/html ../shared/data/extraction-wcxb-dev/html)
port=${PORT:-5097}
url="http://127.0.0.1:$port"
key="load-test-key"
work="$(mktemp -d /tmp/tidings-load-XXXXXX)"
docs=${DOCS:-20000}
phases=${PHASES:-both}
server_pid=""
cleanup() { [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT

./tidings --help > /dev/null  # builds the CLI (Release) once
dotnet build -c Release bench/Tidings.Bench --nologo -v quiet > "$work/bench-build.log" 2>&1 || { cat "$work/bench-build.log"; exit 1; }
load() { dotnet bench/Tidings.Bench/bin/Release/net10.0/Tidings.Bench.dll serve-load --url "$url" --key "$key" --docs "$docs" \
  $(printf -- '--pages %s ' "${pages[@]}") "$@"; }

start() {
  # the built program itself, so that the PID is the server's (./tidings execs it too, but may rebuild first)
  # 50 of the dev set's pages can be more than the default 32 MB body limit, hence 128 MB
  dotnet .build/cli/tidings.dll serve --db "$1" --urls "$url" --api-key "$key" --max-body-bytes 134217728 >> "$work/server.log" 2>&1 &
  server_pid=$!
  for _ in $(seq 1 600); do curl -fs "$url/health" > /dev/null 2>&1 && return 0; sleep 0.5; done
  echo "server did not start"; cat "$work/server.log"; exit 1
}

uptime
if [ "$phases" != crash ]; then
echo "== 1. load: $docs documents, 8 posters x batches of 50, 8 readers"
start "$work/load.db"
( while sleep 30; do uptime; done ) &
uptime_pid=$!
load --check
kill "$uptime_pid"
kill -TERM "$server_pid"; wait "$server_pid" && echo "server stopped cleanly on SIGTERM"; server_pid=""
fi
[ "$phases" != load ] || exit 0

echo "== 2. kill -9 in the middle, restart, post everything again"
start "$work/crash.db"
load --tolerate-errors > "$work/first.log" 2>&1 &
load_pid=$!
for _ in $(seq 1 600); do
  n=$(curl -fs "$url/health" | sed -E 's/.*"articles":([0-9]+).*/\1/' || echo 0)
  [ "${n:-0}" -ge $((docs / 3)) ] && break
  sleep 0.5
done
kill -9 "$server_pid"; wait "$server_pid" 2>/dev/null || true; server_pid=""
echo "killed the server (SIGKILL) with $n articles stored, while the posters were posting"; uptime
wait "$load_pid" || true
tail -n 6 "$work/first.log"
start "$work/crash.db"
echo "restarted: $(curl -fs "$url/health")"
load --check
uptime
kill -TERM "$server_pid"; wait "$server_pid" || true; server_pid=""
