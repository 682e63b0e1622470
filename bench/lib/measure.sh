# The measuring window, the same for every checker (sourced by run.sh).

# nginx_totals PORT.. -> "accepts requests" summed over our nginx instances
nginx_totals() {
  local a=0 r=0 port x y
  for port in "$@"; do
    read -r x y < <(nginx_counters "$port") || true
    a=$((a + ${x:-0})); r=$((r + ${y:-0}))
  done
  echo "$a $r"
}

# measure_window PIDS SECONDS EXPECTED_PER_S PORT.. -> one JSON object:
#   checks = kernel TCP ActiveOpens delta over the window (machine-wide, so run nothing else),
#   cpu = utime+stime delta of the checker process(es), plus nginx's counters and CPU as cross-checks.
# Fails if a checker process died during the window.
measure_window() {
  local pids=$1 secs=$2 expected=$3; shift 3
  local ports=("$@") tck a0 r0 a1 r1 o0 o1 u0 s0 u1 s1 v0 v1 t0 t1 c0 c1 k0 k1 ngx nu0 ns0 nu1 ns1
  tck=$(getconf CLK_TCK)
  ngx=$(for p in "${ports[@]}"; do nginx_workers "$p"; done | paste -sd, -)
  # nginx is read outside the ActiveOpens pair: its status request is a TCP connect too
  read -r a0 r0 < <(nginx_totals "${ports[@]}")
  v0=$(voluntary_switches "$pids"); read -r nu0 ns0 < <(cpu_ticks "$ngx")
  k0=$(tcp_ext_counters); c0=$(cpu_busy_snapshot)
  o0=$(tcp_active_opens); read -r u0 s0 < <(cpu_ticks "$pids"); t0=$(now_s)
  sleep_while_alive "$secs" "$pids" || { log "checker died during the window"; return 1; }
  o1=$(tcp_active_opens); read -r u1 s1 < <(cpu_ticks "$pids"); t1=$(now_s)
  k1=$(tcp_ext_counters); c1=$(cpu_busy_snapshot)
  v1=$(voluntary_switches "$pids"); read -r nu1 ns1 < <(cpu_ticks "$ngx")
  read -r a1 r1 < <(nginx_totals "${ports[@]}")
  jq -nc \
    --argjson wall "$(calc "$t1 - $t0")" --argjson tck "$tck" \
    --argjson checks "$((o1 - o0))" --argjson expected "$expected" \
    --argjson user "$((u1 - u0))" --argjson sys "$((s1 - s0))" \
    --argjson vcsw "$((v1 - v0))" --argjson ngx "$((nu1 + ns1 - nu0 - ns0))" \
    --argjson accepts "$((a1 - a0 - ${#ports[@]}))" --argjson requests "$((r1 - r0 - ${#ports[@]}))" \
    --argjson busy "$(cpu_busy_json "$c0" "$c1")" \
    --arg k0 "$k0" --arg k1 "$k1" '
    def r(d): . * pow(10; d) | round / pow(10; d);
    (($user + $sys) / $tck) as $cpu
    | ($k0 | split(" ") | map(tonumber)) as $a | ($k1 | split(" ") | map(tonumber)) as $b
    | {
        window_wall_s: ($wall | r(2)),
        checks: $checks,
        checks_per_s: ($checks / $wall | r(1)),
        expected_per_s: ($expected | r(1)),
        keeps_up_pct: (if $expected > 0 then 100 * $checks / $wall / $expected | r(1) else null end),
        cpu_s: ($cpu | r(3)),
        cpu_user_s: ($user / $tck | r(3)),
        cpu_util_pct: (100 * $cpu / $wall | r(1)),
        cpu_us_per_check: (if $checks > 0 then 1e6 * $cpu / $checks | r(2) else null end),
        wakeups_per_check: (if $checks > 0 then $vcsw / $checks | r(3) else null end),
        nginx_accepts_per_s: ($accepts / $wall | r(1)),
        nginx_requests_per_s: ($requests / $wall | r(1)),
        nginx_util_pct: (100 * $ngx / $tck / $wall | r(1)),
        cpu_busy_pct: $busy,
        kernel: { syncookies_sent: ($b[0] - $a[0]), timewait_overflow: ($b[1] - $a[1]), listen_overflows: ($b[2] - $a[2]) }
      }'
}
