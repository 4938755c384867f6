#!/usr/bin/env bash
# Fault tests on the loopback cluster: each scenario runs fastio-load through nginx with a probe beside it,
# injects one fault mid-run, undoes it later, and judges the run by the load tool's end check (nothing
# acknowledged lost or duplicated, no key missed by a socket or a poll) and by what the probe saw.
usage() {
  cat <<'USAGE'
usage: deploy/cluster/fault-tests.sh [--no-build] [--only SCENARIO]... [--seconds N]
  Brings the loopback cluster up (rate limits off) and runs the scenarios "silo kill -9" (silo), "gateway kill -9"
  (gateway), "PostgreSQL stopped for 20 s" (postgres), "silo stopped gracefully" (silo-stop) and "gateway stopped
  gracefully" (gateway-stop), each under --seconds of load (default 60; the fault at 15 s, undone 20 s
  later; the probe runs until the load ends and at least 20 s after the undo). Writes
  .local/cluster/fault-report.md and prints it. Stops the cluster at the end, also on failure.
  Exit code: 0 every criterion passed, 1 a criterion failed, other: the run itself failed.
USAGE
}
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$root"
source deploy/cluster/load-common.sh
source deploy/cluster/probe.sh

build=true
only=()
load_seconds=60
probe_after_undo=20
fault_at=15
fault_for=20
while [ $# -gt 0 ]; do
  case "$1" in
    --no-build) build=false ;;
    --only) only+=("${2:?--only needs silo, gateway, postgres, silo-stop or gateway-stop}"); shift ;;
    --seconds) load_seconds="${2:?--seconds needs a number}"; shift
      [[ "$load_seconds" =~ ^[0-9]+$ ]] && [ "$load_seconds" -ge 40 ] && [ "$load_seconds" -le 600 ] \
        || { echo "--seconds must be 40..600" >&2; exit 2; } ;;
    -h|--help) usage; exit 0 ;;
    *) usage >&2; exit 2 ;;
  esac
  shift
done
[ ${#only[@]} -gt 0 ] || only=(silo gateway postgres silo-stop gateway-stop)

report="$state/fault-report.md"
mkdir -p "$out"
trap cleanup EXIT
trap 'exit 130' INT TERM

# The same load in every scenario: steady ingestion in small batches (a batch is the unit that fails and is
# retried), searches, sockets and polls spread over the workspaces, the database check at the end.
load_args=(--profiles 30 --ingest-rate 100 --batch 10 --search-rate 5 --sockets 60 --polls 60 --grace 30
  --retry-seconds 90 --postgres "$pg_conn")
hang_seconds=30
failed=0

source deploy/cluster/fault-report.sh

# scenario KEY TITLE FAULT_CMD RESTORE_CMD: one run; its section is appended to the report.
scenario() {
  local key="$1" title="$2" fault_cmd="$3" restore_cmd="$4"
  log "scenario $key: $title"
  cluster_up --no-build
  mark_logs
  probe_start "$out/$key.probe"
  load_start "$key" "$load_seconds" "${load_args[@]}"
  load_wait_sending "$key"
  local t0 fault_ms fault_done restore_ms restore_done end_ms code
  t0="$(now_ms)"
  pause "$fault_at"
  fault_ms="$(now_ms)"
  log "fault: $fault_cmd"
  $cluster $fault_cmd >>"$out/$key.actions.log" 2>&1
  fault_done="$(now_ms)"
  pause "$fault_for"
  restore_ms="$(now_ms)"
  log "undo: $restore_cmd"
  $cluster $restore_cmd >>"$out/$key.actions.log" 2>&1
  restore_done="$(now_ms)"
  log "waiting for the load to end and check"
  load_finish
  code="$load_code"
  # The probe goes on for a while after the undo, so "full service after" has answers to judge.
  while [ "$(now_ms)" -lt $((restore_done + probe_after_undo * 1000)) ]; do sleep 0.5; done
  probe_stop
  end_ms="$(now_ms)"
  log "fastio-load exit code $code: $(tail -n 1 "$out/$key.load.log")"
  write_section "$key" "$title" "$code" "$t0" "$fault_ms" "$fault_done" "$restore_ms" "$restore_done" "$end_ms" \
    "$fault_cmd" "$restore_cmd"
}

$build && build_load_tool
[ -f "$load_dll" ] || { echo "$load_dll is missing; run without --no-build" >&2; exit 1; }
log "starting the cluster (rate limits off)"
if $build; then cluster_up; else cluster_up --no-build; fi
source "$state/tokens.env"
probe_setup
log "probe: user $probe_user, ${#probe_workspaces[@]} workspaces"

write_header
for key in "${only[@]}"; do
  case "$key" in
    silo) scenario silo "silo kill -9 under load" "kill-silo 2" "start-silo 2" ;;
    gateway) scenario gateway "gateway kill -9 under load" "kill-gateway 1" "start-gateway 1" ;;
    postgres) scenario postgres "PostgreSQL stopped for ${fault_for} s under load" "stop-postgres" \
      "start-postgres" ;;
    silo-stop) scenario silo-stop "silo stopped gracefully (SIGTERM) under load" "stop-silo 3" "start-silo 3" ;;
    gateway-stop) scenario gateway-stop "gateway stopped gracefully (SIGTERM) under load" "stop-gateway 2" \
      "start-gateway 2" ;;
    *) echo "unknown scenario $key (silo, gateway, postgres, silo-stop, gateway-stop)" >&2; exit 2 ;;
  esac
done
write_summary
echo
cat "$report"
[ "$failed" = 0 ] || exit 1
