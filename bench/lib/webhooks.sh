# The webhook bench's pieces (sourced by webhooks.sh): `vitals serve`, the fleet file of one-member pools and the
# webhook, the loopback receiver (whreceiver.py), the deliveries read back through the API, the figures.
# Needs: BENCH_DIR, RUN_DIR, DLL, API_PORT, API_CPU, RECEIVER_CPU, ADMIN_TOKEN, STARTED_PIDS
# (common.sh, targets.sh and api.sh loaded).

# wh_start_server LOG GROUP_WINDOW -> `vitals serve` (SQLite in RUN_DIR/data) pinned to API_CPU, loopback targets
# allowed (members and the receiver); sets API_PID
wh_start_server() {
  taskset -c "$API_CPU" dotnet "$DLL" serve --listen "127.0.0.1:$API_PORT" --data-dir "$RUN_DIR/data" \
    --admin-token "$ADMIN_TOKEN" --allow-targets 127.0.0.0/8 --notify-group-window "${2}s" >> "$1" 2>&1 &
  API_PID=$!
  STARTED_PIDS+=("$API_PID")
}

# wh_receiver_start PORT SECRET OUT -> the receiver on 127.0.0.1:PORT pinned to RECEIVER_CPU, waited for; sets
# RECEIVER_PID (it writes OUT when stopped)
wh_receiver_start() {
  local end
  rm -f "$RUN_DIR/receiver.ready"
  taskset -c "$RECEIVER_CPU" python3 "$BENCH_DIR/lib/whreceiver.py" --port "$1" --secret "$2" --out "$3" \
    --ready-file "$RUN_DIR/receiver.ready" --max-seconds 7200 2> "$RUN_DIR/receiver.err" &
  RECEIVER_PID=$!
  STARTED_PIDS+=("$RECEIVER_PID")
  end=$(deadline_in 10)
  until [ -s "$RUN_DIR/receiver.ready" ] && wh_receiver_stats "$1" > /dev/null; do
    is_running "$RECEIVER_PID" || die "the receiver died: $(tail -3 "$RUN_DIR/receiver.err")"
    is_past "$end" && die "the receiver does not answer on :$1"
    sleep 0.1
  done
}

# wh_receiver_stats PORT -> {"received", "cpu_s"} from the receiver (fails when it does not answer)
wh_receiver_stats() { curl -sf --max-time 2 "http://127.0.0.1:$1/stats"; }

# wh_write_fleet FILE TARGETS_FILE POOL_SIZE URL SECRET -> a fleet file: one load balancer, one TCP pool per
# POOL_SIZE lines of TARGETS_FILE ("ip:port"), each with a TCP monitor (delay DELAY s, timeout 1 s, rise 1, fall 1),
# and one webhook taking member.transition and pool.grouped to Unhealthy only (the start's Initial -> Healthy
# changes are not sent)
wh_write_fleet() {
  awk -v m="$3" -v url="$4" -v secret="$5" -v delay="$DELAY" '
    BEGIN { print "loadbalancers:\n  - name: bench\n    pools:" }
    { split($1, hp, ":")
      if ((NR - 1) % m == 0) {
        printf "      - name: p-%d\n        protocol: TCP\n", int((NR - 1) / m) + 1
        printf "        health_monitor: {type: TCP, delay: %d, timeout: 1, max_retries: 1, max_retries_down: 1}\n", delay
        print "        members:" }
      printf "          - {name: m-%d, address: %s, protocol_port: %s}\n", NR, hp[1], hp[2] }
    END { printf "webhooks:\n  - name: bench\n    url: %s\n    events: [member.transition, pool.grouped]\n", url
          printf "    states: [Unhealthy]\n    secret: %s\n", secret }' "$2" > "$1"
}

# wh_count_healthy LB -> members whose rotation is ready (0 when the server does not answer)
wh_count_healthy() {
  local answer; answer=$(api_status GET "/api/v1/rotation?loadbalancer_id=$1" "$TOKEN")
  [ "${answer%% *}" = 200 ] || { echo 0; return 0; }
  jq '[.pools[].members[] | select(.rotation == "ready")] | length' <<< "${answer#* }"
}

# wh_deliveries WEBHOOK [STATUS] -> every delivery of the webhook (newest first), one JSON object a line, paged by
# 1,000 (at most 200 pages)
wh_deliveries() {
  local marker="" page answer i
  for ((i = 0; i < 200; i++)); do
    answer=$(api_json GET "/api/v1/webhooks/$1/deliveries?limit=1000${2:+&status=$2}${marker:+&marker=$marker}" "$TOKEN")
    jq -c '.deliveries[] | {event_id, type, status, attempts, event_at, created_at, delivered_at, latency_ms}' <<< "$answer"
    marker=$(jq -r '.next_marker // empty' <<< "$answer")
    [ -z "$marker" ] && return 0
  done
}

# wh_sample_rss PID OUT SECONDS -> VmRSS (kB) of PID every 0.2 s into OUT for at most SECONDS (a background job);
# sets SAMPLER_PID
wh_sample_rss() {
  ( end=$(deadline_in "$3")
    while is_running "$1" && ! is_past "$end"; do status_kb "$1" VmRSS; sleep 0.2; done ) > "$2" &
  SAMPLER_PID=$!
  STARTED_PIDS+=("$SAMPLER_PID")
}

# wh_analyse RECEIVED DELIVERIES T_STOP -> JSON: what arrived at the receiver (RECEIVED: its lines) against what the
# outbox holds (DELIVERIES: the API's lines), seconds from T_STOP (the backends stopping)
wh_analyse() {
  jq -s -c --argjson t0 "$3" --slurpfile d "$2" '
    def ts: capture("^(?<s>[0-9-]+T[0-9:]+)(\\.(?<f>[0-9]+))?(Z|\\+00:00)$")
            | (.s + "Z" | fromdateiso8601) + ("0." + (.f // "0") | tonumber);
    def pct(q): length as $n | if $n == 0 then null else .[(q * $n | ceil) - 1] end;
    def r3: if . == null then null else . * 1000 | round / 1000 end;
    def stats: sort | {n: length, min: (first | r3), p50: (pct(0.5) | r3), p99: (pct(0.99) | r3), max: (last | r3)};
    (map(select(.summary)) | last | .summary) as $sum
    | [.[] | select(.id)] as $r
    | ($r | map(.at)) as $at
    | ($d | map(.event_id) | unique) as $outbox
    | ($r | map(.id) | unique) as $got
    | ($got | map({key: ., value: true}) | from_entries) as $gotset
    | ($outbox | map({key: ., value: true}) | from_entries) as $outset
    | {
        received: ($r | length),
        unique_ids: ($got | length),
        duplicates: (($r | length) - ($got | length)),
        signed_ok: ($r | map(select(.signed)) | length),
        types: ($r | group_by(.type) | map({key: (.[0].type // "?"), value: length}) | from_entries),
        members_in_grouped: ($r | map(.members // 0) | add // 0),
        outbox_rows: ($d | length),
        outbox_not_received: ($outbox | map(select($gotset[.] == null)) | length),
        received_not_in_outbox: ($got | map(select($outset[.] == null)) | length),
        first_arrival_s: ($at | min | if . then . - $t0 | r3 else null end),
        last_arrival_s: ($at | max | if . then . - $t0 | r3 else null end),
        throughput_per_s: (if ($r | length) > 1 then ($r | length - 1) / (($at | max) - ($at | min)) | . * 10 | round / 10 else null end),
        delay_s: ($r | map(select(.time) | .at - (.time | ts)) | stats),
        event_after_stop_s: ($r | map(select(.time) | (.time | ts) - $t0) | stats),
        outbox_write_delay_s: ($d | map((.created_at | ts) - (.event_at | ts)) | stats),
        outbox_to_delivered_s: ($d | map(select(.delivered_at) | (.delivered_at | ts) - (.created_at | ts)) | stats),
        api_latency_ms: ($d | map(select(.latency_ms) | .latency_ms) | stats),
        statuses: ($d | group_by(.status) | map({key: .[0].status, value: length}) | from_entries),
        attempts_max: ($d | map(.attempts) | max),
        receiver_cpu_s: $sum.cpu_s
      }' "$1"
}
