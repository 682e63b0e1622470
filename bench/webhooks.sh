#!/usr/bin/env bash
# bench/webhooks.sh [options]
#
# 10,000 transitions through one webhook (issue 14), end to end on loopback. One `vitals serve` (SQLite) checks N
# members (default 10,000) with a TCP monitor (delay 1 s, timeout 1 s, rise 1, fall 1), each in a pool of its own
# (--pool-size 1, so the per-pool grouping window never folds two of them), all on one nginx listening on PORT (every
# 127.1.x.y address reaches it). One webhook, created by `vitals apply` with the fleet, takes member.transition and
# pool.grouped to Unhealthy and points at a keep-alive HTTP/1.1 receiver on 127.0.0.1 (lib/whreceiver.py) that
# records each request's arrival, Vitals-Event-Id, signature check and the body's `time`.
# Once every member is Healthy and the pools are quiet, nginx is stopped: every check now fails (connection refused)
# and N member.transition events go through the outbox to the one webhook. Measured: events expected/received,
# duplicates and missing ids (against the outbox read back through the API), delivery throughput (first to last
# arrival), delay from the event's `time` to its arrival p50/p99/max, the backends stopping to the last arrival,
# `vitals serve` CPU seconds (and its rate before the failure, the checks alone) and RSS, the outbox write delay
# (transition to its outbox row) and the receiver's own CPU.
# Prints ONE JSON line on stdout and a readable summary on stderr. See bench/README.md, "Webhooks".
#
#   --members N        members (default 10000; 10 to 20000)
#   --pool-size M      members per pool (default 1; N must be a multiple): with M > 1 the pools' later changes come
#                      as pool.grouped events, counted apart (their members are counted as delivered transitions)
#   --delay D          the monitors' delay, seconds (default 1)
#   --group-window S   vitals serve --notify-group-window, seconds (default 5)
#   --wait S           most seconds to wait for the deliveries after the failure (default 300)
#   --no-build         do not build src/Vitals.Cli (Release) first
#   --port P           nginx (the members' port, default 18401); the API listens on P+1, the receiver on P+2
#   --out FILE         also append the JSON line to FILE
#   --keep             keep the scratch directory (kept anyway when the run fails)
#
# Environment: API_CPU (0, vitals serve), RECEIVER_CPU (1, the receiver), SERVER_CPU (last CPU, nginx).
set -euo pipefail

BENCH_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO="$(cd "$BENCH_DIR/.." && pwd)"
for f in common setup targets api webhooks; do source "$BENCH_DIR/lib/$f.sh"; done

usage() { awk 'NR > 1 && !/^#/ { exit } NR > 1 { sub(/^# ?/, ""); print }' "$0" >&2; exit 2; }

N=10000 M=1 DELAY=1 WINDOW=5 WAIT=300 BUILD=1 PORT=18401 OUT_FILE="" KEEP=0
API_CPU=${API_CPU:-0}
RECEIVER_CPU=${RECEIVER_CPU:-$(( $(nproc) > 1 ? 1 : 0 ))}
SERVER_CPU=${SERVER_CPU:-$(( $(nproc) - 1 ))}
while [ $# -gt 0 ]; do
  case $1 in
    --members) N=$2; shift ;;
    --pool-size) M=$2; shift ;;
    --delay) DELAY=$2; shift ;;
    --group-window) WINDOW=$2; shift ;;
    --wait) WAIT=$2; shift ;;
    --no-build) BUILD=0 ;;
    --port) PORT=$2; shift ;;
    --out) OUT_FILE=$2; shift ;;
    --keep) KEEP=1 ;;
    -h|--help) usage ;;
    *) log "unknown option: $1"; usage ;;
  esac
  shift
done
int_in() { [[ "$1" =~ ^[0-9]+$ ]] && [ "$1" -ge "$2" ] && [ "$1" -le "$3" ]; }
int_in "$N" 10 20000 || die "--members is 10 to 20000"
int_in "$M" 1 "$N" && [ $((N % M)) = 0 ] || die "--pool-size is 1 to --members and divides it"
int_in "$DELAY" 1 50 || die "--delay is 1 to 50 (whole seconds)"
int_in "$WINDOW" 1 60 || die "--group-window is 1 to 60 (whole seconds)"
int_in "$WAIT" 10 3600 || die "--wait is 10 to 3600"
int_in "$PORT" 1024 65000 || die "--port is 1024 to 65000"
API_PORT=$((PORT + 1)) RECEIVER_PORT=$((PORT + 2))
ADMIN_TOKEN="bench-admin-token-$$-0123456789abcdef"
SECRET="bench-webhook-secret-$$-0123456789"
POOLS=$((N / M))
# one event per pool, at once; with M > 1 a second one per pool, pool.grouped at its window's end, carrying the rest
EXPECTED=$(( M == 1 ? POOLS : 2 * POOLS ))

bench_ensure_packages nginx:nginx jq:jq curl:curl taskset:util-linux python3:python3
ulimit -n "$(ulimit -Hn)" 2>/dev/null || true
bench_build "$BUILD"
bench_scratch webhooks
LOAD_BEFORE=$(cut -d' ' -f1-3 /proc/loadavg)

# ---- backends, receiver, server, fleet --------------------------------------------------
write_targets "$RUN_DIR/targets.txt" "$N" 1 "$PORT"
nginx_start "$PORT"
wh_receiver_start "$RECEIVER_PORT" "$SECRET" "$RUN_DIR/received.jsonl"
log "$N members in $POOLS pools of $M, TCP check every ${DELAY}s, fall 1; one webhook -> 127.0.0.1:$RECEIVER_PORT; scratch $RUN_DIR"
wh_start_server "$RUN_DIR/server.log" "$WINDOW"
api_wait_serving /openapi/v1.json "$ADMIN_TOKEN" 60 > /dev/null || die "the server does not answer (see $RUN_DIR/server.log)"
TOKEN=$(api_json POST /api/v1/projects "$ADMIN_TOKEN" '{"name":"whbench"}' | jq -r .token)
wh_write_fleet "$RUN_DIR/fleet.yaml" "$RUN_DIR/targets.txt" "$M" "http://127.0.0.1:$RECEIVER_PORT/hook" "$SECRET"
T_APPLY=$(now_s)
timeout 900 dotnet "$DLL" apply -f "$RUN_DIR/fleet.yaml" -s "$(API_URL)" --token "$TOKEN" -o json \
  > "$RUN_DIR/apply.json" 2> "$RUN_DIR/apply.err" || die "apply failed: $(tail -3 "$RUN_DIR/apply.err")"
APPLY_S=$(calc "$(now_s) - $T_APPLY")
LB=$(api_json GET "/api/v1/loadbalancers?name=bench" "$TOKEN" | jq -r '.loadbalancers[0].id')
WEBHOOK=$(api_json GET "/api/v1/webhooks?name=bench" "$TOKEN" | jq -r '.webhooks[0].id')
[ -n "$LB" ] && [ "$LB" != null ] && [ -n "$WEBHOOK" ] && [ "$WEBHOOK" != null ] || die "the load balancer or the webhook is missing"
log "applied in $(printf %.1f "$APPLY_S") s; waiting for $N members in rotation"
end=$(deadline_in "$(calc "60 + $N / 100")")
until [ "$(wh_count_healthy "$LB")" -ge "$N" ]; do
  is_running "$API_PID" || die "the server died (see $RUN_DIR/server.log)"
  is_past "$end" && die "only $(wh_count_healthy "$LB") of $N members in rotation"
  sleep 1
done
# every pool's window (opened by its Initial -> Healthy change) must be over, so that each failure is a pool's first
# change and goes out at once
sleep_while_alive "$(calc "$WINDOW + 2")" "$API_PID" || die "the server died"
BEFORE=$(wh_receiver_stats "$RECEIVER_PORT") || die "the receiver does not answer"
[ "$(jq .received <<< "$BEFORE")" = 0 ] || die "the receiver got events before the failure: $BEFORE"

# the server's CPU with the checks alone, for comparison
TCK=$(getconf CLK_TCK)
read -r u0 s0 < <(cpu_ticks "$API_PID"); t0=$(now_s)
sleep_while_alive 5 "$API_PID" || die "the server died"
read -r u1 s1 < <(cpu_ticks "$API_PID"); t1=$(now_s)
IDLE_CPU_PCT=$(calc "100 * ($u1 + $s1 - $u0 - $s0) / $TCK / ($t1 - $t0)")

# ---- the failure -------------------------------------------------------------------------
wh_sample_rss "$API_PID" "$RUN_DIR/rss.txt" "$((WAIT + 30))"
read -r u0 s0 < <(cpu_ticks "$API_PID")
T_STOP=$(now_s)
nginx_stop "$PORT"
log "nginx stopped: every check fails; waiting for the deliveries (at most ${WAIT}s)"
end=$(deadline_in "$WAIT")
received=0 last_change=$(now_s)
while :; do
  n=$(wh_receiver_stats "$RECEIVER_PORT" | jq .received) || n=$received
  [ "$n" != "$received" ] && { received=$n; last_change=$(now_s); }
  [ "$received" -ge "$EXPECTED" ] && break
  is_running "$API_PID" || die "the server died (see $RUN_DIR/server.log)"
  is_past "$end" && { log "only $received of $EXPECTED expected events arrived in ${WAIT}s"; break; }
  sleep 0.2
done
T_DONE=$(now_s)
read -r u1 s1 < <(cpu_ticks "$API_PID")
SERVE_CPU_S=$(calc "($u1 + $s1 - $u0 - $s0) / $TCK")
# a short tail to catch a late duplicate, then the outbox read back
sleep_while_alive 3 "$API_PID" || die "the server died"
HWM_KB=$(status_kb "$API_PID" VmHWM)
stop_pid "$SAMPLER_PID" 1
wh_deliveries "$WEBHOOK" > "$RUN_DIR/deliveries.jsonl"
stop_pid "$RECEIVER_PID" 10
[ -s "$RUN_DIR/received.jsonl" ] || die "the receiver wrote nothing: $(tail -3 "$RUN_DIR/receiver.err")"

# ---- the figures ------------------------------------------------------------------------
FIG=$(wh_analyse "$RUN_DIR/received.jsonl" "$RUN_DIR/deliveries.jsonl" "$T_STOP")
RSS_MAX_KB=$(sort -n "$RUN_DIR/rss.txt" | tail -1)
RESULT=$(jq -c -n --argjson fig "$FIG" --argjson n "$N" --argjson m "$M" --argjson pools "$POOLS" --argjson expected "$EXPECTED" --argjson d "$DELAY" \
  --argjson w "$WINDOW" --argjson apply "$APPLY_S" --argjson cpu "$SERVE_CPU_S" --argjson idle "$IDLE_CPU_PCT" \
  --argjson wall "$(calc "$T_DONE - $T_STOP")" --argjson rss "${RSS_MAX_KB:-0}" --argjson hwm "${HWM_KB:-0}" \
  --arg lb "$LOAD_BEFORE" --arg la "$(cut -d' ' -f1-3 /proc/loadavg)" --argjson cpus "$(nproc)" \
  --arg kernel "$(uname -r)" --arg at "$(date -u +%FT%TZ)" '
  def r(d): if . == null then null else . * pow(10; d) | round / pow(10; d) end;
  {
    members: $n, pool_size: $m, pools: $pools, check_delay_s: $d, fall: 1, group_window_s: $w, apply_s: ($apply | r(1)),
    events_expected: $expected,
    events_received: $fig.received, unique_ids: $fig.unique_ids, duplicates: $fig.duplicates,
    missing_ids: ($expected - $fig.unique_ids), signed_ok: $fig.signed_ok, types: $fig.types,
    transitions_delivered: (($fig.types["member.transition"] // 0) + $fig.members_in_grouped),
    outbox: {rows: $fig.outbox_rows, statuses: $fig.statuses, attempts_max: $fig.attempts_max,
             not_received: $fig.outbox_not_received, received_not_in_outbox: $fig.received_not_in_outbox},
    throughput_per_s: $fig.throughput_per_s,
    delay_s: $fig.delay_s,
    first_arrival_after_stop_s: $fig.first_arrival_s,
    last_arrival_after_stop_s: $fig.last_arrival_s,
    transition_after_stop_s: $fig.event_after_stop_s,
    outbox_write_delay_s: $fig.outbox_write_delay_s,
    outbox_to_delivered_s: $fig.outbox_to_delivered_s,
    api_latency_ms: $fig.api_latency_ms,
    serve: {cpu_s: ($cpu | r(2)), cpu_pct: (100 * $cpu / $wall | r(1)), cpu_pct_checks_only: ($idle | r(1)),
            rss_max_mb_during: ($rss / 1024 | r(1)), rss_peak_mb_process: ($hwm / 1024 | r(1)), window_s: ($wall | r(2))},
    receiver_cpu_s: $fig.receiver_cpu_s,
    machine: {cpus: $cpus, kernel: $kernel, load_avg_before: $lb, load_avg_after: $la}, at: $at
  }')
echo "$RESULT"
[ -n "$OUT_FILE" ] && echo "$RESULT" >> "$OUT_FILE"
jq -r '
  def f: if . == null then "-" else (. * 1000 | round | tostring) + " ms" end;
  def p(x): "p50 \(x.p50 | f), p99 \(x.p99 | f), max \(x.max | f)";
  "events: \(.events_received) received of \(.events_expected) expected (\(.unique_ids) ids, \(.duplicates) duplicates, \(.missing_ids) missing, \(.signed_ok) signed ok); types \(.types | tostring)",
  "outbox: \(.outbox.rows) rows \(.outbox.statuses | tostring), most attempts \(.outbox.attempts_max)",
  "throughput: \(.throughput_per_s) events/s (first to last arrival)",
  "delay, event time to arrival: \(p(.delay_s))",
  "after the backends stopped: transitions \(p(.transition_after_stop_s)); first arrival \(.first_arrival_after_stop_s | f), last \(.last_arrival_after_stop_s | f)",
  "outbox write, transition to its row: \(p(.outbox_write_delay_s)); row to delivered: \(p(.outbox_to_delivered_s))",
  "vitals serve: \(.serve.cpu_s) CPU s over \(.serve.window_s) s (\(.serve.cpu_pct)% of a core; checks alone \(.serve.cpu_pct_checks_only)%), RSS max \(.serve.rss_max_mb_during) MB (process peak \(.serve.rss_peak_mb_process) MB)",
  "receiver: \(.receiver_cpu_s) CPU s; load average before \(.machine.load_avg_before), after \(.machine.load_avg_after)"' <<< "$RESULT" >&2
RUN_OK=1
