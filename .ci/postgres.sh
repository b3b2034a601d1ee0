#!/usr/bin/env bash
# A throwaway PostgreSQL for the tests: `.ci/postgres.sh start` installs the distribution's server if missing, creates
# a data directory under /tmp, starts it on 127.0.0.1:$TIDINGS_PG_PORT (default 55432) as the `postgres` user (the
# server refuses to run as root) and prints the connection string for TIDINGS_TEST_POSTGRES. `stop` stops it and
# deletes the data directory.
set -euo pipefail
port="${TIDINGS_PG_PORT:-55432}"
data="${TIDINGS_PG_DATA:-/tmp/tidings-pg-$port}"
log="$data.log"

as_postgres() {
  if [ "$(id -un)" = postgres ]; then "$@"; elif [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else sudo -u postgres "$@"; fi
}

bindir() {
  local d
  d="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)"
  [ -n "$d" ] && echo "$d"
}

case "${1:-}" in
  start)
    if [ -z "$(bindir)" ]; then
      export DEBIAN_FRONTEND=noninteractive
      apt-get -o DPkg::Lock::Timeout=900 install -y postgresql >/dev/null 2>&1 || {
        apt-get -o DPkg::Lock::Timeout=900 update >/dev/null
        apt-get -o DPkg::Lock::Timeout=900 install -y postgresql >/dev/null
      }
    fi
    bin="$(bindir)"
    if [ -f "$data/postmaster.pid" ] && as_postgres "$bin/pg_ctl" -D "$data" status >/dev/null 2>&1; then
      echo "Host=127.0.0.1;Port=$port;Username=postgres;Database=postgres"
      exit 0
    fi
    rm -rf "$data"
    mkdir -p "$data"
    chown postgres:postgres "$data" 2>/dev/null || true
    as_postgres "$bin/initdb" -D "$data" -U postgres --auth=trust --encoding=UTF8 --locale=C.UTF-8 >/dev/null
    # loopback only, no Unix socket directory needed; test data is throwaway, so no fsync unless TIDINGS_PG_DURABLE=1
    # (benchmarks: fsync on, commits flushed in the background like SQLite's synchronous=NORMAL in WAL mode)
    if [ "${TIDINGS_PG_DURABLE:-0}" = 1 ]; then durability="-c synchronous_commit=off"; else durability="-c fsync=off -c synchronous_commit=off -c full_page_writes=off"; fi
    as_postgres "$bin/pg_ctl" -D "$data" -l "$log" -w -t 60 \
      -o "-c listen_addresses=127.0.0.1 -p $port -c unix_socket_directories='' $durability -c max_connections=200 -c shared_buffers=128MB" start >/dev/null
    echo "Host=127.0.0.1;Port=$port;Username=postgres;Database=postgres"
    ;;
  stop)
    bin="$(bindir)"
    if [ -n "$bin" ] && [ -d "$data" ]; then
      as_postgres "$bin/pg_ctl" -D "$data" -m fast -w stop >/dev/null 2>&1 || true
    fi
    rm -rf "$data" "$log"
    ;;
  *)
    echo "usage: $0 start|stop" >&2
    exit 2
    ;;
esac
