# HAProxy 2.6 as the peer checker (sourced by run.sh): backends with no frontend, so
# only health checks run; nbthread 1, pinned to CHECKER_CPU like ours.
#
# Above ~19,500 servers one process cannot start here: haproxy wants
# ulimit-n >= servers + 2*maxconn + ~24 and the fd hard limit is 20,000 (it cannot be
# raised). So the targets are split into shards of at most HAPROXY_SHARD_MAX servers, one
# haproxy process per shard, all pinned to the same CPU; CPU, checks and memory are summed
# over the shards. Each shard is its own event loop, so above one shard haproxy pays a few
# more wake-ups than one process would; at >= 5,000 checks/s per process that is ~0.01
# wake-ups per check (see bench/README.md).
# Needs: RUN_DIR, CHECKER_CPU, TYPE, DELAY, TIMEOUT, RISE, FALL, HAPROXY_SHARD_MAX.

HAPROXY_PIDS=()

# haproxy_write_cfg OUT SOCKET BACKEND=FILE.. -> config where each "ip:port" line is a server
haproxy_write_cfg() {
  local out=$1 sock=$2; shift 2
  local hard nsrv=0 fit spec be file inter_ms timeout_ms
  for spec in "$@"; do nsrv=$((nsrv + $(wc -l < "${spec#*=}"))); done
  hard=$(ulimit -Hn); [ "$hard" = unlimited ] && hard=1048576
  # no traffic goes through haproxy: shrink maxconn until servers + 2*maxconn fit the fd limit
  fit=$(( (hard - nsrv - 200) / 2 )); [ "$fit" -lt 100 ] && fit=100; [ "$fit" -gt 4000 ] && fit=4000
  inter_ms=$(awk -v d="$DELAY" 'BEGIN { printf "%d", d * 1000 }')
  timeout_ms=$(awk -v d="$TIMEOUT" 'BEGIN { printf "%d", d * 1000 }')
  {
    cat <<CFG
global
    maxconn $fit
    ulimit-n $hard
    nbthread 1
    stats socket $sock mode 600 level admin
    stats timeout 10s

defaults
    mode tcp
    timeout connect ${timeout_ms}ms
    timeout check ${timeout_ms}ms
    timeout client 10s
    timeout server 10s
    default-server check inter ${inter_ms}ms rise $RISE fall $FALL
CFG
    for spec in "$@"; do
      be=${spec%%=*} file=${spec#*=}
      printf '\nbackend %s\n    # roundrobin is limited to 4095 servers per backend\n    balance static-rr\n' "$be"
      if [ "$TYPE" = http ]; then
        printf '    option httpchk GET /health\n    http-check expect status 200\n'
      fi
      awk '{ printf "    server s%d %s\n", NR, $1 }' "$file"
    done
  } > "$out"
}

haproxy_cmd() { echo "$2" | socat -t 5 - "UNIX-CONNECT:$1"; }

# haproxy_start MAIN_FILE [VICTIM_FILE] -> one process per shard; the victims' backend
# (be_victims) lives in shard 0. Sets HAPROXY_PIDS, HAPROXY_SOCKS, HAPROXY_SHARDS.
haproxy_start() {
  local main=$1 victims=${2:-} n shards per i cfg sock specs
  n=$(wc -l < "$main")
  shards=$(( (n + HAPROXY_SHARD_MAX - 1) / HAPROXY_SHARD_MAX )); [ "$shards" -lt 1 ] && shards=1
  per=$(( (n + shards - 1) / shards ))
  rm -f "$RUN_DIR"/haproxy-shard-*
  split -d -a 2 -l "$per" "$main" "$RUN_DIR/haproxy-shard-"
  HAPROXY_PIDS=() HAPROXY_SOCKS=() HAPROXY_SHARDS=$shards
  for ((i = 0; i < shards; i++)); do
    cfg="$RUN_DIR/haproxy-$i.cfg" sock="$RUN_DIR/haproxy-$i.sock"
    specs=("be_checks=$RUN_DIR/haproxy-shard-$(printf %02d "$i")")
    [ "$i" = 0 ] && [ -n "$victims" ] && specs+=("be_victims=$victims")
    haproxy_write_cfg "$cfg" "$sock" "${specs[@]}"
    taskset -c "$CHECKER_CPU" haproxy -db -f "$cfg" > "$RUN_DIR/haproxy-$i.log" 2>&1 &
    HAPROXY_PIDS+=($!) HAPROXY_SOCKS+=("$sock")
    STARTED_PIDS+=($!)
  done
}

haproxy_pid_list() { local IFS=,; echo "${HAPROXY_PIDS[*]}"; }

haproxy_stop() {
  local pid
  for pid in "${HAPROXY_PIDS[@]}"; do stop_pid "$pid" 5; done
}

# haproxy_wait_sockets TIMEOUT_S -> waits until every shard answers on its stats socket
# (parsing ~19,000 servers takes ~5 s per shard, all shards sharing one CPU)
haproxy_wait_sockets() {
  local end sock; end=$(deadline_in "$1")
  for sock in "${HAPROXY_SOCKS[@]}"; do
    until haproxy_cmd "$sock" "show info" 2>/dev/null | grep -q '^Pid:'; do
      alive "$(haproxy_pid_list)" || { log "haproxy died: $(tail -3 "$RUN_DIR"/haproxy-*.log)"; return 1; }
      is_past "$end" && return 1
      sleep 0.5
    done
  done
}

# haproxy_stat -> JSON {servers, up, chkfail, chkdown} summed over every shard and backend
haproxy_stat() {
  local sock
  for sock in "${HAPROXY_SOCKS[@]}"; do haproxy_cmd "$sock" "show stat"; done | awk -F, '
    /^# / { for (i = 1; i <= NF; i++) h[$i] = i; next }
    $2 != "BACKEND" && $2 != "FRONTEND" && $1 ~ /^be_/ {
      tot++; if ($h["status"] ~ /^UP/) up++; cf += $h["chkfail"]; cd += $h["chkdown"] }
    END { printf "{\"servers\":%d,\"up\":%d,\"chkfail\":%d,\"chkdown\":%d}\n", tot, up, cf, cd }'
}

# haproxy_victim_states -> "name op_state" per victim server (op_state 0 = DOWN, 2 = UP)
haproxy_victim_states() {
  haproxy_cmd "${HAPROXY_SOCKS[0]}" "show servers state be_victims" 2>/dev/null \
    | awk 'NF > 6 && $2 == "be_victims" { print $4, $6 }'
}

# haproxy_wait_victims STATE COUNT TIMEOUT_S -> waits until COUNT victims are in STATE
haproxy_wait_victims() {
  local end; end=$(deadline_in "$3")
  until [ "$(haproxy_victim_states | awk -v s="$1" '$2 == s { c++ } END { print c + 0 }')" -ge "$2" ]; do
    is_past "$end" && return 1
    sleep 0.2
  done
}

# haproxy_track_down T0 COUNT DEADLINE -> seconds from T0 to each victim's first DOWN sighting
# (stats socket polled every ~20 ms, so each figure is up to ~20 ms late)
haproxy_track_down() {
  local t0=$1 count=$2 deadline=$3 t name st
  declare -A seen=()
  while [ "${#seen[@]}" -lt "$count" ] && ! is_past "$deadline"; do
    t=$(now_s)
    while read -r name st; do
      [ "$st" = 0 ] && [ -z "${seen[$name]:-}" ] && seen[$name]=$t
    done < <(haproxy_victim_states)
    sleep 0.02
  done
  for name in "${!seen[@]}"; do calc "${seen[$name]} - $t0"; done
}

# haproxy_baseline_hwm_kb -> BASE_KB = peak RSS (kB) of one haproxy process checking a single server
haproxy_baseline_hwm_kb() {
  local cfg="$RUN_DIR/haproxy-baseline.cfg" pid hwm
  head -1 "$RUN_DIR/targets-all.txt" > "$RUN_DIR/targets-one.txt"
  haproxy_write_cfg "$cfg" "$RUN_DIR/haproxy-baseline.sock" "be_checks=$RUN_DIR/targets-one.txt"
  taskset -c "$CHECKER_CPU" haproxy -db -f "$cfg" > "$RUN_DIR/haproxy-baseline.log" 2>&1 &
  pid=$!
  STARTED_PIDS+=("$pid")
  sleep_while_alive 4 "$pid" || log "baseline haproxy ended early: $(tail -3 "$RUN_DIR/haproxy-baseline.log")"
  hwm=$(status_kb "$pid" VmHWM)
  stop_pid "$pid" 5
  BASE_KB=${hwm:-0}
}
