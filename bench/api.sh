#!/usr/bin/env bash
# bench/api.sh [options]
#
# The control plane's performance bar, measured on a real `vitals serve` with N members (default 10,000)
# created through the REST API, checked over HTTP against a loopback nginx. Prints ONE JSON line
# (progress goes to stderr). See bench/README.md, "Control plane".
#
#   --members N        members to create (default 10000), distinct 127.1.x.y addresses on one nginx port
#   --delay D          the monitor's delay, seconds (default 5): N / D checks per second expected
#   --seconds S        wrk's duration and each check-rate window (default 20)
#   --clients C        curl clients creating members at once (default 4)
#   --connections K    wrk connections (default 8, one thread)
#   --no-build         do not build src/Vitals.Cli (Release) first
#   --port P           nginx (the members' port, default 18191); the API listens on P+1
#   --out FILE         also append the JSON line to FILE
#   --keep             keep the scratch directory (kept anyway when the run fails)
#
# Environment: API_CPU (0), LOAD_CPU (1, wrk), SERVER_CPU (last CPU, nginx).
set -euo pipefail

BENCH_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO="$(cd "$BENCH_DIR/.." && pwd)"
for f in common targets api setup; do source "$BENCH_DIR/lib/$f.sh"; done

usage() { awk 'NR > 1 && !/^#/ { exit } NR > 1 { sub(/^# ?/, ""); print }' "$0" >&2; exit 2; }

N=10000 DELAY=5 SECONDS_WINDOW=20 CLIENTS=4 CONNECTIONS=8 BUILD=1 PORT=18191 OUT_FILE="" KEEP=0
API_CPU=${API_CPU:-0}
LOAD_CPU=${LOAD_CPU:-$(( $(nproc) > 1 ? 1 : 0 ))}
SERVER_CPU=${SERVER_CPU:-$(( $(nproc) - 1 ))}
while [ $# -gt 0 ]; do
  case $1 in
    --members) N=$2; shift ;;
    --delay) DELAY=$2; shift ;;
    --seconds) SECONDS_WINDOW=$2; shift ;;
    --clients) CLIENTS=$2; shift ;;
    --connections) CONNECTIONS=$2; shift ;;
    --no-build) BUILD=0 ;;
    --port) PORT=$2; shift ;;
    --out) OUT_FILE=$2; shift ;;
    --keep) KEEP=1 ;;
    -h|--help) usage ;;
    *) log "unknown option: $1"; usage ;;
  esac
  shift
done
[[ "$N" =~ ^[0-9]+$ && "$N" -ge 1 && "$N" -le 64000 ]] || die "--members is 1 to 64000"
[[ "$DELAY" =~ ^[0-9]+$ && "$DELAY" -ge 1 && "$DELAY" -le 50 ]] || die "--delay is 1 to 50 (whole seconds)"
[[ "$SECONDS_WINDOW" =~ ^[0-9]+$ && "$SECONDS_WINDOW" -ge 5 ]] || die "--seconds is at least 5"
[[ "$CLIENTS" =~ ^[0-9]+$ && "$CLIENTS" -ge 1 && "$CLIENTS" -le 64 ]] || die "--clients is 1 to 64"
API_PORT=$((PORT + 1))
ADMIN_TOKEN="bench-admin-token-$$-0123456789abcdef"

# ---- prerequisites, build, scratch directory and cleanup (bench/lib/setup.sh) ------------
bench_ensure_packages wrk:wrk nginx:nginx jq:jq curl:curl taskset:util-linux
ulimit -n "$(ulimit -Hn)" 2>/dev/null || true
bench_build "$BUILD"
bench_scratch api

# ---- targets and server -------------------------------------------------------------
write_targets "$RUN_DIR/targets.txt" "$N" 1 "$PORT"
nginx_start "$PORT"
EXPECTED=$(calc "$N / $DELAY")
log "$N members on nginx :$PORT, HTTP check every ${DELAY}s = $EXPECTED checks/s expected; API :$API_PORT; scratch $RUN_DIR"

api_start "$RUN_DIR/server.log"
api_wait_serving /openapi/v1.json "$ADMIN_TOKEN" 60 > /dev/null || die "the server does not answer (see $RUN_DIR/server.log)"

# ---- the fleet, through the API -------------------------------------------------------
api_create_fleet bench "$DELAY"
HEALTH_PATH="/api/v1/listeners/$LISTENER/health"

log "creating $N members with $CLIENTS curl clients"
api_write_member_configs "$POOL" "$TOKEN" "$RUN_DIR/targets.txt" "$CLIENTS"
api_create_members "$CLIENTS" "$(calc "120 + $N / 50")" > "$RUN_DIR/create.txt"
read -r CREATE_S CREATED CREATE_FAILED < "$RUN_DIR/create.txt"
log "created $CREATED (failed $CREATE_FAILED) in ${CREATE_S}s"
[ "$CREATED" = "$N" ] || die "only $CREATED of $N members were created (see $RUN_DIR/members-*.codes)"

log "waiting for $N Healthy members"
HEALTHY=$(api_wait_healthy "$LISTENER" "$TOKEN" "$N" "$(calc "4 * $DELAY + 60 + $N / 500")") \
  || die "only $HEALTHY of $N members became Healthy"
# one whole interval more, so every check runs on its steady slot before measuring
sleep_while_alive "$DELAY" "$API_PID" || die "server died"

# ---- check rate idle, then under wrk ----------------------------------------------------
log "check rate without API load (${SECONDS_WINDOW}s)"
check_rate_window "$SECONDS_WINDOW" "$PORT" > "$RUN_DIR/idle.json" || die "server died"
log "idle: $(cat "$RUN_DIR/idle.json")"

log "wrk -t1 -c$CONNECTIONS -d${SECONDS_WINDOW}s on CPU $LOAD_CPU against $HEALTH_PATH"
taskset -c "$LOAD_CPU" wrk -t1 -c"$CONNECTIONS" -d"${SECONDS_WINDOW}s" --latency -H "Authorization: Bearer $TOKEN" \
  "$(API_URL)$HEALTH_PATH" > "$RUN_DIR/wrk.txt" 2>&1 &
WRK_PID=$!; STARTED_PIDS+=("$WRK_PID")
# the window sits inside wrk's run: it starts a second after wrk, ends a second before
sleep 1
check_rate_window "$((SECONDS_WINDOW - 2))" "$PORT" > "$RUN_DIR/load.json" || die "server died under load"
end=$(deadline_in 30)
while is_running "$WRK_PID" && ! is_past "$end"; do sleep 0.1; done
stop_pid "$WRK_PID" 2
log "under load: $(cat "$RUN_DIR/load.json")"
grep -q 'Requests/sec' "$RUN_DIR/wrk.txt" || die "wrk failed: $(cat "$RUN_DIR/wrk.txt")"
NON_2XX=$(awk '/Non-2xx/ { print $NF }' "$RUN_DIR/wrk.txt"); NON_2XX=${NON_2XX:-0}
LOG_LINES_BEFORE_RESTART=$(wc -l < "$RUN_DIR/server.log")

# ---- restart: start-up to serving with N members in the store ----------------------------
log "stopping the server"
t_stop=$(now_s); api_stop; STOP_S=$(calc "$(now_s) - $t_stop")
log "starting it again on the same data directory"
t0=$(now_s)
api_start "$RUN_DIR/server.log"
t1=$(api_wait_serving "$HEALTH_PATH" "$TOKEN" 60) || die "the server did not come back (see $RUN_DIR/server.log)"
STARTUP_S=$(calc "$t1 - $t0")
read -r HEALTHY_AFTER TOTAL_AFTER < <(api_listener_counts "$LISTENER" "$TOKEN")
log "serving after ${STARTUP_S}s: $HEALTHY_AFTER of $TOTAL_AFTER Healthy (restored)"
api_stop

RUN_OK=1
RESULT=$(jq -nc \
  --argjson n "$N" --argjson delay "$DELAY" --argjson clients "$CLIENTS" --argjson conns "$CONNECTIONS" \
  --argjson create "$CREATE_S" --argjson startup "$STARTUP_S" --argjson stop "$STOP_S" \
  --argjson p50 "$(wrk_latency_ms "$RUN_DIR/wrk.txt" 50)" --argjson p90 "$(wrk_latency_ms "$RUN_DIR/wrk.txt" 90)" \
  --argjson p99 "$(wrk_latency_ms "$RUN_DIR/wrk.txt" 99)" \
  --argjson rps "$(awk '/^Requests\/sec/ { print $2 }' "$RUN_DIR/wrk.txt")" --argjson non2xx "$NON_2XX" \
  --argjson idle "$(cat "$RUN_DIR/idle.json")" --argjson load "$(cat "$RUN_DIR/load.json")" \
  --argjson healthy_after "${HEALTHY_AFTER:-0}" --argjson total_after "${TOTAL_AFTER:-0}" \
  --argjson log_lines "$LOG_LINES_BEFORE_RESTART" --arg cpus "$(nproc)" --arg load_avg "$(cut -d' ' -f1-3 /proc/loadavg)" '
  def r(d): . * pow(10; d) | round / pow(10; d);
  {
    members: $n, delay_s: $delay, expected_checks_per_s: ($n / $delay),
    create_10k_s: ($create | r(2)), create_per_s: ($n / $create | r(0)), create_clients: $clients,
    startup_s: ($startup | r(3)), stop_s: ($stop | r(2)), healthy_after_restart: $healthy_after, members_after_restart: $total_after,
    health_p50_ms: $p50, health_p90_ms: $p90, health_p99_ms: $p99, wrk_rps: $rps, wrk_connections: $conns, wrk_non_2xx: $non2xx,
    checks_per_s_idle: $idle.checks_per_s, checks_per_s_under_load: $load.checks_per_s,
    check_rate_change_pct: (100 * ($load.checks_per_s - $idle.checks_per_s) / $idle.checks_per_s | r(2)),
    idle: $idle, under_load: $load, server_log_lines: $log_lines, cpus: ($cpus | tonumber), load_avg: $load_avg
  }')
echo "$RESULT"
[ -n "$OUT_FILE" ] && echo "$RESULT" >> "$OUT_FILE"
exit 0
