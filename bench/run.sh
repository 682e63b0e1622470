#!/usr/bin/env bash
# bench/run.sh --targets N --seconds S --type tcp|http [options]
#
# Benchmarks the Vitals checker (`vitals probe`) against N loopback targets served by
# nginx, optionally followed by HAProxy 2.6 on the same targets in the same run, and
# prints ONE JSON line with the figures (progress goes to stderr). See bench/README.md.
#
#   --targets N          targets (distinct 127.B.x.y addresses, one port)      required
#   --seconds S          measuring window, seconds                             required
#   --type tcp|http      check type                                            required
#   --delay D            check interval, seconds (default 5)
#   --timeout T          check timeout, seconds (default 1)
#   --peer haproxy       also run HAProxy on the same targets, after ours
#   --detect K           detection latency: K of the N targets fail after the window
#   --fail MODE          how victims fail: refuse (default), drop, http500 (http only)
#   --warmup W           seconds before the window (default: scaled with N and D)
#   --skip-ours          run only the peer (to check the harness or the peer alone)
#   --checker "CMD"      run CMD instead of `dotnet .../vitals.dll` (same CLI contract)
#   --ours-args "ARGS"   extra arguments for `vitals probe` (e.g. "--max-in-flight 2000")
#   --no-build           do not build Vitals first
#   --port P             targets' port (default 18081; victims use P+1)
#   --out FILE           also append the JSON line to FILE
#   --keep               keep the scratch directory (kept anyway when the run fails)
set -euo pipefail

BENCH_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO="$(cd "$BENCH_DIR/.." && pwd)"
for f in common targets measure vitals haproxy detect; do source "$BENCH_DIR/lib/$f.sh"; done

usage() { awk 'NR > 1 && !/^#/ { exit } NR > 1 { sub(/^# ?/, ""); print }' "$0" >&2; exit 2; }

N="" SECONDS_WINDOW="" TYPE="" DELAY=5 TIMEOUT=1 PEER="" K=0 FAIL=refuse WARMUP=""
SKIP_OURS=0 CHECKER_STR="" OURS_ARGS="" BUILD=1 PORT=18081 OUT_FILE="" KEEP=0
RISE=2 FALL=3
HAPROXY_SHARD_MAX=${HAPROXY_SHARD_MAX:-19000}
CHECKER_CPU=${CHECKER_CPU:-0}
SERVER_CPU=${SERVER_CPU:-$(( $(nproc) - 1 ))}
while [ $# -gt 0 ]; do
  case $1 in
    --targets) N=$2; shift ;;
    --seconds) SECONDS_WINDOW=$2; shift ;;
    --type) TYPE=$2; shift ;;
    --delay) DELAY=$2; shift ;;
    --timeout) TIMEOUT=$2; shift ;;
    --peer) PEER=$2; shift ;;
    --detect) K=$2; shift ;;
    --fail) FAIL=$2; shift ;;
    --warmup) WARMUP=$2; shift ;;
    --skip-ours) SKIP_OURS=1 ;;
    --checker) CHECKER_STR=$2; shift ;;
    --ours-args) OURS_ARGS=$2; shift ;;
    --no-build) BUILD=0 ;;
    --port) PORT=$2; shift ;;
    --out) OUT_FILE=$2; shift ;;
    --keep) KEEP=1 ;;
    -h|--help) usage ;;
    *) log "unknown option: $1"; usage ;;
  esac
  shift
done
[[ "$N" =~ ^[0-9]+$ && "$N" -ge 1 ]] || usage
[[ "$SECONDS_WINDOW" =~ ^[0-9]+$ && "$SECONDS_WINDOW" -ge 1 ]] || usage
[[ "$TYPE" =~ ^(tcp|http)$ ]] || usage
[[ "$DELAY" =~ ^[0-9]+(\.[0-9]+)?$ && "$TIMEOUT" =~ ^[0-9]+(\.[0-9]+)?$ ]] || usage
[[ "$K" =~ ^[0-9]+$ && "$K" -lt "$N" ]] || die "--detect K needs 0 <= K < N"
[[ -z "$PEER" || "$PEER" = haproxy ]] || die "the only peer is haproxy"
[[ "$FAIL" =~ ^(refuse|drop|http500)$ ]] || die "--fail is refuse, drop or http500"
[[ "$FAIL" != http500 || "$TYPE" = http ]] || die "--fail http500 needs --type http"
[[ "$SKIP_OURS" = 0 || -n "$PEER" ]] || die "--skip-ours leaves nothing to run without --peer"
VICTIM_PORT=$((PORT + 1))

# ---- prerequisites ------------------------------------------------------------------
ensure_packages() {
  local missing=() cmd pkg
  for cmd in nginx:nginx haproxy:haproxy socat:socat jq:jq curl:curl taskset:util-linux iptables:iptables; do
    command -v "${cmd%%:*}" >/dev/null 2>&1 || missing+=("${cmd#*:}")
  done
  [ "${#missing[@]}" -eq 0 ] && return 0
  [ "$(id -u)" = 0 ] || die "missing ${missing[*]}: run as root or apt-get install -y ${missing[*]}"
  log "installing ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get install -y "${missing[@]}" >&2 || { apt-get update >&2 && apt-get install -y "${missing[@]}" >&2; } \
    || die "apt-get install ${missing[*]} failed"
}
ensure_packages
[ "$(id -u)" = 0 ] || [ "$FAIL" != drop ] || die "--fail drop needs root (iptables)"
# the checkers inherit this: the soft fd limit up to the hard one (20,000 here)
ulimit -n "$(ulimit -Hn)" 2>/dev/null || true

CHECKER=()
if [ "$SKIP_OURS" = 0 ]; then
  if [ -n "$CHECKER_STR" ]; then
    read -ra CHECKER <<< "$CHECKER_STR"
  else
    DLL="$REPO/src/Vitals.Cli/bin/Release/net10.0/vitals.dll"
    if [ "$BUILD" = 1 ]; then
      log "building Vitals (Release)"
      (cd "$REPO" && dotnet build src/Vitals.Cli -c Release -nologo -v q >&2) || die "build failed"
    fi
    [ -f "$DLL" ] || die "$DLL not found (build it, or pass --checker)"
    CHECKER=(dotnet "$DLL")
  fi
fi

# ---- scratch directory and cleanup --------------------------------------------------
RUN_DIR=$(mktemp -d /tmp/vitals-bench.XXXXXX)
STARTED_PIDS=()
RUN_OK=0
cleanup() {
  set +e
  local pid port
  for pid in "${STARTED_PIDS[@]}"; do stop_pid "$pid" 3; done
  if [ "${#FW_RULE[@]}" -gt 0 ]; then iptables -w 5 -D "${FW_RULE[@]}" 2>/dev/null; fi
  for port in "${STARTED_NGINX[@]}"; do nginx_stop "$port"; done
  if [ "$RUN_OK" = 1 ] && [ "$KEEP" = 0 ]; then rm -rf "$RUN_DIR"; else log "scratch files kept in $RUN_DIR"; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# ---- targets --------------------------------------------------------------------------
MAIN_N=$((N - K))
write_targets "$RUN_DIR/targets-main.txt" "$MAIN_N" 1 "$PORT"
: > "$RUN_DIR/targets-victims.txt"
[ "$K" -gt 0 ] && write_targets "$RUN_DIR/targets-victims.txt" "$K" "$VICTIM_BASE" "$VICTIM_PORT"
cat "$RUN_DIR/targets-main.txt" "$RUN_DIR/targets-victims.txt" > "$RUN_DIR/targets-all.txt"
PORTS=("$PORT"); [ "$K" -gt 0 ] && PORTS+=("$VICTIM_PORT")
for p in "${PORTS[@]}"; do nginx_start "$p"; done
EXPECTED=$(calc "$N / $DELAY")
log "$N targets ($MAIN_N on :$PORT$([ "$K" -gt 0 ] && echo ", $K victims on :$VICTIM_PORT")), $TYPE every ${DELAY}s = $EXPECTED checks/s expected; scratch $RUN_DIR"

# warm_up_s FACTOR -> the warm-up: two check rounds (rise 2) plus start-up, which grows with N
warm_up_s() {
  if [ -n "$WARMUP" ]; then echo "$WARMUP"; return; fi
  awk -v d="$DELAY" -v n="$N" -v per="$1" 'BEGIN { w = 2 * d + 5 + n / per; if (w < 10) w = 10; printf "%d\n", w + 0.999 }'
}
DETECT_BUDGET=0
[ "$K" -gt 0 ] && DETECT_BUDGET=$(awk -v f="$FALL" -v d="$DELAY" -v t="$TIMEOUT" 'BEGIN { printf "%d\n", f * (d + t) + 5.999 }')

# ---- ours ---------------------------------------------------------------------------
run_ours() {
  local warm duration out="$RUN_DIR/vitals.jsonl" pid started ws m hwm t0=0 analysis
  log "ours: baseline memory with 1 target"
  vitals_baseline_hwm_kb
  warm=$(warm_up_s 10000)
  duration=$((warm + SECONDS_WINDOW + DETECT_BUDGET + 3))
  log "ours: start (warm-up ${warm}s, window ${SECONDS_WINDOW}s, --duration ${duration}s)"
  started=$(now_s)
  vitals_start "$RUN_DIR/targets-all.txt" "$duration" "$out"
  pid=$VITALS_PID
  sleep_while_alive "$warm" "$pid" || die "checker died during warm-up: $(tail -5 "$out.err")"
  ws=$(now_s)
  # long waits run in this shell, not in $(...), so that Ctrl+C / SIGTERM reach cleanup within a second
  measure_window "$pid" "$SECONDS_WINDOW" "$EXPECTED" "${PORTS[@]}" > "$RUN_DIR/window-ours.json" \
    || die "checker died: $(tail -5 "$out.err")"
  m=$(cat "$RUN_DIR/window-ours.json")
  hwm=$(status_kb "$pid" VmHWM)
  log "ours: window done: $(jq -c '{checks_per_s, cpu_us_per_check}' <<< "$m")"
  if [ "$K" -gt 0 ]; then
    log "ours: failing $K victims ($FAIL)"
    t0=$(now_s); detect_fail_on
  fi
  vitals_wait_exit "$pid" "$(calc "$duration - ($(now_s) - $started) + 30 + $N / 5000")"
  [ "$K" -gt 0 ] && detect_fail_off
  analysis=$(vitals_analyse "$out" "$ws" "$t0" "$VICTIM_PORT")
  jq -c -n --argjson m "$m" --argjson a "$analysis" --argjson n "$N" --argjson k "$K" \
    --argjson hwm "$hwm" --argjson base "$BASE_KB" --argjson theory "$(detect_theory ours)" --arg fail "$FAIL" '
    def r(d): . * pow(10; d) | round / pow(10; d);
    ($a.summary // {}) as $s
    | $m + {
        lateness_ms: ($s.lateness_ms // null),
        skipped: ($s.skipped // null),
        peak_rss_mb: ($hwm / 1024 | r(1)),
        baseline_rss_mb: ($base / 1024 | r(1)),
        bytes_per_target: (($hwm - $base) * 1024 / $n | round),
        summary_checks_per_s: (if $s.checks and $s.duration_s then $s.checks / $s.duration_s | r(1) else null end),
        summary: (if $a.summary then $s | {checks, passes, failures, skipped, transitions, duration_s, by_reason, states} else null end),
        healthy_at_window_start: $a.healthy_at_window_start
      }
    + (if $k > 0 then {detect_s: ($a.detect + {fail: $fail, k: $k, theory: $theory})} else {} end)'
}

# ---- haproxy --------------------------------------------------------------------------
run_haproxy() {
  local warm started pids m hwm st lat="" t0 victims=""
  log "haproxy: baseline memory with 1 server"
  haproxy_baseline_hwm_kb
  [ "$K" -gt 0 ] && victims="$RUN_DIR/targets-victims.txt"
  warm=$(warm_up_s 2500)
  started=$(now_s)
  haproxy_start "$RUN_DIR/targets-main.txt" "$victims"
  pids=$(haproxy_pid_list)
  log "haproxy: $HAPROXY_SHARDS process(es) pinned to CPU $CHECKER_CPU (warm-up ${warm}s, window ${SECONDS_WINDOW}s)"
  haproxy_wait_sockets "$(calc "60 + $N / 1000")" || die "haproxy did not come up (see $RUN_DIR/haproxy-*.log)"
  sleep_while_alive "$(calc "$warm - ($(now_s) - $started)")" "$pids" || die "haproxy died during warm-up"
  st=$(haproxy_stat)
  measure_window "$pids" "$SECONDS_WINDOW" "$EXPECTED" "${PORTS[@]}" > "$RUN_DIR/window-haproxy.json" \
    || die "haproxy died during the window"
  m=$(cat "$RUN_DIR/window-haproxy.json")
  hwm=$(status_kb "$pids" VmHWM)
  log "haproxy: window done: $(jq -c '{checks_per_s, cpu_us_per_check}' <<< "$m")"
  if [ "$K" -gt 0 ]; then
    haproxy_wait_victims 2 "$K" 30 || log "haproxy: not every victim was UP before T0"
    log "haproxy: failing $K victims ($FAIL)"
    t0=$(now_s); detect_fail_on
    haproxy_track_down "$t0" "$K" "$(calc "$t0 + $DETECT_BUDGET + 5")" > "$RUN_DIR/detect-haproxy.txt"
    lat=$(cat "$RUN_DIR/detect-haproxy.txt")
    detect_fail_off
  fi
  haproxy_stop
  jq -c -n --argjson m "$m" --argjson st "$st" --argjson n "$N" --argjson k "$K" --argjson shards "$HAPROXY_SHARDS" \
    --argjson hwm "$hwm" --argjson base "$BASE_KB" --argjson lat "$(percentiles_json <<< "$lat")" \
    --argjson theory "$(detect_theory haproxy)" --arg fail "$FAIL" '
    def r(d): . * pow(10; d) | round / pow(10; d);
    $m + {
      lateness_ms: null,
      skipped: null,
      processes: $shards,
      peak_rss_mb: ($hwm / 1024 | r(1)),
      baseline_rss_mb: ($base / 1024 | r(1)),
      bytes_per_target: (($hwm - $shards * $base) * 1024 / $n | round),
      servers_up_at_window_start: $st.up,
      chkfail_at_window_start: $st.chkfail
    }
    + (if $k > 0 then {detect_s: ({fail: $fail, k: $k, detected: $lat.n} + ($lat | del(.n)) + {theory: $theory})} else {} end)'
}

# (no command substitution around these: they start processes that cleanup must know about)
OURS=null HAP=null
if [ "$SKIP_OURS" = 0 ]; then run_ours > "$RUN_DIR/ours.json"; OURS=$(cat "$RUN_DIR/ours.json"); fi
if [ "$PEER" = haproxy ]; then run_haproxy > "$RUN_DIR/haproxy.json"; HAP=$(cat "$RUN_DIR/haproxy.json"); fi

RESULT=$(jq -c -n --arg type "$TYPE" --argjson n "$N" --argjson d "$DELAY" --argjson t "$TIMEOUT" \
  --argjson s "$SECONDS_WINDOW" --argjson rise "$RISE" --argjson fall "$FALL" \
  --argjson ours "$OURS" --argjson hap "$HAP" --arg kernel "$(uname -r)" --argjson cpus "$(nproc)" \
  --argjson fd "$(ulimit -Hn)" --arg at "$(date -u +%FT%TZ)" '
  def r(d): . * pow(10; d) | round / pow(10; d);
  def ratio(f): if $ours != null and $hap != null and ($ours | f) != null and ($hap | f) > 0
                then ($ours | f) / ($hap | f) | r(3) else null end;
  {type: $type, targets: $n, delay_s: $d, timeout_s: $t, rise: $rise, fall: $fall, window_s: $s,
   ours: $ours, haproxy: $hap,
   ratio_cpu: ratio(.cpu_us_per_check),
   ratios: {cpu_us_per_check: ratio(.cpu_us_per_check), peak_rss: ratio(.peak_rss_mb),
            bytes_per_target: ratio(.bytes_per_target), checks_per_s: ratio(.checks_per_s)},
   machine: {cpus: $cpus, kernel: $kernel, fd_hard_limit: $fd}, at: $at}')
echo "$RESULT"
[ -n "$OUT_FILE" ] && echo "$RESULT" >> "$OUT_FILE"
RUN_OK=1
