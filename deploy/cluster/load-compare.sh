#!/usr/bin/env bash
# The same load against the loopback cluster with one silo and with three, printed side by side: how much the
# other silos add (or cost) on this machine. Gateways, nginx and PostgreSQL stay the same in both runs.
usage() {
  cat <<'USAGE'
usage: deploy/cluster/load-compare.sh [--no-build] [--seconds N] [--ingest-rate N] [--search-rate N]
  Brings the loopback cluster up (rate limits off), stops silos 2 and 3 (gracefully), runs fastio-load through
  nginx for --seconds (default 30), starts silos 2 and 3 again, runs the same load, and prints throughput and
  latency percentiles of both runs side by side (also in .local/cluster/load-compare.md). Stops the cluster at
  the end, also on failure. Defaults: --ingest-rate 500 (batches of 50), --search-rate 20, 100 sockets,
  100 polls, 50 workspaces.
USAGE
}
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$root"
source deploy/cluster/load-common.sh

build=true
seconds=30
ingest_rate=500
search_rate=20
number() { [[ "$2" =~ ^[0-9]+$ ]] && [ "$2" -ge 1 ] && [ "$2" -le "$3" ] || { echo "$1 must be 1..$3" >&2; exit 2; }; }
while [ $# -gt 0 ]; do
  case "$1" in
    --no-build) build=false ;;
    --seconds) number "$1" "${2:-}" 600; seconds="$2"; shift ;;
    --ingest-rate) number "$1" "${2:-}" 5000; ingest_rate="$2"; shift ;;
    --search-rate) number "$1" "${2:-}" 200; search_rate="$2"; shift ;;
    -h|--help) usage; exit 0 ;;
    *) usage >&2; exit 2 ;;
  esac
  shift
done

mkdir -p "$out"
trap cleanup EXIT
trap 'exit 130' INT TERM
load_args=(--profiles 50 --ingest-rate "$ingest_rate" --batch 50 --search-rate "$search_rate" --sockets 100
  --polls 100 --grace 15 --retry-seconds 60 --postgres "$pg_conn")
result="$state/load-compare.md"

# run NAME: one load run; its load average before and after are kept for the table.
declare -A load_before=() load_after=() exit_codes=()
run() {
  load_before[$1]="$(cut -d' ' -f1 /proc/loadavg)"
  load_start "$1" "$seconds" "${load_args[@]}"
  load_wait_sending "$1"
  load_finish
  exit_codes[$1]="$load_code"
  load_after[$1]="$(cut -d' ' -f1 /proc/loadavg)"
  log "$1: exit code $load_code: $(tail -n 1 "$out/$1.load.log")"
}

# rows FILE: "operation<TAB>count<TAB>per s<TAB>p50<TAB>p90<TAB>p99<TAB>max" per operation and delivery.
rows() {
  jq -r '(.operations[] | [.operation, .count, .errors, .per_second, .p50, .p90, .p99, .max]),
    (.deliveries[] | ["delivery " + .transport, .received, .missed, (.received / $s), .p50, "-", .p99, .max])
    | map(if type == "number" then (. * 10 | round / 10 | tostring) else . end) | @tsv' \
    --argjson s "$(jq '.load_seconds' "$1")" "$1"
}

$build && build_load_tool
log "starting the cluster (rate limits off)"
if $build; then cluster_up; else cluster_up --no-build; fi
log "stopping silos 2 and 3 (gracefully)"
"$cluster" stop-silo 2 >>"$out/compare-actions.log" 2>&1
"$cluster" stop-silo 3 >>"$out/compare-actions.log" 2>&1
run one-silo
log "starting silos 2 and 3"
cluster_up --no-build
run three-silos

{
  echo "# fastio-load: 1 silo against 3 silos"
  echo
  echo "$(date -u '+%Y-%m-%d %H:%M:%S UTC'), commit $(git rev-parse --short HEAD), $(nproc) cores shared with other"
  echo "builds. Each run: \`--seconds $seconds ${load_args[*]:0:${#load_args[@]}-2}\` through nginx, 2 gateways."
  echo "Load average (1 min) before/after: 1 silo ${load_before[one-silo]}/${load_after[one-silo]}," \
    "3 silos ${load_before[three-silos]}/${load_after[three-silos]}."
  echo
  for name in one-silo three-silos; do
    echo "- $name: exit code ${exit_codes[$name]}; $(grep '^events:' "$out/$name.load.log");" \
      "$(tail -n 1 "$out/$name.load.log")"
  done
  echo
  echo "Per operation, 1 silo → 3 silos (delivery rows: received, missed, received per s; times in ms):"
  echo
  echo "| operation | count | errors | per s | p50 | p90 | p99 | max |"
  echo "|---|---|---|---|---|---|---|---|"
  join -t $'\t' <(rows "$out/one-silo.json" | sort) <(rows "$out/three-silos.json" | sort) \
    | awk -F'\t' '{ printf "| %s |", $1; for (i = 2; i <= 8; i++) printf " %s → %s |", $i, $(i + 7); print "" }'
} >"$result"
echo
cat "$result"
