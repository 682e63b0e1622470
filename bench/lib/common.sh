# Shared helpers for bench/run.sh (sourced, not run). Everything here reads the
# machine; nothing here starts a process.

log() { printf '[bench %s] %s\n' "$(date -u +%T)" "$*" >&2; }
die() { log "error: $*"; exit 1; }

now_s() { date +%s.%N; }

# is_past DEADLINE -> true once the wall clock passed DEADLINE (epoch seconds)
is_past() { awk -v t="$(now_s)" -v e="$1" 'BEGIN { exit !(t > e) }'; }

# deadline_in SECONDS -> epoch seconds SECONDS from now
deadline_in() { awk -v t="$(now_s)" -v d="$1" 'BEGIN { printf "%.3f\n", t + d }'; }

# calc EXPR -> floating point arithmetic (awk), e.g. calc "2*5+1"
calc() { awk -v OFMT=%.6f "BEGIN { print $1 }"; }

# gen_ips COUNT BASE -> COUNT distinct loopback addresses 127.B.x.y (y = 1..250,
# x = 0..255, so 64,000 per B; B starts at BASE and grows as needed)
gen_ips() {
  awk -v n="$1" -v base="$2" 'BEGIN {
    for (i = 0; i < n; i++) { b = base + int(i / 64000); r = i % 64000
      printf "127.%d.%d.%d\n", b, int(r / 250), r % 250 + 1 } }'
}

# tcp_active_opens -> the kernel's TCP ActiveOpens (connect() attempts, machine-wide):
# one per check whatever the checker, including half-open checks that never reach accept()
tcp_active_opens() {
  awk '/^Tcp:/ { if (!h) { for (i = 1; i <= NF; i++) if ($i == "ActiveOpens") c = i; h = 1 } else print $c }' /proc/net/snmp
}

# tcp_ext_counters -> "SyncookiesSent TCPTimeWaitOverflow ListenOverflows"
tcp_ext_counters() {
  awk '/^TcpExt:/ { if (!h) { for (i = 1; i <= NF; i++) n[$i] = i; h = 1 }
       else print $n["SyncookiesSent"], $n["TCPTimeWaitOverflow"], $n["ListenOverflows"] }' /proc/net/netstat
}

# cpu_ticks PID[,PID..] -> "utime stime" in clock ticks, summed over the processes
# (the kernel keeps each process's total over all its threads, live and exited)
cpu_ticks() {
  local u=0 s=0 pid stat
  local -a pids f
  IFS=, read -ra pids <<< "$1"
  for pid in "${pids[@]}"; do
    stat=$(cat "/proc/$pid/stat" 2>/dev/null) || return 1
    read -ra f <<< "${stat##*) }"   # f[0] = field 3 (state), so utime = f[11], stime = f[12]
    u=$((u + f[11])); s=$((s + f[12]))
  done
  echo "$u $s"
}

# voluntary_switches PID[,PID..] -> voluntary context switches over all threads (~ wake-ups)
voluntary_switches() {
  local total=0 pid
  local -a pids
  IFS=, read -ra pids <<< "$1"
  for pid in "${pids[@]}"; do
    total=$((total + $(cat /proc/"$pid"/task/*/status 2>/dev/null | awk '/^voluntary_ctxt/ { v += $2 } END { print v + 0 }')))
  done
  echo "$total"
}

# status_kb PID[,PID..] FIELD -> FIELD (VmHWM, VmRSS) from /proc/PID/status in kB, summed
status_kb() {
  local total=0 pid
  local -a pids
  IFS=, read -ra pids <<< "$1"
  for pid in "${pids[@]}"; do
    total=$((total + $(awk -v k="$2:" '$1 == k { print $2 }' "/proc/$pid/status" 2>/dev/null || echo 0)))
  done
  echo "$total"
}

# cpu_busy_snapshot -> "cpuN busy total ..." for every CPU (from /proc/stat)
cpu_busy_snapshot() { awk '/^cpu[0-9]/ { b = $2 + $3 + $4 + $7 + $8; printf "%s %d %d ", $1, b, b + $5 + $6 }' /proc/stat; echo; }

# cpu_busy_json BEFORE AFTER -> {"cpu0":pct,...} busy share of each CPU between two snapshots
cpu_busy_json() {
  echo "$1 | $2" | awk '{ n = 0; for (i = 1; $i != "|"; i += 3) { name[n] = $i; b0[n] = $(i + 1); t0[n] = $(i + 2); n++ }
    j = i + 1; out = ""
    for (k = 0; k < n; k++) { d = $(j + 2) - t0[k]; if (d <= 0) d = 1
      out = out sprintf("%s\"%s\":%.1f", (k ? "," : ""), name[k], 100 * ($(j + 1) - b0[k]) / d); j += 3 }
    print "{" out "}" }'
}

# is_running PID -> true if PID exists and is not a zombie (here PID 1 may leave a dead
# daemon's zombie unreaped for a while, and kill -0 succeeds on a zombie)
is_running() {
  local stat
  stat=$(cat "/proc/$1/stat" 2>/dev/null) || return 1
  stat=${stat##*) }
  [ "${stat%% *}" != Z ]
}

# alive PID[,PID..] -> true while every process is running
alive() {
  local pid
  local -a pids
  IFS=, read -ra pids <<< "$1"
  for pid in "${pids[@]}"; do is_running "$pid" || return 1; done
}

# sleep_while_alive SECONDS PID[,PID..] -> sleeps, failing early if a process dies
sleep_while_alive() {
  local end; end=$(deadline_in "$1")
  while ! is_past "$end"; do
    alive "$2" || return 1
    sleep 0.5
  done
}

# is_our_child PID -> true if PID is still a child of this shell (so a PID that ended and
# was reused by some other process is never signalled)
is_our_child() {
  local stat
  stat=$(cat "/proc/$1/stat" 2>/dev/null) || return 1
  stat=${stat##*) }
  [ "$(cut -d' ' -f2 <<< "$stat")" = "$$" ]
}

# stop_pid PID [GRACE_S] -> SIGTERM, then SIGKILL after GRACE_S (default 5); our own children only
stop_pid() {
  local pid=$1 grace=${2:-5} end
  is_our_child "$pid" || { wait "$pid" 2>/dev/null || true; return 0; }
  kill -TERM "$pid" 2>/dev/null || true
  end=$(deadline_in "$grace")
  while is_running "$pid" && ! is_past "$end"; do sleep 0.1; done
  kill -KILL "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
}

# percentiles_json < seconds (one per line) -> {"n":..,"min":..,"p50":..,"p99":..,"max":..}
# (nearest rank; null when there is no sample)
percentiles_json() {
  sort -g | awk 'NF { v[++n] = $1 } END {
    if (n == 0) { print "{\"n\":0,\"min\":null,\"p50\":null,\"p99\":null,\"max\":null}"; exit }
    i50 = int(0.50 * n); if (i50 < 0.50 * n) i50++; i99 = int(0.99 * n); if (i99 < 0.99 * n) i99++
    printf "{\"n\":%d,\"min\":%.3f,\"p50\":%.3f,\"p99\":%.3f,\"max\":%.3f}\n", n, v[1], v[i50], v[i99], v[n] }'
}
