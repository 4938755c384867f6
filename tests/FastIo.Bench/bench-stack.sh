# Sourced by the benchmark scripts: one silo and one gateway from the Release build, on ports of their own so a
# benchmark never meets a stack started by ./run. The caller sets ConnectionStrings__Postgres and bench_ports
# ("HTTP SILO_HTTP SILO GATEWAY"; BENCH_PORTS overrides them) and runs from the repository root. Each host's
# content root is its build folder, as with ./run: left at the repository root, configuration's change watcher
# would follow every file below it, the local PostgreSQL's included, and take CPU on every database write.
export Auth__SigningKey="${Auth__SigningKey:-fastio-development-signing-key-0123456789abcdef}"
export Stripe__WebhookSecrets="${Stripe__WebhookSecrets:-whsec_fastio_development_webhook_secret}"
export RateLimits__Enabled="${RateLimits__Enabled:-false}" Logging__LogLevel__Default=Warning

wait_ready() { # URL PID
  until curl -fs "$1" >/dev/null 2>&1; do
    kill -0 "$2" 2>/dev/null || { echo "process $2 exited; see .local/logs/bench-*.log" >&2; exit 1; }
    sleep 0.5
  done
  # Ready may have been answered by another process on the port if ours failed to bind: it must still run.
  kill -0 "$2" 2>/dev/null || { echo "process $2 exited; see .local/logs/bench-*.log" >&2; exit 1; }
}

refuse_taken_ports() { # PORT...
  local port
  for port in "$@"; do
    if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
      echo "port $port is already in use: stop what listens there or set BENCH_PORTS" >&2
      exit 1
    fi
  done
}

start_stack() {
  local http silo_http silo_port gateway_port
  read -r http silo_http silo_port gateway_port <<<"${BENCH_PORTS:-$bench_ports}"
  refuse_taken_ports "$http" "$silo_http" "$silo_port" "$gateway_port"
  mkdir -p .local/logs
  Orleans__Endpoints__SiloPort=$silo_port Orleans__Endpoints__GatewayPort=$gateway_port \
    dotnet Silo/bin/Release/net10.0/FastIo.Orleans.Silo.dll --urls "http://127.0.0.1:$silo_http" \
    --contentRoot "$PWD/Silo/bin/Release/net10.0" >.local/logs/bench-silo.log 2>&1 &
  silo=$!
  wait_ready "http://127.0.0.1:$silo_http/health/ready" "$silo"
  dotnet Gateway/bin/Release/net10.0/FastIo.Orleans.Gateway.dll --urls "http://127.0.0.1:$http" \
    --contentRoot "$PWD/Gateway/bin/Release/net10.0" >.local/logs/bench-gateway.log 2>&1 &
  gateway=$!
  wait_ready "http://127.0.0.1:$http/health/ready" "$gateway"
  bench_url="http://127.0.0.1:$http"
}

stop_stack() {
  # The gateway first, while the silo still answers it: it leaves its stream subscriptions without timeouts.
  kill "$gateway"
  wait "$gateway" 2>/dev/null || true
  kill "$silo"
  wait "$silo" 2>/dev/null || true
  gateway='' silo=''
}
trap 'kill ${gateway:-} ${silo:-} 2>/dev/null || true' EXIT
