#!/usr/bin/env bash
# Ingestion benchmark: starts a silo and a gateway on a fresh database of their own and runs `fastio-bench ingest`,
# which sends events through POST /internal/events/ and writes the same rows with binary COPY, side by side, spread
# over a thousand workspaces and then all in one busy workspace.
#   tests/FastIo.Bench/ingest-bench.sh [fastio-bench option ...]     e.g. --events 200000 --concurrency 4
# Uses the local PostgreSQL in .local/pgdata (FASTIO_PG_PORT, default 15432), started if it is not running.
set -euo pipefail
cd "$(dirname "$0")/../.."
root="$(pwd)"
source deploy/local/postgres.sh
pg_port="${FASTIO_PG_PORT:-15432}"
bench_ports="5680 5681 11611 30600"
source tests/FastIo.Bench/bench-stack.sh

ensure_postgres_installed
start_postgres "$root/.local/pgdata" "$pg_port"
dotnet build FastIo.Orleans.sln -c Release -v quiet -nologo >/dev/null

db=fastio_bench_ingest
psql -h 127.0.0.1 -p "$pg_port" -U postgres -qc "DROP DATABASE IF EXISTS $db WITH (FORCE)" -qc "CREATE DATABASE $db"
export ConnectionStrings__Postgres="Host=127.0.0.1;Port=$pg_port;Username=postgres;Database=$db;Maximum Pool Size=100"
start_stack
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
dotnet tests/FastIo.Bench/bin/Release/net10.0/fastio-bench.dll ingest --url "$bench_url" \
  --postgres "$ConnectionStrings__Postgres" --events 400000 "$@"
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
stop_stack
