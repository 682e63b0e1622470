#!/usr/bin/env bash
# bench/lb.sh [options]
#
# Verdicts that move traffic, measured end to end on loopback (issue 13, item 7). One `vitals serve` checks a pool
# of N members (default 1,000) and a small client pool; three HAProxy 2.6 processes run configurations written by
# `vitals export haproxy --standalone`:
#   agent    with --agent (HAProxy asks Vitals' agent check every agent-inter = the monitor's delay)
#   runtime  without --agent, bound to Vitals with an HAProxy binding (the runtime API sync)
#   own      the client pool only, HAProxy's own checks (check inter DELAY fall FALL rise RISE), no Vitals
# (HAProxy's own `check` is removed from the agent and runtime configurations: there Vitals alone decides.)
# Then K of the N members (default 100) and one of the client pool's members start answering 500 at once, and:
#   (a) lag = when HAProxy's `show servers state` first shows each of the K servers DOWN - Vitals' verdict (the
#       transition's `at` on the event stream), p50/p99/max for the agent and the runtime path, plus the binding's
#       own lag_p50_ms/lag_p99_ms;
#   (b) a client sends `GET /health` through each HAProxy every --client-ms on a new connection; the time from
#       the backend failing (measured: its first 500) to the last client error, per HAProxy.
# Prints ONE JSON line on stdout and a readable summary on stderr. See bench/README.md, "Load balancers".
#
#   --members N        members of the lag pool (default 1000; 10 to 4000)
#   --victims K        of them, how many fail (default 100)
#   --client-members C members of the client pool, one of which fails (default 3)
#   --delay D          the monitors' delay = agent-inter = HAProxy's inter, seconds (default 1)
#   --timeout T        check timeout, seconds (default 1)
#   --rise R, --fall F (default 2, 3)
#   --client-ms MS     one client request per MS per HAProxy (default 10)
#   --tail S           seconds the clients go on after the slowest expected detection (default 5)
#   --poll-ms MS       sleep between two `show servers state` polls of one HAProxy (default 5)
#   --no-build         do not build src/Vitals.Cli (Release) first
#   --port P           first of the bench's ports (default 18301: nginx P and P+1, API P+2, agent P+3,
#                      frontends P+10 and P+11 on 127.0.0.11-13)
#   --out FILE         also append the JSON line to FILE
#   --keep             keep the scratch directory (kept anyway when the run fails)
#
# Environment: API_CPU (0, vitals serve), HAPROXY_CPU (1, the three haproxy), SERVER_CPU (last CPU, nginx).
set -euo pipefail

BENCH_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO="$(cd "$BENCH_DIR/.." && pwd)"
for f in common targets api lb setup; do source "$BENCH_DIR/lib/$f.sh"; done

usage() { awk 'NR > 1 && !/^#/ { exit } NR > 1 { sub(/^# ?/, ""); print }' "$0" >&2; exit 2; }

N=1000 K=100 C=3 DELAY=1 TIMEOUT=1 RISE=2 FALL=3 CLIENT_MS=10 TAIL=5 POLL_MS=5 BUILD=1 PORT=18301 OUT_FILE="" KEEP=0
API_CPU=${API_CPU:-0}
HAPROXY_CPU=${HAPROXY_CPU:-$(( $(nproc) > 1 ? 1 : 0 ))}
SERVER_CPU=${SERVER_CPU:-$(( $(nproc) - 1 ))}
while [ $# -gt 0 ]; do
  case $1 in
    --members) N=$2; shift ;;
    --victims) K=$2; shift ;;
    --client-members) C=$2; shift ;;
    --delay) DELAY=$2; shift ;;
    --timeout) TIMEOUT=$2; shift ;;
    --rise) RISE=$2; shift ;;
    --fall) FALL=$2; shift ;;
    --client-ms) CLIENT_MS=$2; shift ;;
    --tail) TAIL=$2; shift ;;
    --poll-ms) POLL_MS=$2; shift ;;
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
int_in "$N" 10 4000 || die "--members is 10 to 4000 (one backend, roundrobin: HAProxy's limit is 4095)"
int_in "$K" 1 "$N" || die "--victims is 1 to --members"
int_in "$C" 2 50 || die "--client-members is 2 to 50"
int_in "$DELAY" 1 50 || die "--delay is 1 to 50 (whole seconds)"
int_in "$TIMEOUT" 1 "$DELAY" || die "--timeout is 1 to --delay"
int_in "$RISE" 1 10 || die "--rise is 1 to 10"
int_in "$FALL" 1 10 || die "--fall is 1 to 10"
int_in "$CLIENT_MS" 1 1000 || die "--client-ms is 1 to 1000"
int_in "$TAIL" 1 120 || die "--tail is 1 to 120"
int_in "$POLL_MS" 0 1000 || die "--poll-ms is 0 to 1000"
int_in "$PORT" 1024 65000 || die "--port is 1024 to 65000"
VICTIM_PORT=$((PORT + 1)) API_PORT=$((PORT + 2)) AGENT_PORT=$((PORT + 3))
LAG_PORT=$((PORT + 10)) CLI_PORT=$((PORT + 11))
ADMIN_TOKEN="bench-admin-token-$$-0123456789abcdef"

# ---- prerequisites, build, scratch directory and cleanup (bench/lib/setup.sh) ------------
bench_ensure_packages nginx:nginx haproxy:haproxy jq:jq curl:curl taskset:util-linux python3:python3
ulimit -n "$(ulimit -Hn)" 2>/dev/null || true
bench_build "$BUILD"
bench_scratch lb

# ---- backends and server ------------------------------------------------------------
# lag pool: N-K on nginx :PORT (127.1.x.y), K victims on nginx :VICTIM_PORT (127.100.x.y);
# client pool: C-1 on :PORT (127.2.0.y), one victim on :VICTIM_PORT (127.101.0.1)
write_targets "$RUN_DIR/lag.txt" "$((N - K))" 1 "$PORT"
write_targets "$RUN_DIR/lag-victims.txt" "$K" 100 "$VICTIM_PORT"
cat "$RUN_DIR/lag-victims.txt" >> "$RUN_DIR/lag.txt"
write_targets "$RUN_DIR/cli.txt" "$((C - 1))" 2 "$PORT"
write_targets "$RUN_DIR/cli-victim.txt" 1 101 "$VICTIM_PORT"
cat "$RUN_DIR/cli-victim.txt" >> "$RUN_DIR/cli.txt"
nginx_start "$PORT"
nginx_start "$VICTIM_PORT"
log "$N members ($K to fail) + $C client-pool members (1 to fail), HTTP check every ${DELAY}s, fall $FALL; scratch $RUN_DIR"

lb_start_server "$RUN_DIR/server.log"
api_wait_serving /openapi/v1.json "$ADMIN_TOKEN" 60 > /dev/null || die "the server does not answer (see $RUN_DIR/server.log)"

TOKEN=$(api_json POST /api/v1/projects "$ADMIN_TOKEN" '{"name":"lbbench"}' | jq -r .token)
LB=$(api_json POST /api/v1/loadbalancers "$TOKEN" '{"name":"bench"}' | jq -r .id)
LAG_POOL=$(lb_create_pool "$LB" lag "$LAG_PORT")
CLI_POOL=$(lb_create_pool "$LB" cli "$CLI_PORT")
lb_create_members "$LAG_POOL" m "$RUN_DIR/lag.txt"
lb_create_members "$CLI_POOL" c "$RUN_DIR/cli.txt"
log "waiting for $((N + C)) members in rotation"
lb_wait_ready "$LB" "$((N + C))" "$(calc "$RISE * $DELAY + 60 + $N / 100")" || die "the members did not all become Healthy"
api_json GET "/api/v1/rotation?loadbalancer_id=$LB" "$TOKEN" \
  | jq -c '[.pools[].members[] | {member_id, name, protocol_port}]' > "$RUN_DIR/members.json"
jq -r --argjson vp "$VICTIM_PORT" '.[] | select(.protocol_port == $vp and (.name | startswith("m-"))) | .name' \
  "$RUN_DIR/members.json" > "$RUN_DIR/victim-servers.txt"
[ "$(wc -l < "$RUN_DIR/victim-servers.txt")" = "$K" ] || die "expected $K victims in the rotation"

# ---- the three HAProxy processes ---------------------------------------------------------
lb_export "$RUN_DIR/agent.cfg" 127.0.0.11 "$RUN_DIR/agent.sock" --agent "127.0.0.1:$AGENT_PORT"
lb_export "$RUN_DIR/runtime.cfg" 127.0.0.12 "$RUN_DIR/runtime.sock"
lb_export "$RUN_DIR/own.cfg" 127.0.0.13 "$RUN_DIR/own.sock" "$CLI_POOL"
lb_strip_check "$RUN_DIR/agent.cfg"
lb_strip_check "$RUN_DIR/runtime.cfg"
grep -q "agent-inter ${DELAY}s" "$RUN_DIR/agent.cfg" || die "agent.cfg has no agent-inter ${DELAY}s"
grep -q "inter ${DELAY}s fall $FALL rise $RISE" "$RUN_DIR/own.cfg" || die "own.cfg does not check at inter ${DELAY}s fall $FALL"
for h in agent runtime own; do lb_haproxy_start "$h" "$RUN_DIR/$h.cfg"; done
for h in agent runtime own; do pid_var="LBH_PID_$h"; lb_haproxy_wait "$RUN_DIR/$h.sock" "${!pid_var}" 30; done
BINDING=$(api_json POST /api/v1/haproxy-bindings "$TOKEN" \
  "{\"loadbalancer_id\":\"$LB\",\"name\":\"bench\",\"runtime_api\":\"$RUN_DIR/runtime.sock\"}" | jq -r .id)
LAG_BE=bench_lag CLI_BE=bench_cli
for h in agent runtime; do
  lb_wait_servers_up "$RUN_DIR/$h.sock" "$LAG_BE" "$N" 30 || die "$h: not every server of $LAG_BE is UP"
  lb_wait_servers_up "$RUN_DIR/$h.sock" "$CLI_BE" "$C" 30 || die "$h: not every server of $CLI_BE is UP"
done
lb_wait_servers_up "$RUN_DIR/own.sock" "$CLI_BE" "$C" "$(calc "($RISE + 2) * $DELAY + 10")" || die "own: not every server is UP"
end=$(deadline_in 30)
until [ "$(lb_binding_sync "$BINDING" | jq -r .confirmed)" = true ]; do
  is_past "$end" && die "the binding is not confirmed: $(lb_binding_sync "$BINDING")"
  sleep 0.3
done
sleep_while_alive "$DELAY" "$API_PID" || die "the server died"
SYNC_BEFORE=$(lb_binding_sync "$BINDING")
log "HAProxy: agent, runtime ($(jq -c '{state, servers, confirmed, lag_p50_ms, lag_p99_ms}' <<< "$SYNC_BEFORE")), own: all servers UP"

# ---- the failure -----------------------------------------------------------------------
# the slowest detection: fall checks, the last timing out, plus one agent-inter, plus a reconcile interval (2 s)
WINDOW=$(calc "1 + $FALL * $DELAY + $TIMEOUT + $DELAY + 2 + $TAIL")
lb_events_start "$RUN_DIR/events.txt" "$(calc "$WINDOW + 20")"
python3 "$BENCH_DIR/lib/lbwatch.py" --seconds "$WINDOW" --backend "$LAG_BE" --servers "$RUN_DIR/victim-servers.txt" --poll-ms "$POLL_MS" \
  --socket "agent=$RUN_DIR/agent.sock" --socket "runtime=$RUN_DIR/runtime.sock" \
  --client "agent=127.0.0.11:$CLI_PORT" --client "runtime=127.0.0.12:$CLI_PORT" --client "own=127.0.0.13:$CLI_PORT" \
  --client-ms "$CLIENT_MS" --victim-url "127.101.0.1:$VICTIM_PORT" --ready-file "$RUN_DIR/watch.ready" \
  > "$RUN_DIR/watch.json" 2> "$RUN_DIR/watch.err" &
WATCH_PID=$!
STARTED_PIDS+=("$WATCH_PID")
end=$(deadline_in 10)
until [ -s "$RUN_DIR/watch.ready" ]; do is_past "$end" && die "the watcher did not start: $(cat "$RUN_DIR/watch.err")"; sleep 0.05; done
sleep 1
T_FLIP=$(now_s)
log "failing $K + 1 members (their nginx answers 500); watching for ${WINDOW}s"
nginx_set_health "$VICTIM_PORT" 500
end=$(deadline_in "$(calc "$WINDOW + 15")")
while is_running "$WATCH_PID" && ! is_past "$end"; do sleep 0.2; done
stop_pid "$WATCH_PID" 2
stop_pid "$EVENTS_PID" 1
jq -e .polls "$RUN_DIR/watch.json" > /dev/null 2>&1 || die "the watcher wrote no result: $(tail -3 "$RUN_DIR/watch.err")"
SYNC_AFTER=$(lb_binding_sync "$BINDING")

# ---- the figures ------------------------------------------------------------------------
T_FAIL=$(jq -r --arg f "$T_FLIP" '.victim_failed_at // ($f | tonumber)' "$RUN_DIR/watch.json")
lb_verdicts "$RUN_DIR/events.txt" "$LAG_POOL" "$T_FLIP" > "$RUN_DIR/verdicts-lag.json"
lb_verdicts "$RUN_DIR/events.txt" "$CLI_POOL" "$T_FLIP" > "$RUN_DIR/verdicts-cli.json"
lag_of() {  # lag_of PATH -> seconds from each victim's verdict to HAProxy showing it DOWN, one a line
  jq -r --slurpfile v "$RUN_DIR/verdicts-lag.json" --arg p "$1" \
    '.polls[$p].down_at | to_entries[] | select($v[0][.key] != null) | .value - $v[0][.key]' "$RUN_DIR/watch.json"
}
LAG_AGENT=$(lag_of agent | percentiles_json)
LAG_RUNTIME=$(lag_of runtime | percentiles_json)
DETECT=$(jq -r --argjson t "$T_FAIL" '.[] | . - $t' "$RUN_DIR/verdicts-lag.json" | percentiles_json)

RESULT=$(jq -c -n --slurpfile w "$RUN_DIR/watch.json" --argjson la "$LAG_AGENT" --argjson lr "$LAG_RUNTIME" \
  --argjson det "$DETECT" --argjson tf "$T_FAIL" --argjson tflip "$T_FLIP" --slurpfile vc "$RUN_DIR/verdicts-cli.json" \
  --argjson sb "$SYNC_BEFORE" --argjson sa "$SYNC_AFTER" --argjson n "$N" --argjson k "$K" --argjson c "$C" \
  --argjson d "$DELAY" --argjson t "$TIMEOUT" --argjson rise "$RISE" --argjson fall "$FALL" --argjson cms "$CLIENT_MS" --argjson pms "$POLL_MS" \
  --arg kernel "$(uname -r)" --argjson cpus "$(nproc)" --arg hv "$(haproxy -v | awk 'NR == 1 { print $3 }')" \
  --arg load "$(cut -d' ' -f1-3 /proc/loadavg)" --arg at "$(date -u +%FT%TZ)" '
  def r3: if . == null then null else . * 1000 | round / 1000 end;
  def ms: with_entries(if (.value | type) == "number" and .key != "n" then .value |= (. * 1000 | round / 1000) else . end);
  $w[0] as $w
  | def client(p): ($w.clients[p] // {requests: 0, errors: []}) as $cl
      | ($cl.errors | map(select(.[0] >= $tf - 0.05))) as $after
      | {requests: $cl.requests, errors_before_failure: ($cl.errors | map(select(.[0] < $tf - 0.05)) | length),
         errors_after_failure: ($after | length),
         first_error_s: ($after | first | if . then .[0] - $tf | r3 else null end),
         last_error_s: ($after | last | if . then .[0] - $tf | r3 else null end)};
    def poll(p): $w.polls[p] | {servers_down_seen: (.down_at | length), polls, poll_errors, poll_ms_p50, poll_ms_max};
  {
    members: $n, victims: $k, client_members: $c, delay_s: $d, timeout_s: $t, rise: $rise, fall: $fall,
    agent_inter_s: $d, reconcile_interval_s: 2, client_every_ms: $cms, poll_sleep_ms: $pms,
    backend_failed_after_flip_s: ($tf - $tflip | r3),
    verdict_after_failure_s: $det,
    lag_s: {
      agent: ($la + poll("agent")),
      runtime: ($lr + poll("runtime")),
      binding_sync_before: ($sb | {lag_last_ms, lag_p50_ms, lag_p99_ms, servers, confirmed}),
      binding_sync_after: ($sa | {lag_last_ms, lag_p50_ms, lag_p99_ms, servers, confirmed, mismatched})
    },
    last_client_error_s: {
      vitals_verdict_cli_victim_s: ($vc[0] | to_entries | first | if . then .value - $tf | r3 else null end),
      agent: client("agent"), runtime: client("runtime"), haproxy_own_checks: client("own")
    },
    machine: {cpus: $cpus, kernel: $kernel, haproxy: $hv, load_avg: $load}, at: $at
  }')
echo "$RESULT"
[ -n "$OUT_FILE" ] && echo "$RESULT" >> "$OUT_FILE"
jq -r '
  def f: if . == null then "-" else (. * 1000 | round | tostring) + " ms" end;
  def l(p): .lag_s[p] | "  \(p | (. + "        ")[0:8]) p50 \(.p50 | f), p99 \(.p99 | f), max \(.max | f)  (\(.n) of \(.servers_down_seen) servers; poll p50 \(.poll_ms_p50) ms)";
  def c(p; name): .last_client_error_s[p] | "  \(name) last error \(.last_error_s | f) after the failure (\(.errors_after_failure) errors of \(.requests) requests; \(.errors_before_failure) before it)";
  "lag from Vitals verdict to HAProxy DOWN, \(.victims) of \(.members) servers (agent-inter \(.agent_inter_s) s):",
  l("agent"), l("runtime"),
  "  binding sync (its own figure, change to confirming read-back): p50 \(.lag_s.binding_sync_after.lag_p50_ms) ms, p99 \(.lag_s.binding_sync_after.lag_p99_ms) ms",
  "verdict after the failure: p50 \(.verdict_after_failure_s.p50 | f), max \(.verdict_after_failure_s.max | f) (fall \(.fall) x delay \(.delay_s) s)",
  "client through HAProxy (GET every \(.client_every_ms) ms):",
  c("agent"; "agent  "), c("runtime"; "runtime"), c("haproxy_own_checks"; "own    ")' <<< "$RESULT" >&2
RUN_OK=1
