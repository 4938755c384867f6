# Sourced by fault-tests.sh: a probe beside the load that asks the cluster every 200 ms, through nginx, and
# records each answer, so a fault's effect is seen request by request. It alternates a one-event ingestion
# (a new idempotency key each time: it must reach PostgreSQL) and a search whose limit changes every time (the
# profile grain's search cache never answers it). Each request runs on its own, so a slow answer does not
# delay the next probe. Probe lines: send time (ms since epoch), kind, HTTP status (000: no answer),
# seconds taken, the envelope's error_code, the idempotency key of an ingestion.
# Expects load-common.sh and tokens.env (FASTIO_SERVICE_TOKEN) already sourced.

probe_every=0.2
# Above the product's longest wait for an ordinary request (Orleans' 30 s call timeout): an answer slower than
# that is a hang.
probe_timeout=40
probe_pid=""
probe_workspaces=()

probe_id() {
  local a b
  a=$(od -An -N4 -tu4 /dev/urandom | tr -d ' ')
  b=$(od -An -N4 -tu4 /dev/urandom | tr -d ' ')
  printf '1%010d%09d' "$a" $((b % 1000000000))
}

probe_ingest_body() {
  local event="$1" workspace="$2" object="$3" key="$4" occurred
  occurred="$(date -u +%Y-%m-%dT%H:%M:%S.%6NZ)"
  printf '{"events":[{"event":"%s","calling_user_id":"%s","calling_user_name":"Fault Probe",' \
    "$event" "$probe_user"
  # A user_created event belongs to the user it creates, so it names no org.
  if [ "$event" = user_created ]; then printf '"user_id":"%s",' "$probe_user"
  else printf '"org_id":"%s",' "$probe_org"; fi
  [ -n "$workspace" ] && printf '"workspace_id":"%s",' "$workspace"
  [ -n "$object" ] && printf '"object_id":"%s",' "$object"
  printf '"occurred_at":"%s","idempotency_key":"%s","details":{"name":"probe","filename":"probe.txt"}}]}' \
    "$occurred" "$key"
}

probe_post() {
  curl -s -m 20 -o /dev/null -w '%{http_code}' -X POST "$lb_url/internal/events/" \
    -H "Authorization: Bearer $FASTIO_SERVICE_TOKEN" -H 'Content-Type: application/json' --data-binary "$1"
}

# probe_setup: a user, an org and nine workspaces of the probe's own (spread over the silos by the cluster).
probe_setup() {
  probe_run="$(od -An -N3 -tx1 /dev/urandom | tr -d ' ')"
  probe_user="$(probe_id)"
  probe_org="$(probe_id)"
  local code i
  code="$(probe_post "$(probe_ingest_body user_created "" "" "probe-$probe_run-user")")"
  [ "$code" = 200 ] || { echo "probe: creating its user answered $code" >&2; exit 1; }
  code="$(probe_post "$(probe_ingest_body org_created "" "" "probe-$probe_run-org")")"
  [ "$code" = 200 ] || { echo "probe: creating its org answered $code" >&2; exit 1; }
  probe_workspaces=()
  for i in $(seq 1 9); do
    probe_workspaces+=("$(probe_id)")
    code="$(probe_post "$(probe_ingest_body workspace_created "${probe_workspaces[-1]}" "" \
      "probe-$probe_run-ws-$i")")"
    [ "$code" = 200 ] || { echo "probe: creating workspace $i answered $code" >&2; exit 1; }
  done
  probe_user_token="$(dotnet "$root/tests/FastIo.Replay/bin/Release/net10.0/fastio-replay.dll" token \
    --kind user --sub "$probe_user" --name "Fault Probe" --hours 4)"
}

# probe_once N FILE: one request; appends its line to FILE.
probe_once() {
  local n="$1" file="$2" sent body kind result code secs error key=-
  local workspace="${probe_workspaces[$((n / 2 % ${#probe_workspaces[@]}))]}"
  body="$(mktemp)"
  sent="$(now_ms)"
  if [ $((n % 2)) = 0 ]; then
    kind=ingest
    key="probe-$probe_run-$probe_tag-$n"
    result="$(curl -s -m "$probe_timeout" -o "$body" -w '%{http_code} %{time_total}' -X POST \
      "$lb_url/internal/events/" -H "Authorization: Bearer $FASTIO_SERVICE_TOKEN" \
      -H 'Content-Type: application/json' --data-binary "$(probe_ingest_body workspace_storage_file_added \
      "$workspace" "pr$probe_run-$probe_tag-$n" "$key")" || true)"
  else
    kind=search
    result="$(curl -s -m "$probe_timeout" -o "$body" -w '%{http_code} %{time_total}' \
      -H "Authorization: Bearer $probe_user_token" \
      "$lb_url/current/events/search/?workspace_id=$workspace&limit=$((n % 200 + 1))" || true)"
  fi
  code="${result%% *}"; secs="${result#* }"
  [ -n "$code" ] || { code=000; secs="$probe_timeout"; }
  error="$(grep -o '"error_code":"[A-Z_]*"' "$body" | head -n 1 | cut -d'"' -f4 || true)"
  rm -f "$body"
  echo "$sent $kind $code $secs ${error:--} $key" >>"$file"
}

probe_loop() {
  local file="$1" n=0 stop=false
  trap 'stop=true' TERM
  while ! $stop; do
    probe_once "$n" "$file" &
    n=$((n + 1))
    sleep "$probe_every"
  done
  wait
}

# probe_start FILE: the file's name tags the probe's idempotency keys, so no scenario replays another's keys.
probe_start() {
  : >"$1"
  probe_tag="$(basename "$1" .probe)"
  probe_loop "$1" &
  probe_pid=$!
}

# probe_stop: no new probes; waits for the ones in flight (each bounded by probe_timeout).
probe_stop() {
  [ -n "$probe_pid" ] || return 0
  kill -TERM "$probe_pid" 2>/dev/null || true
  wait "$probe_pid" 2>/dev/null || true
  probe_pid=""
}

# probe_window FILE FROM_MS TO_MS: "count ok failed no_answer max_seconds" of the probes sent in [FROM, TO).
probe_window() {
  awk -v from="$2" -v to="$3" '$1 >= from && $1 < to {
      n++; if ($3 == 200) ok++; else if ($3 == "000") none++; else bad++; if ($4 > max) max = $4 }
    END { printf "%d %d %d %d %.3f\n", n, ok, bad, none, max }' "$1"
}

# probe_histogram FILE FROM_MS TO_MS: Markdown rows "| kind | status | error_code | count | max s |".
probe_histogram() {
  sort -k1,1n "$1" | awk -v from="$2" -v to="$3" '$1 >= from && $1 < to {
      k = $2 " | " $3 " | " $5; c[k]++; if ($4 > m[k]) m[k] = $4 }
    END { for (k in c) printf "| %s | %d | %.3f |\n", k, c[k], m[k] }' | sort
}

# probe_recovery FILE FROM_MS TO_MS: "first_fail_ms last_fail_ms recovered_ms" for probes sent in [FROM, TO):
# the first and last failed probe, and the first success sent after the last failure ("-" when none).
probe_recovery() {
  sort -k1,1n "$1" | awk -v from="$2" -v to="$3" '$1 >= from && $1 < to {
      if ($3 != 200) { if (first == "") first = $1; last = $1; rec = "" }
      else if (last != "" && rec == "") rec = $1 }
    END { printf "%s %s %s\n", (first == "" ? "-" : first), (last == "" ? "-" : last), (rec == "" ? "-" : rec) }'
}

# probe_stored FILE: "acked acked_missing acked_twice errored_stored" for the probe's ingestions in FILE, by
# their idempotency keys in the events table: an answered 200 must be stored exactly once; an error answer may
# or may not have been stored (the client retries such a batch with the same key).
probe_stored() {
  local stored
  stored="$(mktemp)"
  "$(pg_bin_dir)/psql" -h 127.0.0.1 -p "${FASTIO_CLUSTER_PG_PORT:-15532}" -U postgres -d fastio -tA -F ' ' -c \
    "SELECT idempotency_key, count(*) FROM events WHERE idempotency_key LIKE 'probe-$probe_run-%' GROUP BY 1" \
    >"$stored"
  awk 'NR == FNR { count[$1] = $2; next }
    $2 == "ingest" && $3 == 200 { acked++; if (!($6 in count)) missing++; else if (count[$6] > 1) twice++ }
    $2 == "ingest" && $3 != 200 && ($6 in count) { errored++ }
    END { printf "%d %d %d %d\n", acked, missing, twice, errored }' "$stored" "$1"
  rm -f "$stored"
}
