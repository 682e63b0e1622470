#!/usr/bin/env bash
# bench/metrics.sh [options]
#
# The cost of a Prometheus scrape of GET /metrics on a real `vitals serve` with N members (default 10,000) created
# through the REST API in one pool whose TCP monitor (every 50 s) finds every port refused: every member is then
# Unhealthy with a last check and a failure reason, the longest exposition there is. No backend is needed.
# Prints ONE JSON line (progress goes to stderr). See bench/README.md, "Metrics".
#
#   --members N        members (default 10000; up to 250000), distinct 127.B.x.y addresses, port 9 (refused)
#   --scrapes R        scrapes timed of each kind, plain and gzip (default 5): the median is reported
#   --clients C        curl clients creating members at once (default 4)
#   --no-build         do not build src/Vitals.Cli (Release) first
#   --port P           the API's port (default 18291)
#   --out FILE         also append the JSON line to FILE
#   --keep             keep the scratch directory (kept anyway when the run fails)
#
# Environment: API_CPU (0, the server), LOAD_CPU (1, curl).
set -euo pipefail

BENCH_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO="$(cd "$BENCH_DIR/.." && pwd)"
for f in common targets api; do source "$BENCH_DIR/lib/$f.sh"; done

usage() { awk 'NR > 1 && !/^#/ { exit } NR > 1 { sub(/^# ?/, ""); print }' "$0" >&2; exit 2; }

N=10000 SCRAPES=5 CLIENTS=4 BUILD=1 API_PORT=18291 OUT_FILE="" KEEP=0
API_CPU=${API_CPU:-0}
LOAD_CPU=${LOAD_CPU:-$(( $(nproc) > 1 ? 1 : 0 ))}
while [ $# -gt 0 ]; do
  case $1 in
    --members) N=$2; shift ;;
    --scrapes) SCRAPES=$2; shift ;;
    --clients) CLIENTS=$2; shift ;;
    --no-build) BUILD=0 ;;
    --port) API_PORT=$2; shift ;;
    --out) OUT_FILE=$2; shift ;;
    --keep) KEEP=1 ;;
    -h|--help) usage ;;
    *) log "unknown option: $1"; usage ;;
  esac
  shift
done
[[ "$N" =~ ^[0-9]+$ && "$N" -ge 1 && "$N" -le 250000 ]] || die "--members is 1 to 250000"
[[ "$SCRAPES" =~ ^[0-9]+$ && "$SCRAPES" -ge 1 && "$SCRAPES" -le 100 ]] || die "--scrapes is 1 to 100"
[[ "$CLIENTS" =~ ^[0-9]+$ && "$CLIENTS" -ge 1 && "$CLIENTS" -le 64 ]] || die "--clients is 1 to 64"
ADMIN_TOKEN="bench-admin-token-$$-0123456789abcdef"
REFUSED_PORT=9

for cmd in jq curl taskset gzip; do command -v "$cmd" >/dev/null 2>&1 || die "needs $cmd"; done
ulimit -n "$(ulimit -Hn)" 2>/dev/null || true

DLL="$REPO/src/Vitals.Cli/bin/Release/net10.0/vitals.dll"
if [ "$BUILD" = 1 ]; then
  log "building Vitals (Release)"
  (cd "$REPO" && dotnet build src/Vitals.Cli -c Release -nologo -v q >&2) || die "build failed"
fi
[ -f "$DLL" ] || die "$DLL not found (build it, or drop --no-build)"

RUN_DIR=$(mktemp -d /tmp/vitals-metrics-bench.XXXXXX)
STARTED_PIDS=()
RUN_OK=0
cleanup() {
  set +e
  local pid
  for pid in "${STARTED_PIDS[@]}"; do stop_pid "$pid" 10; done
  if [ "$RUN_OK" = 1 ] && [ "$KEEP" = 0 ]; then rm -rf "$RUN_DIR"; else log "scratch files kept in $RUN_DIR"; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# ---- server and fleet ---------------------------------------------------------------
write_targets "$RUN_DIR/targets.txt" "$N" 2 "$REFUSED_PORT"
api_start "$RUN_DIR/server.log"
api_wait_serving /openapi/v1.json "$ADMIN_TOKEN" 60 > /dev/null || die "the server does not answer (see $RUN_DIR/server.log)"
PROJECT=$(api_json POST /api/v1/projects "$ADMIN_TOKEN" '{"name":"bench"}')
TOKEN=$(jq -r .token <<< "$PROJECT")
LB=$(api_json POST /api/v1/loadbalancers "$TOKEN" '{"name":"bench"}' | jq -r .id)
POOL=$(api_json POST /api/v1/pools "$TOKEN" "{\"loadbalancer_id\":\"$LB\",\"protocol\":\"TCP\",\"name\":\"bench\"}" | jq -r .id)
api_json POST /api/v1/healthmonitors "$TOKEN" "{\"pool_id\":\"$POOL\",\"type\":\"TCP\",\"delay\":50,\"timeout\":1,\
\"max_retries\":1,\"max_retries_down\":1}" > /dev/null

log "creating $N members with $CLIENTS curl clients"
api_write_member_configs "$POOL" "$TOKEN" "$RUN_DIR/targets.txt" "$CLIENTS"
api_create_members "$CLIENTS" "$(calc "120 + $N / 50")" > "$RUN_DIR/create.txt"
read -r CREATE_S CREATED CREATE_FAILED < "$RUN_DIR/create.txt"
log "created $CREATED (failed $CREATE_FAILED) in ${CREATE_S}s"
[ "$CREATED" = "$N" ] || die "only $CREATED of $N members were created"

log "waiting until every member has been checked once (Unhealthy: its port is refused)"
end=$(deadline_in "$(calc "120 + $N / 500")")
while :; do
  UNHEALTHY=$(api_json GET "/api/v1/pools/$POOL/health?non_healthy_limit=0" "$TOKEN" | jq -r .counts.Unhealthy)
  [ "$UNHEALTHY" -ge "$N" ] && break
  is_past "$end" && die "only $UNHEALTHY of $N members were checked in time"
  sleep_while_alive 2 "$API_PID" || die "server died"
done

# ---- scrapes --------------------------------------------------------------------------
# scrape KIND -> "seconds bytes" of one GET /metrics with the admin token (plain, or gzip as Prometheus asks)
scrape() {
  local args=(-s --max-time 120 -o "$RUN_DIR/scrape.$1" -w '%{time_total} %{size_download} %{http_code}\n'
    -H "Authorization: Bearer $ADMIN_TOKEN")
  [ "$1" = gzip ] && args+=(-H 'Accept-Encoding: gzip')
  taskset -c "$LOAD_CPU" curl "${args[@]}" "$(API_URL)/metrics"
}
median() { sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }

scrape plain > /dev/null; scrape gzip > /dev/null   # warm-up: JIT and pools
RSS_BEFORE_KB=$(status_kb "$API_PID" VmRSS)
read -r u0 s0 < <(cpu_ticks "$API_PID"); t0=$(now_s)
for ((i = 0; i < SCRAPES; i++)); do scrape plain >> "$RUN_DIR/plain.txt"; done
read -r u1 s1 < <(cpu_ticks "$API_PID"); t1=$(now_s)
for ((i = 0; i < SCRAPES; i++)); do scrape gzip >> "$RUN_DIR/gzip.txt"; done
read -r u2 s2 < <(cpu_ticks "$API_PID"); t2=$(now_s)
RSS_AFTER_KB=$(status_kb "$API_PID" VmRSS)
awk '$3 != 200 { bad = 1 } END { exit bad }' "$RUN_DIR/plain.txt" "$RUN_DIR/gzip.txt" || die "a scrape failed: $(cat "$RUN_DIR"/*.txt)"

# the background checks cost CPU too (N / 50 refused connects per second): measured alone for the same time
read -r u3 s3 < <(cpu_ticks "$API_PID"); t3=$(now_s)
sleep_while_alive "$(calc "$t1 - $t0")" "$API_PID" || die "server died"
read -r u4 s4 < <(cpu_ticks "$API_PID"); t4=$(now_s)
TCK=$(getconf CLK_TCK)
BACKGROUND_CPU_PER_S=$(calc "($u4 + $s4 - $u3 - $s3) / $TCK / ($t4 - $t3)")
PLAIN_CPU_S=$(calc "(($u1 + $s1 - $u0 - $s0) / $TCK - $BACKGROUND_CPU_PER_S * ($t1 - $t0)) / $SCRAPES")
GZIP_CPU_S=$(calc "(($u2 + $s2 - $u1 - $s1) / $TCK - $BACKGROUND_CPU_PER_S * ($t2 - $t1)) / $SCRAPES")

LINES=$(wc -l < "$RUN_DIR/scrape.plain")
SAMPLES=$(grep -vc '^#' "$RUN_DIR/scrape.plain")
gzip -t "$RUN_DIR/scrape.gzip" || die "the gzip scrape does not decompress"
api_stop

RUN_OK=1
RESULT=$(jq -nc --argjson n "$N" --argjson scrapes "$SCRAPES" --argjson create "$CREATE_S" \
  --argjson plain_s "$(cut -d' ' -f1 "$RUN_DIR/plain.txt" | median)" --argjson plain_bytes "$(cut -d' ' -f2 "$RUN_DIR/plain.txt" | median)" \
  --argjson gzip_s "$(cut -d' ' -f1 "$RUN_DIR/gzip.txt" | median)" --argjson gzip_bytes "$(cut -d' ' -f2 "$RUN_DIR/gzip.txt" | median)" \
  --argjson plain_max "$(cut -d' ' -f1 "$RUN_DIR/plain.txt" | sort -n | tail -1)" \
  --argjson gzip_max "$(cut -d' ' -f1 "$RUN_DIR/gzip.txt" | sort -n | tail -1)" \
  --argjson plain_cpu "$PLAIN_CPU_S" --argjson gzip_cpu "$GZIP_CPU_S" --argjson bg "$BACKGROUND_CPU_PER_S" \
  --argjson lines "$LINES" --argjson samples "$SAMPLES" --argjson rss0 "$RSS_BEFORE_KB" --argjson rss1 "$RSS_AFTER_KB" \
  --arg cpus "$(nproc)" --arg load_avg "$(cut -d' ' -f1-3 /proc/loadavg)" '
  def r(d): . * pow(10; d) | round / pow(10; d);
  {
    members: $n, scrapes: $scrapes, create_s: ($create | r(1)), lines: $lines, samples: $samples,
    plain_ms: ($plain_s * 1000 | r(1)), plain_max_ms: ($plain_max * 1000 | r(1)), plain_bytes: $plain_bytes,
    plain_cpu_ms: ($plain_cpu * 1000 | r(0)),
    gzip_ms: ($gzip_s * 1000 | r(1)), gzip_max_ms: ($gzip_max * 1000 | r(1)), gzip_bytes: $gzip_bytes,
    gzip_cpu_ms: ($gzip_cpu * 1000 | r(0)), background_cpu_pct: ($bg * 100 | r(1)),
    rss_mb_before: ($rss0 / 1024 | r(0)), rss_mb_after: ($rss1 / 1024 | r(0)), cpus: ($cpus | tonumber), load_avg: $load_avg
  }')
echo "$RESULT"
[ -n "$OUT_FILE" ] && echo "$RESULT" >> "$OUT_FILE"
exit 0
