#!/usr/bin/env bash
# Search benchmark at two log sizes: seeds a database of its own per size (`fastio-bench seed`: profiles,
# memberships and one synthetic hour through the ingestion API, that hour's activity repeated by binary COPY),
# starts a silo and a gateway on it, and runs `fastio-bench search`. A seeded database is kept and reused.
#   tests/FastIo.Bench/search-bench.sh [SIZE ...]      (default: 100000 5000000)
# BENCH_SEED_ONLY=1 seeds and stops; BENCH_SECONDS sets each measurement's length (default 3).
set -euo pipefail
cd "$(dirname "$0")/../.."
root="$(pwd)"
source deploy/local/postgres.sh
sizes=("${@:-100000 5000000}")
read -r -a sizes <<<"${sizes[*]}"
pg_port="${FASTIO_PG_PORT:-15432}"
bench_ports="5380 5381 11411 30300"
source tests/FastIo.Bench/bench-stack.sh

ensure_postgres_installed
start_postgres "$root/.local/pgdata" "$pg_port"
dotnet build FastIo.Orleans.sln -c Release -v quiet -nologo >/dev/null

for size in "${sizes[@]}"; do
  db="fastio_bench_$size"
  if ! psql -h 127.0.0.1 -p "$pg_port" -U postgres -tAc "SELECT 1 FROM pg_database WHERE datname='$db'" | grep -q 1; then
    psql -h 127.0.0.1 -p "$pg_port" -U postgres -qc "CREATE DATABASE $db"
    fresh=true
  else
    fresh=false
  fi
  export ConnectionStrings__Postgres="Host=127.0.0.1;Port=$pg_port;Username=postgres;Database=$db;Maximum Pool Size=100"
  start_stack
  if $fresh; then
    echo "Seeding $db with about $size events..."
    start=$SECONDS
    dotnet tests/FastIo.Bench/bin/Release/net10.0/fastio-bench.dll seed --url "$bench_url" \
      --postgres "$ConnectionStrings__Postgres" --events "$size" --concurrency 4
    # What autovacuum does after a bulk load anyway, done now so plans and visibility maps are settled.
    psql -h 127.0.0.1 -p "$pg_port" -U postgres -d "$db" -qc "VACUUM ANALYZE"
    echo "Seeded in $((SECONDS - start)) s"
    # The copied rows are in no grain's memory: start again so every profile activates from the store.
    stop_stack
    start_stack
  fi
  if [ -n "${BENCH_SEED_ONLY:-}" ]; then
    stop_stack
    continue
  fi

  echo; echo "== log of $size events (load average before: $(cut -d' ' -f1-3 /proc/loadavg)) =="
  dotnet tests/FastIo.Bench/bin/Release/net10.0/fastio-bench.dll search --url "$bench_url" \
    --postgres "$ConnectionStrings__Postgres" --seconds "${BENCH_SECONDS:-3}"
  echo "(load average after: $(cut -d' ' -f1-3 /proc/loadavg))"
  stop_stack
done
