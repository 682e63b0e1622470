#!/usr/bin/env bash
# bench/soak.sh [options]
#
# A long run of a real `vitals serve`: N members (default 10,000) checked over HTTP against loopback nginx, a share
# of them failing and a share flapping, under steady API and SSE load. Samples the server's RSS, open files, threads
# and the engine's counters; prints ONE JSON line (progress to stderr) telling whether memory and files stayed flat
# after warm-up and whether any check was skipped. See bench/README.md, "Soak".
#
#   --members N         members (default 10000): healthy on nginx :P, failing (500) on :P+1, flapping on :P+2
#   --minutes M         length of the run after the fleet is Healthy (default 30)
#   --warmup-minutes W  the first W minutes are warm-up, not judged (default 5)
#   --delay D           the monitor's delay in seconds (default 5)
#   --failing-pct F     share of members that always fail (default 10)
#   --flapping-pct F    share of members whose /health flips 200 <-> 500 (default 10)
#   --flap-every S      seconds between flips (default 30)
#   --api-rps R         REST reads per second, rotating over health, lists, search and member reads (default 20)
#   --sse C             server-sent-event readers for the whole run, plus one that reconnects every minute (default 4)
#   --sample S          seconds between samples (default 15)
#   --no-build          do not build src/Vitals.Cli (Release) first
#   --port P            first nginx port (default 18291; P+1, P+2 too); the API listens on P+3
#   --out FILE          also append the JSON line to FILE
#   --keep              keep the scratch directory (kept anyway when the run fails)
#
# Environment: API_CPU (0: the server), LOAD_CPU (1: curl load), SERVER_CPU (last CPU: nginx).
set -euo pipefail

BENCH_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO="$(cd "$BENCH_DIR/.." && pwd)"
for f in common targets api; do source "$BENCH_DIR/lib/$f.sh"; done

usage() { awk 'NR > 1 && !/^#/ { exit } NR > 1 { sub(/^# ?/, ""); print }' "$0" >&2; exit 2; }

N=10000 MINUTES=30 WARMUP_MIN=5 DELAY=5 FAILING_PCT=10 FLAPPING_PCT=10 FLAP_EVERY=30 API_RPS=20 SSE=4 SAMPLE=15
BUILD=1 PORT=18291 OUT_FILE="" KEEP=0
API_CPU=${API_CPU:-0}
LOAD_CPU=${LOAD_CPU:-$(( $(nproc) > 1 ? 1 : 0 ))}
SERVER_CPU=${SERVER_CPU:-$(( $(nproc) - 1 ))}
while [ $# -gt 0 ]; do
  case $1 in
    --members) N=$2; shift ;;
    --minutes) MINUTES=$2; shift ;;
    --warmup-minutes) WARMUP_MIN=$2; shift ;;
    --delay) DELAY=$2; shift ;;
    --failing-pct) FAILING_PCT=$2; shift ;;
    --flapping-pct) FLAPPING_PCT=$2; shift ;;
    --flap-every) FLAP_EVERY=$2; shift ;;
    --api-rps) API_RPS=$2; shift ;;
    --sse) SSE=$2; shift ;;
    --sample) SAMPLE=$2; shift ;;
    --no-build) BUILD=0 ;;
    --port) PORT=$2; shift ;;
    --out) OUT_FILE=$2; shift ;;
    --keep) KEEP=1 ;;
    -h|--help) usage ;;
    *) log "unknown option: $1"; usage ;;
  esac
  shift
done
for v in N MINUTES WARMUP_MIN DELAY FAILING_PCT FLAPPING_PCT FLAP_EVERY API_RPS SSE SAMPLE; do
  [[ "${!v}" =~ ^[0-9]+$ ]] || die "$v must be a whole number"
done
[ "$N" -ge 10 ] && [ "$N" -le 64000 ] || die "--members is 10 to 64000"
[ "$MINUTES" -ge 2 ] && [ "$MINUTES" -le 240 ] || die "--minutes is 2 to 240"
[ "$WARMUP_MIN" -lt "$MINUTES" ] || die "--warmup-minutes must be shorter than --minutes"
[ "$((FAILING_PCT + FLAPPING_PCT))" -le 100 ] || die "--failing-pct + --flapping-pct is at most 100"
[ "$API_RPS" -ge 1 ] && [ "$API_RPS" -le 500 ] || die "--api-rps is 1 to 500"
[ "$SSE" -le 64 ] || die "--sse is 0 to 64"
[ "$SAMPLE" -ge 1 ] || die "--sample is at least 1"
API_PORT=$((PORT + 3))
ADMIN_TOKEN="bench-soak-admin-token-$$-$(date +%s%N)"
FAILING=$((N * FAILING_PCT / 100)) FLAPPING=$((N * FLAPPING_PCT / 100))
HEALTHY_N=$((N - FAILING - FLAPPING))

for cmd in nginx jq curl taskset; do command -v "$cmd" >/dev/null 2>&1 || die "missing $cmd (bench/api.sh installs it)"; done
ulimit -n "$(ulimit -Hn)" 2>/dev/null || true

DLL="$REPO/src/Vitals.Cli/bin/Release/net10.0/vitals.dll"
if [ "$BUILD" = 1 ]; then
  log "building Vitals (Release)"
  (cd "$REPO" && dotnet build src/Vitals.Cli -c Release -nologo -v q >&2) || die "build failed"
fi
[ -f "$DLL" ] || die "$DLL not found (build it, or drop --no-build)"

# ---- scratch directory and cleanup --------------------------------------------------
RUN_DIR=$(mktemp -d /tmp/vitals-soak.XXXXXX)
STARTED_PIDS=()
RUN_OK=0
cleanup() {
  set +e
  local pid port
  for pid in "${STARTED_PIDS[@]}"; do stop_pid "$pid" 10; done
  for port in "${STARTED_NGINX[@]}"; do nginx_stop "$port"; done
  if [ "$RUN_OK" = 1 ] && [ "$KEEP" = 0 ]; then rm -rf "$RUN_DIR"; else log "scratch files kept in $RUN_DIR"; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# ---- targets and server -------------------------------------------------------------
write_targets "$RUN_DIR/healthy.txt" "$HEALTHY_N" 1 "$PORT"
: > "$RUN_DIR/failing.txt"; : > "$RUN_DIR/flapping.txt"
[ "$FAILING" -gt 0 ] && write_targets "$RUN_DIR/failing.txt" "$FAILING" 100 "$((PORT + 1))"
[ "$FLAPPING" -gt 0 ] && write_targets "$RUN_DIR/flapping.txt" "$FLAPPING" 150 "$((PORT + 2))"
cat "$RUN_DIR/healthy.txt" "$RUN_DIR/failing.txt" "$RUN_DIR/flapping.txt" > "$RUN_DIR/targets.txt"
for p in "$PORT" "$((PORT + 1))" "$((PORT + 2))"; do nginx_start "$p"; done
nginx_set_health "$((PORT + 1))" 500

# The server refuses loopback targets unless told otherwise (docs/security.md, "Target policy").
SERVE_ARGS=(serve --listen "127.0.0.1:$API_PORT" --data-dir "$RUN_DIR/data")
if dotnet "$DLL" serve --help 2>/dev/null | grep -q -- '--allow-targets'; then SERVE_ARGS+=(--allow-targets 127.0.0.0/8); fi
export VITALS_ADMIN_TOKEN="$ADMIN_TOKEN"   # the environment, not the command line: it is not in ps
taskset -c "$API_CPU" dotnet "$DLL" "${SERVE_ARGS[@]}" >> "$RUN_DIR/server.log" 2>&1 &
API_PID=$!
STARTED_PIDS+=("$API_PID")
api_wait_serving /openapi/v1.json "$ADMIN_TOKEN" 60 > /dev/null || die "the server does not answer (see $RUN_DIR/server.log)"
log "$HEALTHY_N healthy + $FAILING failing + $FLAPPING flapping members, HTTP every ${DELAY}s; API :$API_PORT; scratch $RUN_DIR"

api_create_fleet soak "$DELAY"

log "creating $N members"
api_write_member_configs "$POOL" "$TOKEN" "$RUN_DIR/targets.txt" 4
api_create_members 4 "$(calc "120 + $N / 50")" > "$RUN_DIR/create.txt"
read -r CREATE_S CREATED CREATE_FAILED < "$RUN_DIR/create.txt"
[ "$CREATED" = "$N" ] || die "only $CREATED of $N members were created (see $RUN_DIR/members-*.codes)"
log "created $N in ${CREATE_S}s; waiting for the $((HEALTHY_N + FLAPPING)) reachable ones to be Healthy"
api_wait_healthy "$LISTENER" "$TOKEN" "$((HEALTHY_N + FLAPPING))" "$(calc "4 * $DELAY + 60 + $N / 500")" > /dev/null \
  || die "the reachable members did not all become Healthy"

# ---- load: flapping, REST reads, SSE readers -------------------------------------------
END_AT=$(deadline_in "$((MINUTES * 60))")

flapper() {
  local status=500
  while ! is_past "$END_AT"; do
    nginx_set_health "$((PORT + 2))" "$status"
    echo "$(now_s) $status" >> "$RUN_DIR/flips.txt"
    status=$([ "$status" = 500 ] && echo 200 || echo 500)
    sleep "$FLAP_EVERY"
  done
}
[ "$FLAPPING" -gt 0 ] && { flapper & STARTED_PIDS+=($!); }

# One curl process, one keep-alive connection, --rate R/s over a rotating list of reads; one status code per line.
MEMBER_IDS=$(curl -s -H "Authorization: Bearer $TOKEN" "$(API_URL)/api/v1/members?limit=50" | jq -r '.members[].id')
{
  echo "header = \"Authorization: Bearer $TOKEN\""
  echo "write-out = \"%{http_code}\\n\""
  echo "silent"
  echo "max-time = 10"
  total=$((API_RPS * MINUTES * 60))
  mapfile -t ids <<< "$MEMBER_IDS"
  for ((i = 0; i < total; i++)); do
    case $((i % 6)) in
      0) path="/api/v1/listeners/$LISTENER/health" ;;
      1) path="/api/v1/pools/$POOL/members/health?limit=100" ;;
      2) path="/api/v1/members?limit=100" ;;
      3) path="/api/v1/members/${ids[$((i % ${#ids[@]}))]}/health" ;;
      4) path="/api/v1/pools/$POOL/members/health?state=Unhealthy&limit=50" ;;
      5) path="/api/v1/members/${ids[$((i % ${#ids[@]}))]}/history?limit=20" ;;
    esac
    printf 'url = "%s%s"\noutput = "/dev/null"\n' "$(API_URL)" "$path"
  done
} > "$RUN_DIR/reads.curl"
taskset -c "$LOAD_CPU" curl --rate "$API_RPS/s" -K "$RUN_DIR/reads.curl" > "$RUN_DIR/reads.codes" 2> "$RUN_DIR/reads.err" &
STARTED_PIDS+=($!)

for ((i = 0; i < SSE; i++)); do
  curl -sN --max-time "$((MINUTES * 60 + 5))" -H "Authorization: Bearer $TOKEN" "$(API_URL)/api/v1/events" \
    > "$RUN_DIR/sse-$i.txt" 2>/dev/null &
  STARTED_PIDS+=($!)
done
reconnecting_reader() {
  while ! is_past "$END_AT"; do
    curl -sN --max-time 60 -H "Authorization: Bearer $TOKEN" "$(API_URL)/api/v1/events" >> "$RUN_DIR/sse-reconnecting.txt" 2>/dev/null || true
    echo "reconnect" >> "$RUN_DIR/sse-reconnects.txt"
  done
}
[ "$SSE" -gt 0 ] && { reconnecting_reader & STARTED_PIDS+=($!); }

# ---- samples ------------------------------------------------------------------------
# metric NAME FILE -> the sum of every series of NAME in a scraped exposition
metric() { awk -v n="$1" '$1 == n || index($1, n "{") == 1 { s += $NF } END { printf "%.0f\n", s }' "$2"; }
START=$(now_s)
echo -e "t_s\trss_kb\tfds\tthreads\tchecks_total\tskipped_total\tnginx_requests" > "$RUN_DIR/samples.tsv"
log "soaking for $MINUTES minutes (samples every ${SAMPLE}s in $RUN_DIR/samples.tsv)"
while ! is_past "$END_AT"; do
  is_running "$API_PID" || die "the server died (see $RUN_DIR/server.log)"
  curl -s --max-time 20 -H "Authorization: Bearer $ADMIN_TOKEN" "$(API_URL)/metrics" > "$RUN_DIR/metrics.txt" || true
  requests=0
  for p in "$PORT" "$((PORT + 1))" "$((PORT + 2))"; do read -r _ r < <(nginx_counters "$p"); requests=$((requests + r)); done
  printf '%.1f\t%s\t%s\t%s\t%s\t%s\t%s\n' "$(calc "$(now_s) - $START")" "$(status_kb "$API_PID" VmRSS)" \
    "$(find /proc/"$API_PID"/fd -mindepth 1 -maxdepth 1 2>/dev/null | wc -l)" \
    "$(awk '$1 == "Threads:" { print $2 }' /proc/"$API_PID"/status)" \
    "$(metric vitals_engine_checks_total "$RUN_DIR/metrics.txt")" "$(metric vitals_engine_checks_skipped_total "$RUN_DIR/metrics.txt")" \
    "$requests" >> "$RUN_DIR/samples.tsv"
  sleep "$SAMPLE"
done
is_running "$API_PID" || die "the server died (see $RUN_DIR/server.log)"
sleep 2

# ---- result -------------------------------------------------------------------------
READS_OK=$(grep -c '^2' "$RUN_DIR/reads.codes" || true)
READS_BAD=$(grep -vc '^2' "$RUN_DIR/reads.codes" || true)
SSE_EVENTS=$(cat "$RUN_DIR"/sse-[0-9]*.txt 2>/dev/null | grep -c '^event:' || true)
SSE_RECONNECTS=$(wc -l < "$RUN_DIR/sse-reconnects.txt" 2>/dev/null || echo 0)
FLIPS=$(wc -l < "$RUN_DIR/flips.txt" 2>/dev/null || echo 0)
ERRORS=$(grep -Eci '\bfail|exception|\] error' "$RUN_DIR/server.log" || true)

RUN_OK=1
RESULT=$(awk -F'\t' -v warm="$((WARMUP_MIN * 60))" -v total="$((MINUTES * 60))" -v n="$N" -v delay="$DELAY" '
  NR == 1 { next }
  { t = $1; if (t < warm) next
    k++; rss[k] = $2; fds[k] = $3; thr[k] = $4; ct[k] = $5; sk[k] = $6; tt[k] = t
    if (k == 1 || $2 > rmax) rmax = $2; if (k == 1 || $3 > fmax) fmax = $3; if (k == 1 || $3 < fmin) fmin = $3
    if (k == 1 || $4 > tmax) tmax = $4 }
  END {
    if (k < 4) { print "{\"error\":\"too few samples after warm-up\"}"; exit }
    q = int(k / 4); if (q < 1) q = 1
    for (i = 1; i <= q; i++) { a += rss[i]; fa += fds[i] }
    for (i = k - q + 1; i <= k; i++) { b += rss[i]; fb += fds[i] }
    a /= q; b /= q; fa /= q; fb /= q
    rate = (ct[k] - ct[1]) / (tt[k] - tt[1])
    printf "{\"rss_mb_first_quarter\":%.1f,\"rss_mb_last_quarter\":%.1f,\"rss_growth_pct\":%.2f,\"rss_mb_max\":%.1f,", a / 1024, b / 1024, 100 * (b - a) / a, rmax / 1024
    printf "\"fds_first_quarter\":%.1f,\"fds_last_quarter\":%.1f,\"fds_min\":%d,\"fds_max\":%d,\"threads_max\":%d,", fa, fb, fmin, fmax, tmax
    printf "\"checks_per_s\":%.1f,\"expected_checks_per_s\":%.1f,\"skipped_after_warmup\":%d,\"skipped_total\":%d,\"samples\":%d}", rate, n / delay, sk[k] - sk[1], sk[k], k
  }' "$RUN_DIR/samples.tsv")
RESULT=$(jq -c --argjson n "$N" --argjson minutes "$MINUTES" --argjson warm "$WARMUP_MIN" --argjson delay "$DELAY" \
  --argjson failing "$FAILING" --argjson flapping "$FLAPPING" --argjson flap_every "$FLAP_EVERY" --argjson flips "$FLIPS" \
  --argjson rps "$API_RPS" --argjson reads_ok "$READS_OK" --argjson reads_bad "$READS_BAD" \
  --argjson sse "$SSE" --argjson sse_events "$SSE_EVENTS" --argjson sse_reconnects "$SSE_RECONNECTS" \
  --argjson log_errors "$ERRORS" --arg cpus "$(nproc)" '
  { members: $n, minutes: $minutes, warmup_minutes: $warm, delay_s: $delay, failing: $failing, flapping: $flapping,
    flap_every_s: $flap_every, flips: $flips, api_rps: $rps, api_reads_2xx: $reads_ok, api_reads_other: $reads_bad,
    sse_readers: $sse, sse_events: $sse_events, sse_reconnects: $sse_reconnects, server_log_error_lines: $log_errors,
    cpus: ($cpus | tonumber) } + .' <<< "$RESULT")
echo "$RESULT"
[ -n "$OUT_FILE" ] && echo "$RESULT" >> "$OUT_FILE"
exit 0
