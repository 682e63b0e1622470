# The control-plane bench's server side (sourced by api.sh): `vitals serve`, its REST API through curl,
# bulk creation of members, start-up timing and the engine's check rate seen from nginx.
# Needs: REPO, RUN_DIR, DLL, API_PORT, API_CPU, ADMIN_TOKEN, STARTED_PIDS (common.sh, targets.sh loaded).

API_URL() { echo "http://127.0.0.1:$API_PORT"; }

# api_start LOG -> starts `vitals serve` pinned to API_CPU on RUN_DIR/data; sets API_PID.
# (Not in $(...): cleanup must know the PID.)
api_start() {
  taskset -c "$API_CPU" dotnet "$DLL" serve --listen "127.0.0.1:$API_PORT" --data-dir "$RUN_DIR/data" \
    --admin-token "$ADMIN_TOKEN" --allow-targets 127.0.0.0/8,::1 >> "$1" 2>&1 &
  API_PID=$!
  STARTED_PIDS+=("$API_PID")
}

# api_stop -> SIGTERM (the server flushes every member's last state), SIGKILL only after 60 s
api_stop() { stop_pid "$API_PID" 60; }

# api_status METHOD PATH TOKEN [BODY] -> prints "STATUS BODY" (one line of JSON, or empty)
api_status() {
  local args=(-s --max-time 10 -o "$RUN_DIR/api-body" -w '%{http_code}' -X "$1" -H "Authorization: Bearer $3")
  [ -n "${4:-}" ] && args+=(-H 'Content-Type: application/json' --data-binary "$4")
  local code; code=$(curl "${args[@]}" "$(API_URL)$2") || code=000
  echo "$code $(cat "$RUN_DIR/api-body" 2>/dev/null)"
}

# api_json METHOD PATH TOKEN [BODY] -> the JSON body of a 2xx answer; dies otherwise
api_json() {
  local answer; answer=$(api_status "$@")
  [[ "${answer%% *}" =~ ^2 ]] || die "$1 $2: $answer"
  echo "${answer#* }"
}

# api_wait_serving PATH TOKEN TIMEOUT_S -> waits for the first 200 on PATH (polled every 10 ms); prints the time it came
api_wait_serving() {
  local end code; end=$(deadline_in "$3")
  while ! is_past "$end"; do
    is_running "$API_PID" || { log "server died: $(tail -5 "$RUN_DIR/server.log")"; return 1; }
    code=$(curl -s --max-time 2 -o /dev/null -w '%{http_code}' -H "Authorization: Bearer $2" "$(API_URL)$1" || true)
    if [ "$code" = 200 ]; then now_s; return 0; fi
    sleep 0.01
  done
  return 1
}

# api_create_fleet NAME DELAY -> a project NAME with one load balancer, an HTTP listener on :80, its pool and an HTTP
# monitor (GET /health, 200, every DELAY s, timeout 2 s, rise 2, fall 3); sets TOKEN, LB, LISTENER, POOL
api_create_fleet() {
  local name=$1 delay=$2
  TOKEN=$(api_json POST /api/v1/projects "$ADMIN_TOKEN" "{\"name\":\"$name\"}" | jq -r .token)
  LB=$(api_json POST /api/v1/loadbalancers "$TOKEN" "{\"name\":\"$name\"}" | jq -r .id)
  LISTENER=$(api_json POST /api/v1/listeners "$TOKEN" "{\"loadbalancer_id\":\"$LB\",\"protocol\":\"HTTP\",\"protocol_port\":80}" | jq -r .id)
  POOL=$(api_json POST /api/v1/pools "$TOKEN" \
    "{\"loadbalancer_id\":\"$LB\",\"listener_id\":\"$LISTENER\",\"protocol\":\"HTTP\",\"name\":\"$name\"}" | jq -r .id)
  api_json POST /api/v1/healthmonitors "$TOKEN" "{\"pool_id\":\"$POOL\",\"type\":\"HTTP\",\"delay\":$delay,\"timeout\":2,\
\"max_retries\":2,\"max_retries_down\":3,\"url_path\":\"/health\",\"expected_codes\":\"200\"}" > /dev/null
}

# api_write_member_configs POOL_ID TOKEN TARGETS_FILE CLIENTS -> CLIENTS curl config files, the members dealt
# round robin; each request writes its status code on a line of its own
api_write_member_configs() {
  local pool=$1 token=$2 file=$3 clients=$4
  awk -v pool="$pool" -v token="$token" -v url="$(API_URL)/api/v1/members" -v clients="$clients" -v dir="$RUN_DIR" '
    { split($1, hp, ":"); out = sprintf("%s/members-%d.curl", dir, (NR - 1) % clients)
      if (seen[out]++) print "next" > out
      printf "url = \"%s\"\nrequest = \"POST\"\nheader = \"Authorization: Bearer %s\"\nheader = \"Content-Type: application/json\"\n", url, token > out
      printf "data-binary = \"{\\\"pool_id\\\":\\\"%s\\\",\\\"name\\\":\\\"m-%d\\\",\\\"address\\\":\\\"%s\\\",\\\"protocol_port\\\":%s}\"\n", pool, NR, hp[1], hp[2] > out
      printf "output = \"/dev/null\"\nwrite-out = \"%%{http_code}\\n\"\nsilent\nmax-time = 30\n" > out }' "$file"
}

# api_create_members CLIENTS TIMEOUT_S -> runs the CLIENTS curl processes at once (each one keep-alive
# connection, one request after the other); prints "wall_s created_201 other"
api_create_members() {
  local clients=$1 i t0 t1 pids=() end
  t0=$(now_s)
  for ((i = 0; i < clients; i++)); do
    curl -K "$RUN_DIR/members-$i.curl" > "$RUN_DIR/members-$i.codes" 2>> "$RUN_DIR/members-curl.err" &
    pids+=($!); STARTED_PIDS+=($!)
  done
  end=$(deadline_in "$2")
  for i in "${pids[@]}"; do
    while is_running "$i" && ! is_past "$end"; do sleep 0.05; done
    stop_pid "$i" 1
  done
  t1=$(now_s)
  cat "$RUN_DIR"/members-*.codes | awk -v w="$(calc "$t1 - $t0")" '
    $1 == 201 { ok++ } $1 != 201 { bad++ } END { printf "%s %d %d\n", w, ok, bad }'
}

# api_listener_counts LISTENER TOKEN -> "Healthy total" of the listener's default pool (or "0 0")
api_listener_counts() {
  local answer; answer=$(api_status GET "/api/v1/listeners/$1/health?non_healthy_limit=0" "$2")
  [ "${answer%% *}" = 200 ] || { echo "0 0"; return 0; }
  jq -r '.pools[0] | "\(.counts.Healthy) \(.members_total)"' <<< "${answer#* }"
}

# api_wait_healthy LISTENER TOKEN COUNT TIMEOUT_S -> waits until COUNT members are Healthy; prints the last count
api_wait_healthy() {
  local end healthy total; end=$(deadline_in "$4")
  while :; do
    read -r healthy total < <(api_listener_counts "$1" "$2")
    [ "$healthy" -ge "$3" ] && { echo "$healthy"; return 0; }
    is_past "$end" && { echo "$healthy"; return 1; }
    sleep 1
  done
}

# check_rate_window SECONDS NGINX_PORT -> JSON: the engine's checks per second over the window, counted by
# our nginx (requests on its port: only our checks reach it) and, as a cross-check, by the kernel's
# ActiveOpens (machine-wide: other work on the machine adds to it), plus the server's CPU
check_rate_window() {
  local secs=$1 port=$2 r0 r1 a0 a1 o0 o1 u0 s0 u1 s1 t0 t1 tck
  tck=$(getconf CLK_TCK)
  read -r a0 r0 < <(nginx_counters "$port")
  o0=$(tcp_active_opens); read -r u0 s0 < <(cpu_ticks "$API_PID"); t0=$(now_s)
  sleep_while_alive "$secs" "$API_PID" || return 1
  o1=$(tcp_active_opens); read -r u1 s1 < <(cpu_ticks "$API_PID"); t1=$(now_s)
  read -r a1 r1 < <(nginx_counters "$port")
  jq -nc --argjson wall "$(calc "$t1 - $t0")" --argjson req "$((r1 - r0 - 1))" --argjson opens "$((o1 - o0))" \
    --argjson cpu "$(calc "($u1 + $s1 - $u0 - $s0) / $tck")" '
    def r(d): . * pow(10; d) | round / pow(10; d);
    { window_s: ($wall | r(2)), checks_per_s: ($req / $wall | r(1)), active_opens_per_s: ($opens / $wall | r(1)),
      server_cpu_pct: (100 * $cpu / $wall | r(1)) }'
}

# wrk_latency_ms WRK_OUTPUT PCT -> the PCT% latency of wrk --latency, in ms
wrk_latency_ms() {
  awk -v p="$2%" '$1 == p { v = $2; u = v; sub(/[0-9.]+/, "", u); sub(/[a-z]+$/, "", v)
    f = (u == "us") ? 0.001 : (u == "ms") ? 1 : (u == "s") ? 1000 : (u == "m") ? 60000 : 1; printf "%.3f\n", v * f }' "$1"
}
