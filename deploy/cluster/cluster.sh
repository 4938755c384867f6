#!/usr/bin/env bash
# A FastIo cluster on this machine's loopback: PostgreSQL, three silos, two gateways, nginx in front of them.
# State (data, logs, pid files, rendered nginx config, tokens) lives in .local/cluster/ and is kept by `down`.
usage() {
  cat <<'USAGE'
usage: deploy/cluster/cluster.sh COMMAND
  up                  build Release, start everything that is not running, wait until ready, print URL and tokens
                      (--no-build: use the binaries already built)
  down                stop nginx, gateways, silos (gracefully) and PostgreSQL; data is kept
  status              what runs, what is ready, the Orleans membership table
  kill-silo N         kill -9 silo N (1-3)           stop-silo N     SIGTERM silo N, wait until it exits
  start-silo N        start silo N, wait until ready
  kill-gateway N      kill -9 gateway N (1-2)        stop-gateway N  SIGTERM gateway N, wait until it exits
  start-gateway N     start gateway N, wait until ready
  stop-postgres       stop PostgreSQL (fast shutdown)
  start-postgres      start PostgreSQL again
  check-nginx         render the nginx config into .local/cluster/nginx and check it with nginx -t
Ports (environment overrides): FASTIO_CLUSTER_PG_PORT 15532, silo i: FASTIO_CLUSTER_SILO_PORT_BASE+i (11510),
FASTIO_CLUSTER_SILO_GATEWAY_PORT_BASE+i (30510), health FASTIO_CLUSTER_SILO_HTTP_BASE+i (5510); gateway j:
FASTIO_CLUSTER_GATEWAY_HTTP_BASE+j (5500); nginx FASTIO_CLUSTER_LB_PORT (8080) on 127.0.0.1.
Silos and gateways inherit this script's environment, so product settings pass through, e.g.
RateLimits__Enabled=false for load tests (give it to start-silo and start-gateway too).
Fault tests: deploy/cluster/fault-tests.sh; 1 silo against 3 under load: deploy/cluster/load-compare.sh.
USAGE
}
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$root"
source deploy/local/postgres.sh

silos=3
gateways=2
pg_port="${FASTIO_CLUSTER_PG_PORT:-15532}"
silo_port_base="${FASTIO_CLUSTER_SILO_PORT_BASE:-11510}"
silo_gateway_port_base="${FASTIO_CLUSTER_SILO_GATEWAY_PORT_BASE:-30510}"
silo_http_base="${FASTIO_CLUSTER_SILO_HTTP_BASE:-5510}"
gateway_http_base="${FASTIO_CLUSTER_GATEWAY_HTTP_BASE:-5500}"
lb_port="${FASTIO_CLUSTER_LB_PORT:-8080}"

state="$root/.local/cluster"
pgdata="$state/pgdata"
logs="$state/logs"
pids="$state/pids"
nginx_dir="$state/nginx"
# How long a graceful stop may take before it is reported (gateways answer waiting long-polls, silos
# deactivate grains and leave the membership table).
stop_timeout="${FASTIO_CLUSTER_STOP_TIMEOUT:-60}"

# Everything a silo and a gateway need, the same names ./run uses. The development key and secret are for
# this machine only; real environments take them from a secret store (see deploy/k8s/secret.example.yaml).
export Auth__SigningKey="${Auth__SigningKey:-fastio-development-signing-key-0123456789abcdef}"
export Stripe__WebhookSecrets="${Stripe__WebhookSecrets:-whsec_fastio_development_webhook_secret}"
export Dashboard__Enabled="${Dashboard__Enabled:-true}"
export ConnectionStrings__Postgres="Host=127.0.0.1;Port=$pg_port;Username=postgres;Database=fastio;\
Maximum Pool Size=100"

silo_dir="$root/Silo/bin/Release/net10.0"
gateway_dir="$root/Gateway/bin/Release/net10.0"
replay_dll="$root/tests/FastIo.Replay/bin/Release/net10.0/fastio-replay.dll"

say() { echo "cluster: $*"; }
die() { echo "cluster: $*" >&2; exit 1; }
# What `up` already started keeps running after a failure, so the log of the failing process can be read.
trap 'if [ $? -ne 0 ] && [ "${command:-}" = up ]; then
  echo "cluster: up failed; processes already started keep running (stop them: deploy/cluster/cluster.sh down)" >&2
fi' EXIT

check_index() {
  local kind="$1" n="${2:-}" max="$3"
  [[ "$n" =~ ^[0-9]+$ ]] && [ "$n" -ge 1 ] && [ "$n" -le "$max" ] || die "$kind number must be 1..$max (got '${n}')"
}

silo_http_port() { echo $((silo_http_base + $1)); }
gateway_http_port() { echo $((gateway_http_base + $1)); }

# pid_of NAME: the pid from NAME's pid file when that process still runs, else nothing.
pid_of() {
  local file="$pids/$1.pid" pid
  [ -f "$file" ] || return 0
  pid="$(cat "$file")"
  if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then echo "$pid"; fi
}

# launch NAME CMD...: start CMD in its own session (so a Ctrl-C in the terminal that ran `up` does not reach
# it, and it outlives this script), output to logs/NAME.log, pid in pids/NAME.pid. The inner shell writes its
# own pid and then execs, so the pid file names the dotnet process itself.
launch() {
  local name="$1"; shift
  local pid
  pid="$(pid_of "$name")"
  if [ -n "$pid" ]; then say "$name already runs (pid $pid)"; return 0; fi
  rm -f "$pids/$name.pid"
  setsid bash -c 'echo $$ >"$0"; exec "$@"' "$pids/$name.pid" "$@" >>"$logs/$name.log" 2>&1 </dev/null &
  for _ in $(seq 1 50); do [ -s "$pids/$name.pid" ] && break; sleep 0.1; done
  say "started $name (pid $(cat "$pids/$name.pid"), log .local/cluster/logs/$name.log)"
}

# wait_ready NAME URL [SECONDS]: until URL answers 2xx; on failure show the end of NAME's log.
wait_ready() {
  local name="$1" url="$2" seconds="${3:-120}"
  local deadline=$((SECONDS + seconds))
  while [ "$SECONDS" -lt "$deadline" ]; do
    if curl -fs -m 2 "$url" >/dev/null 2>&1; then say "$name ready ($url)"; return 0; fi
    if [ -z "$(pid_of "$name")" ]; then
      echo "cluster: $name exited before it was ready; last lines of .local/cluster/logs/$name.log:" >&2
      tail -n 30 "$logs/$name.log" >&2; exit 1
    fi
    sleep 0.5
  done
  echo "cluster: $name not ready after ${seconds}s; last lines of .local/cluster/logs/$name.log:" >&2
  tail -n 30 "$logs/$name.log" >&2; exit 1
}

# stop_process NAME SIGNAL: signal it and wait until it has exited (bounded by stop_timeout).
stop_process() {
  local name="$1" signal="$2" pid
  pid="$(pid_of "$name")"
  if [ -z "$pid" ]; then say "$name is not running"; rm -f "$pids/$name.pid"; return 0; fi
  kill "-$signal" "$pid" 2>/dev/null || true
  if [ "$signal" = KILL ]; then
    while kill -0 "$pid" 2>/dev/null; do sleep 0.1; done
    say "$name killed (pid $pid)"; rm -f "$pids/$name.pid"; return 0
  fi
  local deadline=$((SECONDS + stop_timeout))
  while kill -0 "$pid" 2>/dev/null; do
    if [ "$SECONDS" -ge "$deadline" ]; then
      say "$name (pid $pid) still runs ${stop_timeout}s after SIG$signal; killing it"
      kill -KILL "$pid" 2>/dev/null || true
    fi
    sleep 0.2
  done
  say "$name stopped (pid $pid)"; rm -f "$pids/$name.pid"
}

# Stops several processes at once (their drains overlap) and waits for all.
stop_many() {
  local signal="$1"; shift
  local name jobs=()
  for name in "$@"; do stop_process "$name" "$signal" & jobs+=($!); done
  for job in "${jobs[@]}"; do wait "$job" || true; done
}

build() {
  say "building Release (log .local/cluster/logs/build.log)..."
  # Only what the cluster runs: the two hosts and the replay tool (it mints the tokens).
  : >"$logs/build.log"
  local project
  for project in Silo/Silo.csproj Gateway/Gateway.csproj tests/FastIo.Replay/FastIo.Replay.csproj; do
    dotnet build "$project" -c Release -v quiet -nologo >>"$logs/build.log" 2>&1 \
      || { tail -n 30 "$logs/build.log" >&2; die "build of $project failed"; }
  done
}

require_binaries() {
  local file
  for file in "$silo_dir/FastIo.Orleans.Silo.dll" "$gateway_dir/FastIo.Orleans.Gateway.dll" "$replay_dll"; do
    [ -f "$file" ] || die "$file is missing; run 'deploy/cluster/cluster.sh up' (it builds) first"
  done
}

start_pg() {
  ensure_postgres_installed
  say "PostgreSQL on 127.0.0.1:$pg_port (data .local/cluster/pgdata)"
  start_postgres "$pgdata" "$pg_port"
}

pg_ready() { "$(pg_bin_dir)/pg_isready" -q -h 127.0.0.1 -p "$pg_port" 2>/dev/null; }

start_silo() {
  local i="$1"
  Orleans__Endpoints__SiloPort=$((silo_port_base + i)) \
  Orleans__Endpoints__GatewayPort=$((silo_gateway_port_base + i)) \
    launch "silo-$i" dotnet "$silo_dir/FastIo.Orleans.Silo.dll" \
      --urls "http://127.0.0.1:$(silo_http_port "$i")" --contentRoot "$silo_dir"
}

start_gateway() {
  local j="$1"
  launch "gateway-$j" dotnet "$gateway_dir/FastIo.Orleans.Gateway.dll" \
    --urls "http://127.0.0.1:$(gateway_http_port "$j")" --contentRoot "$gateway_dir"
}

ensure_nginx_installed() {
  if command -v nginx >/dev/null 2>&1; then return 0; fi
  if [ "$(id -u)" != 0 ]; then die "nginx is not installed. Install it with: sudo apt-get install -y nginx"; fi
  say "installing nginx from Debian's packages..."
  DEBIAN_FRONTEND=noninteractive apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nginx >/dev/null
}

# Renders the shared template and a main config of our own: prefix, pid, logs and temp files under
# .local/cluster/nginx, so this nginx is independent of the system's service and configuration.
render_nginx() {
  mkdir -p "$nginx_dir/temp"
  local servers="" j
  for j in $(seq 1 "$gateways"); do
    servers+="server 127.0.0.1:$(gateway_http_port "$j") max_fails=1 fail_timeout=10s; "
  done
  FASTIO_LISTEN="127.0.0.1:$lb_port" FASTIO_UPSTREAM_SERVERS="$servers" FASTIO_ACCESS_LOG="$logs/nginx-access.log" \
    envsubst '${FASTIO_LISTEN} ${FASTIO_UPSTREAM_SERVERS} ${FASTIO_ACCESS_LOG}' \
    <deploy/nginx/fastio.conf.template >"$nginx_dir/fastio.conf"
  local user_line=""
  if [ "$(id -u)" = 0 ]; then
    # As root the workers run as www-data; they write request bodies and proxied responses to temp/.
    user_line="user www-data;"
    chown -R www-data "$nginx_dir/temp"
  fi
  cat >"$nginx_dir/nginx.conf" <<CONF
# Generated by deploy/cluster/cluster.sh from deploy/nginx/fastio.conf.template; edit those, not this.
$user_line
worker_processes 1;
pid $nginx_dir/nginx.pid;
error_log $logs/nginx-error.log warn;
# A graceful stop does not wait for long-polls and WebSockets longer than this.
worker_shutdown_timeout 10s;
events { worker_connections 4096; }
http {
    client_body_temp_path $nginx_dir/temp/client_body;
    proxy_temp_path $nginx_dir/temp/proxy;
    fastcgi_temp_path $nginx_dir/temp/fastcgi;
    uwsgi_temp_path $nginx_dir/temp/uwsgi;
    scgi_temp_path $nginx_dir/temp/scgi;
    include $nginx_dir/fastio.conf;
}
CONF
}

nginx_cmd() { nginx -p "$nginx_dir/" -c "$nginx_dir/nginx.conf" -e "$logs/nginx-error.log" "$@"; }

nginx_pid() {
  local pid
  [ -f "$nginx_dir/nginx.pid" ] || return 0
  pid="$(cat "$nginx_dir/nginx.pid")"
  if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then echo "$pid"; fi
}

start_nginx() {
  ensure_nginx_installed
  render_nginx
  nginx_cmd -t -q || die "the rendered nginx config is invalid ($nginx_dir/nginx.conf)"
  if [ -n "$(nginx_pid)" ]; then
    nginx_cmd -s reload
    say "nginx reloaded (pid $(nginx_pid))"
  else
    nginx_cmd
    say "nginx started (pid $(nginx_pid), logs .local/cluster/logs/nginx-*.log)"
  fi
}

stop_nginx() {
  local pid
  pid="$(nginx_pid)"
  if [ -z "$pid" ]; then say "nginx is not running"; return 0; fi
  kill -QUIT "$pid"   # graceful: finish requests in flight, bounded by worker_shutdown_timeout
  while kill -0 "$pid" 2>/dev/null; do sleep 0.2; done
  say "nginx stopped (pid $pid)"
}

mint_token() { dotnet "$replay_dll" token "$@"; }

membership() {
  pg_ready || { echo "  (PostgreSQL is down)"; return 0; }
  # Orleans' membership table: status 3 is Active, 6 Dead.
  "$(pg_bin_dir)/psql" -h 127.0.0.1 -p "$pg_port" -U postgres -d fastio -P pager=off -c \
    "SELECT address, port, CASE status WHEN 3 THEN 'active' WHEN 6 THEN 'dead' WHEN 1 THEN 'created'
       WHEN 2 THEN 'joining' WHEN 4 THEN 'shutting down' WHEN 5 THEN 'stopping' ELSE status::text END AS status,
       to_char(starttime, 'HH24:MI:SS') AS started, to_char(iamalivetime, 'HH24:MI:SS') AS i_am_alive
     FROM orleansmembershiptable ORDER BY starttime DESC LIMIT 12" 2>/dev/null \
    || echo "  (no membership table yet)"
}

wait_active_silos() {
  local want="$1" count=0 deadline=$((SECONDS + 60))
  while [ "$SECONDS" -lt "$deadline" ]; do
    count="$("$(pg_bin_dir)/psql" -h 127.0.0.1 -p "$pg_port" -U postgres -d fastio -tAc \
      "SELECT count(*) FROM orleansmembershiptable m WHERE status = 3 AND m.port BETWEEN $((silo_port_base + 1))
       AND $((silo_port_base + silos)) AND m.generation = (SELECT max(generation) FROM orleansmembershiptable o
       WHERE o.address = m.address AND o.port = m.port)" 2>/dev/null || echo 0)"
    [ "$count" -ge "$want" ] && { say "$count silos active in the membership table"; return 0; }
    sleep 0.5
  done
  die "only $count of $want silos became active in the membership table"
}

cmd_up() {
  local no_build=false
  [ "${1:-}" = --no-build ] && no_build=true
  mkdir -p "$logs" "$pids"
  start_pg
  $no_build || build
  require_binaries
  # Silo 1 first and alone: it applies the schema migrations the others (and Orleans' membership) rely on.
  start_silo 1
  wait_ready silo-1 "http://127.0.0.1:$(silo_http_port 1)/health/ready" 180
  local i j
  for i in $(seq 2 "$silos"); do start_silo "$i"; done
  for i in $(seq 2 "$silos"); do wait_ready "silo-$i" "http://127.0.0.1:$(silo_http_port "$i")/health/ready" 180; done
  wait_active_silos "$silos"
  for j in $(seq 1 "$gateways"); do start_gateway "$j"; done
  for j in $(seq 1 "$gateways"); do
    wait_ready "gateway-$j" "http://127.0.0.1:$(gateway_http_port "$j")/health/ready" 180
  done
  start_nginx
  local url="http://127.0.0.1:$lb_port"
  local deadline=$((SECONDS + 30))
  until curl -fs -m 2 "$url/health/ready" >/dev/null 2>&1; do
    [ "$SECONDS" -lt "$deadline" ] || die "nginx does not reach the gateways; see .local/cluster/logs/nginx-error.log"
    sleep 0.5
  done
  local user_id="${FASTIO_DEV_USER:-10000000000000000001}" user_token service_token operator_token
  user_token="$(mint_token --kind user --sub "$user_id" --name "Dev User" --hours 24)"
  service_token="$(mint_token --kind service --sub dev --hours 24)"
  operator_token="$(mint_token --kind operator --sub dev-operator --hours 24)"
  # For scripts (fault tests): `source .local/cluster/tokens.env`.
  printf 'FASTIO_URL=%s\nFASTIO_USER_TOKEN=%s\nFASTIO_SERVICE_TOKEN=%s\n' "$url" "$user_token" "$service_token" \
    >"$state/tokens.env"
  cat <<MSG

FastIo cluster is running: $silos silos, $gateways gateways, nginx.
  URL:            $url/current/   (health: $url/health/ready)
  User token:     $user_token
  Service token:  $service_token
  Dashboard:      $url/operator/login   with operator token: $operator_token
  Also in:        .local/cluster/tokens.env
  Logs:           .local/cluster/logs/
Stop with: deploy/cluster/cluster.sh down
MSG
}

cmd_down() {
  stop_nginx
  local names=() i
  for i in $(seq 1 "$gateways"); do names+=("gateway-$i"); done
  # Gateways first: they answer waiting long-polls and close sockets while the silos still serve them.
  stop_many TERM "${names[@]}"
  names=()
  for i in $(seq 1 "$silos"); do names+=("silo-$i"); done
  stop_many TERM "${names[@]}"
  if pg_bin_dir >/dev/null && [ -d "$pgdata" ]; then
    stop_postgres "$pgdata"
    say "PostgreSQL stopped (data kept in .local/cluster/pgdata)"
  fi
}

cmd_status() {
  local name port pid code i
  printf '%-10s %-8s %-6s %s\n' process pid ready url
  if pg_ready; then code=yes; else code=no; fi
  printf '%-10s %-8s %-6s %s\n' postgres "-" "$code" "127.0.0.1:$pg_port"
  for i in $(seq 1 "$silos"); do
    name="silo-$i"; port="$(silo_http_port "$i")"; pid="$(pid_of "$name")"
    code="$(curl -s -m 2 -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port/health/ready" 2>/dev/null || true)"
    printf '%-10s %-8s %-6s %s\n' "$name" "${pid:--}" "${code:-000}" "http://127.0.0.1:$port"
  done
  for i in $(seq 1 "$gateways"); do
    name="gateway-$i"; port="$(gateway_http_port "$i")"; pid="$(pid_of "$name")"
    code="$(curl -s -m 2 -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port/health/ready" 2>/dev/null || true)"
    printf '%-10s %-8s %-6s %s\n' "$name" "${pid:--}" "${code:-000}" "http://127.0.0.1:$port"
  done
  pid="$(nginx_pid)"
  code="$(curl -s -m 2 -o /dev/null -w '%{http_code}' "http://127.0.0.1:$lb_port/health/ready" 2>/dev/null || true)"
  printf '%-10s %-8s %-6s %s\n' nginx "${pid:--}" "${code:-000}" "http://127.0.0.1:$lb_port"
  echo; echo "Orleans membership (newest first):"
  membership
}

mkdir -p "$logs" "$pids"
command="${1:-}"
[ $# -gt 0 ] && shift
case "$command" in
  up) cmd_up "$@" ;;
  down) cmd_down ;;
  status) cmd_status ;;
  kill-silo) check_index silo "${1:-}" "$silos"; stop_process "silo-$1" KILL ;;
  stop-silo) check_index silo "${1:-}" "$silos"; stop_process "silo-$1" TERM ;;
  start-silo)
    check_index silo "${1:-}" "$silos"; require_binaries; pg_ready || die "PostgreSQL is not running"
    start_silo "$1"; wait_ready "silo-$1" "http://127.0.0.1:$(silo_http_port "$1")/health/ready" 180 ;;
  kill-gateway) check_index gateway "${1:-}" "$gateways"; stop_process "gateway-$1" KILL ;;
  stop-gateway) check_index gateway "${1:-}" "$gateways"; stop_process "gateway-$1" TERM ;;
  start-gateway)
    check_index gateway "${1:-}" "$gateways"; require_binaries; pg_ready || die "PostgreSQL is not running"
    start_gateway "$1"; wait_ready "gateway-$1" "http://127.0.0.1:$(gateway_http_port "$1")/health/ready" 180 ;;
  stop-postgres) pg_bin_dir >/dev/null || die "PostgreSQL is not installed"; stop_postgres "$pgdata"
    say "PostgreSQL stopped" ;;
  start-postgres) start_pg ;;
  check-nginx) ensure_nginx_installed; render_nginx; nginx_cmd -t -q
    say "nginx -t accepts the loopback rendering (.local/cluster/nginx/fastio.conf, listen 127.0.0.1:$lb_port)" ;;
  -h|--help|help) usage ;;
  *) usage >&2; exit 2 ;;
esac
