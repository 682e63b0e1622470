# The load-balancer bench's pieces (sourced by lb.sh): the fleet over REST, the HAProxy configurations written by
# `vitals export haproxy`, the HAProxy processes, the binding, the event stream.
# Needs: RUN_DIR, DLL, API_PORT, AGENT_PORT, ADMIN_TOKEN, STARTED_PIDS, DELAY, TIMEOUT, RISE, FALL
# (common.sh, targets.sh and api.sh loaded).

# lb_start_server LOG -> `vitals serve` with the agent responder and RUN_DIR allowed for runtime API sockets;
# pinned to API_CPU; sets API_PID
lb_start_server() {
  taskset -c "$API_CPU" dotnet "$DLL" serve --listen "127.0.0.1:$API_PORT" --data-dir "$RUN_DIR/data" \
    --admin-token "$ADMIN_TOKEN" --allow-targets 127.0.0.0/8 --allow-sockets "$RUN_DIR" \
    --agent-listen "127.0.0.1:$AGENT_PORT" >> "$1" 2>&1 &
  API_PID=$!
  STARTED_PIDS+=("$API_PID")
}

# lb_create_pool LB NAME PORT -> an HTTP listener on PORT, its pool NAME (round robin) and an HTTP monitor
# (GET /health, 200, DELAY, TIMEOUT, RISE, FALL); prints the pool id
lb_create_pool() {
  local listener pool
  listener=$(api_json POST /api/v1/listeners "$TOKEN" \
    "{\"loadbalancer_id\":\"$1\",\"protocol\":\"HTTP\",\"protocol_port\":$3,\"name\":\"$2\"}" | jq -r .id)
  pool=$(api_json POST /api/v1/pools "$TOKEN" \
    "{\"loadbalancer_id\":\"$1\",\"listener_id\":\"$listener\",\"protocol\":\"HTTP\",\"lb_algorithm\":\"ROUND_ROBIN\",\"name\":\"$2\"}" \
    | jq -r .id)
  api_json POST /api/v1/healthmonitors "$TOKEN" "{\"pool_id\":\"$pool\",\"type\":\"HTTP\",\"delay\":$DELAY,\
\"timeout\":$TIMEOUT,\"max_retries\":$RISE,\"max_retries_down\":$FALL,\"url_path\":\"/health\",\"expected_codes\":\"200\"}" \
    > /dev/null
  echo "$pool"
}

# lb_create_members POOL PREFIX TARGETS_FILE -> one member per "ip:port" line, named PREFIX-1, PREFIX-2, ...
# (4 keep-alive curl clients); dies unless every one was created
lb_create_members() {
  local n; n=$(wc -l < "$3")
  rm -f "$RUN_DIR"/members-*.curl "$RUN_DIR"/members-*.codes
  api_write_member_configs "$1" "$TOKEN" "$3" 4
  sed -i "s/\\\\\"name\\\\\":\\\\\"m-/\\\\\"name\\\\\":\\\\\"$2-/" "$RUN_DIR"/members-*.curl
  api_create_members 4 "$(calc "60 + $n / 50")" > "$RUN_DIR/create-$2.txt"
  read -r _ created failed < "$RUN_DIR/create-$2.txt"
  [ "$created" = "$n" ] || die "pool $2: $created of $n members created, $failed refused (see $RUN_DIR/members-*.codes)"
}

# lb_count_ready LB -> members whose rotation is ready, over the load balancer's pools
lb_count_ready() {
  local answer; answer=$(api_status GET "/api/v1/rotation?loadbalancer_id=$1" "$TOKEN")
  [ "${answer%% *}" = 200 ] || { echo 0; return 0; }
  jq '[.pools[].members[] | select(.rotation == "ready")] | length' <<< "${answer#* }"
}

# lb_wait_ready LB COUNT TIMEOUT_S -> waits until COUNT members are ready
lb_wait_ready() {
  local end c; end=$(deadline_in "$3")
  while :; do
    c=$(lb_count_ready "$1")
    [ "$c" -ge "$2" ] && return 0
    is_running "$API_PID" || die "the server died (see $RUN_DIR/server.log)"
    is_past "$end" && { log "only $c of $2 members ready"; return 1; }
    sleep 0.5
  done
}

# lb_export OUT BIND SOCKET [ARGS..] -> `vitals export haproxy --standalone` into OUT
lb_export() {
  local out=$1 bind=$2 sock=$3; shift 3
  dotnet "$DLL" export haproxy "$@" --standalone --bind "$bind" --stats-socket "$sock" \
    --server "$(API_URL)" --token "$TOKEN" > "$out" 2> "$out.err" || die "export haproxy failed: $(cat "$out.err")"
}

# lb_strip_check FILE -> removes HAProxy's own `check` from every server line (agent-check stays): on the agent and
# runtime API paths Vitals alone decides, so HAProxy's checks cannot take a server down first and blur the lag
lb_strip_check() {
  sed -i -E '/^[[:space:]]*server /s/ check( |$)/\1/' "$1"
  ! grep -Eq '^[[:space:]]*server .* check( |$)' "$1" || die "a server line of $1 still has check"
}

# lb_haproxy_start NAME CFG -> `haproxy -db -f CFG` pinned to HAPROXY_CPU, after `haproxy -c`; sets LBH_PID_NAME
lb_haproxy_start() {
  haproxy -c -q -f "$2" > "$RUN_DIR/haproxy-$1.check" 2>&1 || die "haproxy -c refused $2: $(head -5 "$RUN_DIR/haproxy-$1.check")"
  taskset -c "$HAPROXY_CPU" haproxy -db -f "$2" > "$RUN_DIR/haproxy-$1.log" 2>&1 &
  STARTED_PIDS+=($!)
  printf -v "LBH_PID_$1" '%s' "$!"
}

# lb_haproxy_wait SOCKET PID TIMEOUT_S -> waits until the runtime API answers
lb_haproxy_wait() {
  local end; end=$(deadline_in "$3")
  until python3 - "$1" <<'PY' 2>/dev/null
import socket, sys
s = socket.socket(socket.AF_UNIX); s.settimeout(1); s.connect(sys.argv[1]); s.sendall(b"show info\n")
sys.exit(0 if b"Pid:" in s.recv(65536) else 1)
PY
  do
    is_running "$2" || die "haproxy died: $(tail -3 "$RUN_DIR"/haproxy-*.log)"
    is_past "$end" && die "haproxy's runtime API $1 does not answer"
    sleep 0.2
  done
}

# lb_servers_up SOCKET BACKEND -> "up total" from `show servers state BACKEND` (srv_op_state 2 = UP)
lb_servers_up() {
  python3 - "$1" "$2" <<'PY'
import socket, sys
s = socket.socket(socket.AF_UNIX); s.settimeout(5); s.connect(sys.argv[1])
s.sendall(("show servers state %s\n" % sys.argv[2]).encode())
data = b""
while True:
    b = s.recv(65536)
    if not b:
        break
    data += b
up = tot = 0
for line in data.decode().splitlines():
    f = line.split()
    if len(f) > 6 and f[1] == sys.argv[2]:
        tot += 1
        up += f[5] == "2"
print(up, tot)
PY
}

# lb_wait_servers_up SOCKET BACKEND COUNT TIMEOUT_S -> waits until COUNT servers of BACKEND are UP
lb_wait_servers_up() {
  local end up tot; end=$(deadline_in "$4")
  while :; do
    read -r up tot < <(lb_servers_up "$1" "$2" || echo "0 0")
    [ "$up" -ge "$3" ] && return 0
    is_past "$end" && { log "$2 on $1: $up of $tot servers UP"; return 1; }
    sleep 0.3
  done
}

# lb_binding_sync ID -> the binding's sync object (JSON)
lb_binding_sync() { api_json GET "/api/v1/haproxy-bindings/$1" "$TOKEN" | jq -c .sync; }

# lb_events_start OUT SECONDS -> the server's event stream (SSE) into OUT for at most SECONDS; sets EVENTS_PID
lb_events_start() {
  curl -s -N --max-time "$2" -H "Authorization: Bearer $TOKEN" "$(API_URL)/api/v1/events" > "$1" 2> "$1.err" &
  EVENTS_PID=$!
  STARTED_PIDS+=("$EVENTS_PID")
}

# lb_verdicts EVENTS POOL T0 -> {"member name": epoch seconds} of the first transition to Unhealthy at or after T0
# of each member of POOL (names from MEMBERS_JSON: [{member_id, name}])
lb_verdicts() {
  grep '^data: ' "$1" | sed 's/^data: //' | jq -s -c --argjson t0 "$3" --arg pool "$2" --slurpfile m "$RUN_DIR/members.json" '
    def ts: capture("^(?<s>[0-9-]+T[0-9:]+)(\\.(?<f>[0-9]+))?(Z|\\+00:00)$")
            | (.s + "Z" | fromdateiso8601) + ("0." + (.f // "0") | tonumber);
    ($m[0] | map({key: .member_id, value: .name}) | from_entries) as $names
    | [.[] | select(type == "object" and .pool_id == $pool and .to == "Unhealthy") | {id: .member_id, t: (.at | ts)}
       | select(.t >= $t0 - 0.001)]
    | group_by(.id) | map({key: $names[.[0].id], value: (map(.t) | min)}) | from_entries'
}
