# Loopback targets served by nginx (sourced by run.sh).
# One nginx instance per port, listening on 0.0.0.0:PORT so that every 127.x.y.z
# address reaches it: 1 worker pinned to SERVER_CPU, a tiny static 200 at /health
# (404 elsewhere, so a checker asking the wrong path fails), no keep-alive, and
# /nginx_status (stub_status) whose accepts/requests cross-check the check count.
# Needs: RUN_DIR, SERVER_CPU; records what it started in STARTED_NGINX.

STARTED_NGINX=()

nginx_dir() { echo "$RUN_DIR/nginx-$1"; }

# nginx_master PORT -> PID of the nginx master we started for PORT (fails if none runs)
nginx_master() {
  local f; f="$(nginx_dir "$1")/nginx.pid"
  [ -s "$f" ] && is_running "$(cat "$f")" && cat "$f"
}

# nginx_workers PORT -> worker PIDs, comma separated
nginx_workers() {
  local m; m=$(nginx_master "$1") || return 1
  pgrep -P "$m" | paste -sd, -
}

# nginx_counters PORT -> "accepts requests" from stub_status (the read itself adds one of each)
nginx_counters() {
  curl -s --max-time 2 "http://127.0.0.1:$1/nginx_status" | awk 'NR == 3 { print $1, $3 }'
}

# nginx_write_conf PORT STATUS -> config answering STATUS at /health
nginx_write_conf() {
  local port=$1 status=$2 d mask="1" i
  d=$(nginx_dir "$port")
  for ((i = 0; i < SERVER_CPU; i++)); do mask="${mask}0"; done
  cat > "$d/nginx.conf" <<CONF
worker_processes 1;
worker_cpu_affinity $mask;
# the fd hard limit here is 20,000 and cannot be raised (more fails with EPERM)
worker_rlimit_nofile 20000;
pid $d/nginx.pid;
error_log $d/error.log warn;
events { worker_connections 16000; multi_accept on; use epoll; }
http {
  access_log off;
  client_body_temp_path $d/tmp/body;
  proxy_temp_path $d/tmp/proxy;
  fastcgi_temp_path $d/tmp/fastcgi;
  uwsgi_temp_path $d/tmp/uwsgi;
  scgi_temp_path $d/tmp/scgi;
  keepalive_timeout 0;
  server {
    listen 0.0.0.0:$port backlog=4096;
    location = /health { default_type text/plain; return $status "OK\n"; }
    location = /nginx_status { stub_status; }
    location / { return 404; }
  }
}
CONF
}

# nginx_start PORT -> makes sure our nginx serves PORT (no-op when it already runs)
nginx_start() {
  local port=$1 d end
  nginx_master "$port" >/dev/null && return 0
  d=$(nginx_dir "$port")
  mkdir -p "$d/tmp"
  nginx_write_conf "$port" 200
  nginx -p "$d" -c "$d/nginx.conf" 2>>"$d/error.log" || die "nginx failed to start on :$port (see $d/error.log)"
  STARTED_NGINX+=("$port")
  end=$(deadline_in 5)
  until nginx_master "$port" >/dev/null && [ -n "$(nginx_counters "$port")" ]; do
    is_past "$end" && die "nginx on :$port does not answer (see $d/error.log)"
    sleep 0.1
  done
}

# nginx_stop PORT -> stops the nginx we started for PORT (by its pid file), bounded
nginx_stop() {
  local m end
  m=$(nginx_master "$1") || return 0
  kill -TERM "$m" 2>/dev/null || true
  end=$(deadline_in 5)
  while is_running "$m" && ! is_past "$end"; do sleep 0.05; done
  if is_running "$m"; then kill -KILL "$m" 2>/dev/null; pkill -KILL -P "$m" 2>/dev/null; fi
  return 0
}

# nginx_set_health PORT STATUS -> /health now answers STATUS (reload, graceful)
nginx_set_health() {
  local m; m=$(nginx_master "$1") || die "no nginx on :$1"
  nginx_write_conf "$1" "$2"
  kill -HUP "$m"
}

# write_targets FILE COUNT BASE PORT -> COUNT lines "127.B.x.y:PORT"
write_targets() {
  gen_ips "$2" "$3" | sed "s/\$/:$4/" > "$1"
}
