# Sourced by fault-tests.sh: judges a scenario and writes its section of the Markdown report ($report).
# Expects load-common.sh and probe.sh sourced, and $report, $out, $hang_seconds, $failed, $load_args set.

declare -A log_marks=()
summary_rows=()

# Remembers where each host's log ends, so a scenario's excerpt shows only what it caused.
mark_logs() {
  local file
  for file in "$state"/logs/silo-*.log "$state"/logs/gateway-*.log; do
    log_marks["$file"]="$(stat -c %s "$file" 2>/dev/null || echo 0)"
  done
}

# Warnings and errors written since mark_logs, per log: count, then the kinds (logger line and first message
# line), most frequent first. The console logger writes "level: Category[id]" and the message below it.
log_excerpt() {
  local file name
  for file in "$state"/logs/silo-*.log "$state"/logs/gateway-*.log; do
    name="$(basename "$file")"
    tail -c +"$(( ${log_marks[$file]:-0} + 1 ))" "$file" | awk -v name="$name" '
      function flush() {
        # Profile and grain IDs differ from line to line; without them, lines of one kind count together.
        gsub(/[0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9]+/, "<id>", text)
        if (head != "") { count[head " | " substr(text, 1, 220)]++; total++ }
        head = ""; state = 0
      }
      /^(warn|fail|crit|info|dbug|trce): / {
        flush(); if ($0 ~ /^(warn|fail|crit)/) { head = $0; state = 1 }; next }
      state == 1 { text = $0; sub(/^ +/, "", text); state = 2; next }
      state == 2 { if ($0 ~ /^ +[A-Za-z0-9_.]+(Exception|Error)/) { x = $0; sub(/^ +/, "", x); text = text " / " x }
        flush(); next }
      END {
        flush()
        if (total == 0) { printf "- `%s`: no warnings or errors\n", name; exit }
        printf "- `%s`: %d warnings/errors\n", name, total
        for (k in count) printf "%d\t%s\n", count[k], k | "sort -rn | head -n 6 | sed \"s/^/    - /\""
      }'
  done
}

ms_to_s() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.1f", (a - b) / 1000 }'; }
clock() { date -u -d "@$(( $1 / 1000 ))" +%H:%M:%S; }

# verdict NAME OK EVIDENCE: a criterion's row; a failure fails the run.
verdict() {
  local result=PASS
  [ "$2" = true ] || { result=FAIL; failed=1; }
  echo "| $1 | **$result** | $3 |" >>"$report"
  if [ "$result" = PASS ]; then section_pass=$((section_pass + 1)); else section_fail=$((section_fail + 1)); fi
}

write_header() {
  local load
  load="$(cut -d' ' -f1-3 /proc/loadavg)"
  cat >"$report" <<MD
# Fault tests on the loopback cluster

- date: $(date -u '+%Y-%m-%d %H:%M:%S UTC'); commit $(git rev-parse --short HEAD) on $(git rev-parse --abbrev-ref HEAD)
- machine: $(nproc) cores, shared with other builds; load average at the start: $load
- cluster: 3 silos, 2 gateways, nginx on $lb_url, PostgreSQL on 127.0.0.1:${FASTIO_CLUSTER_PG_PORT:-15532};
  rate limits off (\`RateLimits__Enabled=false\`)
- load per scenario (fastio-load through nginx): \`--seconds $load_seconds ${load_args[*]:0:${#load_args[@]}-2}\`
  \`--postgres <cluster database>\`; the fault at ${fault_at} s into the load, undone ${fault_for} s later
- probe: every ${probe_every} s one request through nginx, alternately a one-event ingestion (new idempotency
  key) and an uncached search, on 9 workspaces of its own; each request has its own ${probe_timeout} s timeout.
  "Recovery" is the time from the fault to the first successful probe sent after the last failed one.
MD
}

write_section() {
  local key="$1" title="$2" code="$3" t0="$4" fault_ms="$5" fault_done="$6" restore_ms="$7" restore_done="$8"
  local end_ms="$9" fault_cmd="${10}" restore_cmd="${11}"
  local json="$out/$key.json" probes="$out/$key.probe" section_pass=0 section_fail=0
  [ -f "$json" ] || { echo "fastio-load wrote no report ($json); see $out/$key.load.log" >&2; exit 1; }

  local lost dup wrong missed_socket missed_poll given_up drops reconnects progress
  lost="$(jq -r '.database.lost // "unchecked"' "$json")"
  dup="$(jq -r '.database.duplicated // "unchecked"' "$json")"
  wrong="$(jq -r '.database.wrong_event_id // "unchecked"' "$json")"
  missed_socket="$(jq '[.deliveries[] | select(.transport == "socket") | .missed] | add // 0' "$json")"
  missed_poll="$(jq '[.deliveries[] | select(.transport == "poll") | .missed] | add // 0' "$json")"
  given_up="$(jq '.events_given_up' "$json")"
  drops="$(jq '.socket_drops' "$json")"
  reconnects="$(jq '[.operations[] | select(.operation == "reconnect") | .count] | add // 0' "$json")"
  progress="$(grep -E '^ *[0-9]+s  ingested' "$out/$key.load.log" | tail -n 1 || true)"

  local sockets_open polls_waiting
  sockets_open="$(sed -nE 's/.*sockets ([0-9]+\/[0-9]+) open.*/\1/p' <<<"$progress")"
  polls_waiting="$(sed -nE 's/.*polls ([0-9]+\/[0-9]+) waiting.*/\1/p' <<<"$progress")"

  read -r f_n f_ok f_bad f_none f_max < <(probe_window "$probes" "$fault_ms" "$restore_ms")
  read -r a_n a_ok a_bad a_none a_max < <(probe_window "$probes" "$restore_ms" "$end_ms")
  read -r all_n _ _ all_none all_max < <(probe_window "$probes" 0 "$end_ms")
  read -r tail_n tail_ok _ _ _ < <(probe_window "$probes" $((restore_done + 10000)) "$end_ms")
  read -r first_fail last_fail recovered < <(probe_recovery "$probes" "$fault_ms" "$restore_ms")
  read -r _ last_fail_after recovered_after < <(probe_recovery "$probes" "$restore_ms" "$end_ms")

  local recovery recovery_ok=false
  if [ "$first_fail" = - ]; then
    recovery="no probe failed during the fault"; recovery_ok=true
  elif [ "$recovered" = - ]; then
    recovery="failing from +$(ms_to_s "$first_fail" "$fault_ms") s until the undo (no recovery while faulted)"
  else
    recovery="**$(ms_to_s "$recovered" "$fault_ms") s** (first failed probe +$(ms_to_s "$first_fail" "$fault_ms")"
    recovery+=" s, last failed +$(ms_to_s "$last_fail" "$fault_ms") s after the fault)"
    recovery_ok=true
  fi
  local after
  if [ "$last_fail_after" = - ]; then after="no probe failed after the undo began"
  elif [ "$recovered_after" = - ]; then after="probes still failing at the end"
  else after="full service **$(ms_to_s "$recovered_after" "$restore_ms") s** after the undo began (the undo"
    after+=" command took $(ms_to_s "$restore_done" "$restore_ms") s; last failed probe sent at"
    after+=" +$(ms_to_s "$last_fail_after" "$restore_ms") s)"
  fi
  local acked missing twice errored_stored
  read -r acked missing twice errored_stored < <(probe_stored "$probes")

  {
    echo
    echo "## $title"
    echo
    echo "Load sending from $(clock "$t0"). \`cluster.sh $fault_cmd\` at +$(ms_to_s "$fault_ms" "$t0") s (took"
    echo "$(ms_to_s "$fault_done" "$fault_ms") s); \`cluster.sh $restore_cmd\` at +$(ms_to_s "$restore_ms" "$t0") s"
    echo "(took $(ms_to_s "$restore_done" "$restore_ms") s); load tool and probe done at +$(ms_to_s "$end_ms" "$t0") s."
    echo "Load average after the scenario: $(cut -d' ' -f1-3 /proc/loadavg)."
    echo
    echo "fastio-load exit code $code; its last lines:"
    echo
    echo '```'
    grep -E '^(clients ready|sending | *[0-9]+s  ingested|load sent|events:)' "$out/$key.load.log" || true
    sed -n '/^operation /,$p' "$out/$key.load.log"
    echo '```'
    echo
    echo "Failures the load tool printed (it prints the first 20 in full), by kind:"
    echo
    load_failures "$out/$key.load.log"
    echo
    echo "- recovery after the fault: $recovery"
    echo "- after the undo: $after"
    echo "- probes: $all_n in all; during the fault $f_n ($f_ok ok, $f_bad error answers, $f_none no answer, max"
    echo "  ${f_max} s); after the undo $a_n ($a_ok ok, $a_bad error answers, $a_none no answer, max ${a_max} s)"
    echo
    echo "Probe answers during the fault (sent from the fault to the undo):"
    echo
    echo "| kind | status | error_code | count | max s |"
    echo "|---|---|---|---|---|"
    probe_histogram "$probes" "$fault_ms" "$restore_ms"
    echo
    echo "Probe answers after the undo began:"
    echo
    echo "| kind | status | error_code | count | max s |"
    echo "|---|---|---|---|---|"
    probe_histogram "$probes" "$restore_ms" "$end_ms"
    echo
    echo "| criterion | result | evidence |"
    echo "|---|---|---|"
  } >>"$report"

  verdict "nothing acknowledged lost or duplicated, no key missed" \
    "$([ "$lost:$dup:$wrong:$missed_socket:$missed_poll" = 0:0:0:0:0 ] && echo true || echo false)" \
    "lost=$lost duplicated=$dup wrong_event_id=$wrong missed_socket=$missed_socket missed_poll=$missed_poll"
  verdict "all sockets and polls connected again at the end" \
    "$(cnt_full "$sockets_open" && cnt_full "$polls_waiting" && echo true || echo false)" \
    "last progress line: sockets $sockets_open open, polls $polls_waiting waiting; socket drops $drops,"`
    `" reconnects $reconnects"
  # PostgreSQL holds every event: nothing can be recorded while it is down, so recovery counts from the undo.
  [ "$key" = postgres ] || verdict "the cluster serves again while the fault lasts" "$recovery_ok" "$recovery"
  verdict "no probe request hangs (every answer within ${hang_seconds} s)" \
    "$(awk -v m="$all_max" -v h="$hang_seconds" -v n="$all_none" \
      'BEGIN { print (m < h && n == 0) ? "true" : "false" }')" \
    "max ${all_max} s over $all_n probes, $all_none without an answer"
  if [ "$key" = postgres ]; then
    local not_envelope internal
    not_envelope="$(awk -v f="$fault_ms" -v t="$restore_ms" '$1 >= f && $1 < t && $3 != 200 && $5 == "-"' \
      "$probes" | wc -l)"
    internal="$(awk -v f="$fault_ms" -v t="$restore_ms" '$1 >= f && $1 < t && $5 == "APP_INTERNAL_ERROR"' \
      "$probes" | wc -l)"
    verdict "every error during the outage is in the product's envelope" \
      "$([ "$not_envelope" = 0 ] && echo true || echo false)" "$not_envelope error answers without an error_code"
    verdict "no APP_INTERNAL_ERROR during the outage (known issue, being fixed)" \
      "$([ "$internal" = 0 ] && echo true || echo false)" "$internal answers APP_INTERNAL_ERROR"
  fi
  verdict "full service from 10 s after the undo" "$([ "$tail_n" -gt 0 ] && [ "$tail_ok" = "$tail_n" ] \
    && echo true || echo false)" "$tail_ok of $tail_n probes ok"
  verdict "every probe ingestion answered 200 is stored exactly once" \
    "$([ "$missing:$twice" = 0:0 ] && echo true || echo false)" \
    "$acked answered 200: $missing not stored, $twice stored twice; $errored_stored answered with an error but"`
    `" stored all the same"
  verdict "no event given up by the load tool" "$([ "$given_up" = 0 ] && echo true || echo false)" \
    "$given_up events given up after --retry-seconds (unacknowledged, so not counted as lost)"

  {
    echo
    echo "Warnings and errors the hosts logged during the scenario (kind, most frequent first):"
    echo
    log_excerpt
  } >>"$report"
  [ "$key" != postgres ] || recovery="after the undo: $after"
  summary_rows+=("| $title | $section_pass passed, $section_fail failed | $recovery |")
}

# load_failures LOG: the load tool's printed failures counted by operation and answer, as a Markdown list.
load_failures() {
  awk '/^  [0-9][0-9]:[0-9][0-9]:[0-9][0-9]/ { kind = $2; sub(/:$/, "", kind)
      rest = substr($0, 16)
      if (kind == "poll" || kind == "socket") { kind = kind " <profile>"; sub(/^[a-z]+ [0-9]+: /, "", rest) }
      answer = "other: " substr(rest, 1, 100)
      if (match($0, /HTTP [0-9]+: [A-Z_]+/)) answer = substr($0, RSTART, RLENGTH)
      count[kind " | " answer]++; n++ }
    END { if (n == 0) print "- none"; for (k in count) printf "- %d × %s\n", count[k], k }' "$1" | sort
}

# cnt_full "N/M": true when N equals M.
cnt_full() { [ -n "$1" ] && [ "${1%/*}" = "${1#*/}" ]; }

write_summary() {
  {
    echo
    echo "## Summary"
    echo
    echo "| scenario | criteria | recovery after the fault |"
    echo "|---|---|---|"
    printf '%s\n' "${summary_rows[@]}"
    echo
    echo "Load average at the end: $(cut -d' ' -f1-3 /proc/loadavg). Raw files: .local/cluster/faults/"
    echo "(load output, JSON reports, ledgers, probe lines), host logs in .local/cluster/logs/."
  } >>"$report"
}
