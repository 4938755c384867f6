#!/usr/bin/env bash
# Shared by ./run, ./test and the loopback cluster: a PostgreSQL server in a folder of our own, installed from
# Debian's packages when missing. PostgreSQL refuses to run as root, so as root the server runs as `postgres`.
set -euo pipefail

pg_bin_dir() {
  local dir
  for dir in /usr/lib/postgresql/*/bin; do
    [ -x "$dir/pg_ctl" ] && { echo "$dir"; return 0; }
  done
  return 1
}

ensure_postgres_installed() {
  if pg_bin_dir >/dev/null; then return 0; fi
  if [ "$(id -u)" != 0 ]; then
    echo "PostgreSQL is not installed. Install it with: sudo apt-get install -y postgresql" >&2
    exit 1
  fi
  echo "Installing PostgreSQL from Debian's packages..." >&2
  DEBIAN_FRONTEND=noninteractive apt-get update -qq >&2
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >&2
}

# as_pg_user CMD...: run as the server's owner (postgres when we are root, else ourselves).
as_pg_user() {
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

# start_postgres DATA_DIR PORT: initialise on first use, start, create database `fastio`.
start_postgres() {
  local data="$1" port="$2" bin
  bin="$(pg_bin_dir)"
  mkdir -p "$data"
  if [ "$(id -u)" = 0 ]; then chown postgres:postgres "$data"; chmod 700 "$data"; fi
  if [ ! -f "$data/PG_VERSION" ]; then
    as_pg_user "$bin/initdb" -D "$data" -U postgres --auth=trust -E UTF8 >/dev/null
  fi
  if ! as_pg_user "$bin/pg_ctl" -D "$data" status >/dev/null 2>&1; then
    if ! as_pg_user "$bin/pg_ctl" -D "$data" -l "$data/server.log" -w \
      -o "-p $port -k /tmp -c listen_addresses=127.0.0.1 -c max_connections=300 -c fsync=on" start >/dev/null; then
      echo "PostgreSQL did not start on port $port; its log ($data/server.log) ends with:" >&2
      tail -n 5 "$data/server.log" >&2
      exit 1
    fi
  fi
  if ! "$bin/psql" -h 127.0.0.1 -p "$port" -U postgres -tAc "SELECT 1 FROM pg_database WHERE datname='fastio'" \
      | grep -q 1; then
    "$bin/psql" -h 127.0.0.1 -p "$port" -U postgres -qc "CREATE DATABASE fastio" >/dev/null
  fi
}

stop_postgres() {
  local data="$1" bin
  bin="$(pg_bin_dir)"
  as_pg_user "$bin/pg_ctl" -D "$data" -m fast -w stop >/dev/null 2>&1 || true
}
