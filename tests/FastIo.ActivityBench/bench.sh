#!/usr/bin/env bash
# Runs the activity benchmark against a stack already started with ./run, plus the reference broadcaster.
#   FASTIO_HTTP_PORT=5280 ... ./run                        (in another shell: the product)
#   tests/FastIo.ActivityBench/bench.sh [--sockets N] [--polls N] [--profiles N] [--rate R] [--seconds S]
# Loopback only. Every connection is a file descriptor on both sides, so the counts must fit under
# `ulimit -n` of this shell and of the gateway's.
set -euo pipefail
cd "$(dirname "$0")/../.."
port="${FASTIO_HTTP_PORT:-5280}"

ulimit -n "$(ulimit -Hn)" 2>/dev/null || true
echo "open-file limit: $(ulimit -n) (each socket and each waiting poll takes one here and one in the gateway)"

gateway_pid="$(pgrep -f "FastIo.Orleans.Gateway.dll --urls http://127.0.0.1:$port( |$)" | head -n 1 || true)"
if [[ -z "$gateway_pid" ]]; then
  echo "no gateway on port $port: start the stack with ./run first" >&2
  exit 2
fi
echo "gateway pid $gateway_pid, open-file limit $(awk '/Max open files/ {print $4}' "/proc/$gateway_pid/limits")"

dotnet build tests/FastIo.ActivityBench/FastIo.ActivityBench.csproj -c Release -v quiet -nologo >/dev/null
exec dotnet tests/FastIo.ActivityBench/bin/Release/net10.0/fastio-activity-bench.dll \
  --url "http://127.0.0.1:$port/" --gateway-pid "$gateway_pid" "$@"
