# Failure injection for the detection-latency figure (sourced by run.sh).
# The K victims are 127.100.x.y on a second nginx (VICTIM_PORT), so one action breaks
# exactly them and nothing else:
#   refuse  - stop the victims' nginx: connect() gets RST, every check fails at once
#   drop    - an iptables DROP on loopback for the victims' SYNs: every check times out
#   http500 - the victims' /health answers 500 (http only)
# Needs: VICTIM_PORT, FAIL. Records the firewall rule in FW_RULE so cleanup removes it.

VICTIM_BASE=100
FW_RULE=()

detect_fail_on() {
  case $FAIL in
    refuse) nginx_stop "$VICTIM_PORT" ;;
    drop)
      FW_RULE=(OUTPUT -o lo -p tcp -d "127.$VICTIM_BASE.0.0/16" --dport "$VICTIM_PORT"
               -m comment --comment "vitals-bench-$$" -j DROP)
      iptables -w 5 -I "${FW_RULE[@]}" ;;
    http500) nginx_set_health "$VICTIM_PORT" 500 ;;
  esac
}

# detect_fail_off -> serves the victims again (the next checker must find them healthy)
detect_fail_off() {
  case $FAIL in
    refuse) nginx_start "$VICTIM_PORT" ;;
    drop)
      if [ "${#FW_RULE[@]}" -gt 0 ]; then iptables -w 5 -D "${FW_RULE[@]}" 2>/dev/null || true; FW_RULE=(); fi ;;
    http500) nginx_set_health "$VICTIM_PORT" 200 ;;
  esac
}

# detect_theory CHECKER -> {"min":..,"max":..} seconds from T0 to Unhealthy in theory.
#   Checks that fail at once: the first failing check comes within one delay D after T0,
#   then fall-1 more, D apart: [(fall-1)*D, fall*D].
#   Dropped SYNs: each failing check also waits the timeout T. Ours schedules start to
#   start: [(fall-1)*D + T, fall*D + T]. HAProxy starts the next check `inter` after the
#   previous one ended, so each failed check spans D+T: [(fall-1)*(D+T) + T, fall*(D+T)].
detect_theory() {
  local lo hi
  if [ "$FAIL" != drop ]; then
    lo=$(calc "($FALL - 1) * $DELAY"); hi=$(calc "$FALL * $DELAY")
  elif [ "$1" = haproxy ]; then
    lo=$(calc "($FALL - 1) * ($DELAY + $TIMEOUT) + $TIMEOUT"); hi=$(calc "$FALL * ($DELAY + $TIMEOUT)")
  else
    lo=$(calc "($FALL - 1) * $DELAY + $TIMEOUT"); hi=$(calc "$FALL * $DELAY + $TIMEOUT")
  fi
  echo "{\"min\":$lo,\"max\":$hi}"
}
