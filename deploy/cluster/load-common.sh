# Shared by fault-tests.sh and load-compare.sh (sourced, not run): the loopback cluster with rate limits off,
# fastio-load in the background, and cleanup that stops everything these scripts started, also on failure.
# Expects $root (the repository) and runs from it.

source deploy/local/postgres.sh
cluster="deploy/cluster/cluster.sh"
state="$root/.local/cluster"
out="$state/faults"
load_dll="$root/tests/FastIo.LoadTest/bin/Release/net10.0/fastio-load.dll"
pg_conn="Host=127.0.0.1;Port=${FASTIO_CLUSTER_PG_PORT:-15532};Username=postgres;Database=fastio"
lb_url="http://127.0.0.1:${FASTIO_CLUSTER_LB_PORT:-8080}"

# The hosts inherit the environment of cluster.sh (also `start-silo` and `start-gateway`): one user drives
# hundreds of polls and several searches a second, far above the per-user limits.
export RateLimits__Enabled=false

load_pid=""
cluster_started=false

log() { echo "[$(date -u +%H:%M:%S)] $*"; }
# A sleep that a signal ends at once: bash runs a trap only after a foreground command returns, but `wait`
# returns as soon as a trapped signal arrives.
pause_pid=""
pause() { sleep "$1" & pause_pid=$!; wait "$pause_pid" || true; pause_pid=""; }
now_ms() { date +%s%3N; }

# Stops the load and the probe if they still run, then the cluster. Installed as the EXIT trap.
cleanup() {
  local code=$?
  trap - EXIT INT TERM
  [ -z "$pause_pid" ] || kill "$pause_pid" 2>/dev/null || true
  if [ -n "$load_pid" ] && kill -0 "$load_pid" 2>/dev/null; then
    log "stopping fastio-load (pid $load_pid)"
    kill -INT "$load_pid" 2>/dev/null || true
    wait "$load_pid" 2>/dev/null || true
  fi
  if declare -F probe_stop >/dev/null; then probe_stop; fi
  if $cluster_started; then
    log "stopping the cluster"
    "$cluster" down || true
  fi
  exit "$code"
}

build_load_tool() {
  log "building fastio-load (Release; log .local/cluster/logs/build-load.log)"
  mkdir -p "$state/logs"
  dotnet build tests/FastIo.LoadTest/FastIo.LoadTest.csproj -c Release -v quiet -nologo \
    >"$state/logs/build-load.log" 2>&1 || { tail -n 30 "$state/logs/build-load.log" >&2; exit 1; }
}

# cluster_up [--no-build]: the whole cluster, ready; later calls with --no-build repair a partly stopped one.
cluster_up() {
  cluster_started=true
  "$cluster" up "$@" >"$out/cluster-up.log" 2>&1 || { tail -n 40 "$out/cluster-up.log" >&2; exit 1; }
  log "cluster ready ($(grep -c 'ready (' "$out/cluster-up.log" || true) processes checked ready)"
}

# load_start NAME ARGS...: fastio-load through nginx in the background; output in $out/NAME.load.log,
# JSON report in $out/NAME.json. Bounded: interrupted (and so reporting) well after its own end.
load_start() {
  local name="$1" seconds="$2"; shift 2
  rm -f "$out/$name.json"
  timeout -s INT -k 30 $((seconds + 300)) dotnet "$load_dll" --url "$lb_url" --seconds "$seconds" \
    --report "$out/$name.json" --ledger "$out/$name.ledger.tsv" "$@" >"$out/$name.load.log" 2>&1 &
  load_pid=$!
  log "fastio-load started (pid $load_pid, output .local/cluster/faults/$name.load.log)"
}

# load_wait_sending NAME: until the load tool has its clients connected and starts sending (at most 180 s).
load_wait_sending() {
  local name="$1" deadline=$((SECONDS + 180))
  until grep -q '^sending ' "$out/$name.load.log" 2>/dev/null; do
    kill -0 "$load_pid" 2>/dev/null || { cat "$out/$name.load.log" >&2; echo "fastio-load ended early" >&2; exit 1; }
    [ "$SECONDS" -lt "$deadline" ] || { echo "fastio-load did not start sending within 180 s" >&2; exit 1; }
    sleep 0.2
  done
  grep '^clients ready' "$out/$name.load.log" | sed 's/^/  /' || true
}

# load_finish: waits for the load tool; its exit code (0 passed, 1 a check failed) goes to load_code.
load_finish() {
  load_code=0
  wait "$load_pid" || load_code=$?
  load_pid=""
}

# report_ops FILE: the load tool's operation table from its JSON report, as Markdown rows.
report_ops() {
  jq -r '.operations[] | "| \(.operation) | \(.count) | \(.errors) | \(.per_second | . * 10 | round / 10) | '`
    `'\(.p50 | . * 10 | round / 10) | \(.p90 | . * 10 | round / 10) | \(.p99 | . * 10 | round / 10) | '`
    `'\(.max | . * 10 | round / 10) |"' "$1"
}
