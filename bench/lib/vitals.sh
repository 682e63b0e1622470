# Our checker: `vitals probe` over a targets file (sourced by run.sh).
# Contract of its output (-o json): one JSON object per line, one per state transition
#   {"event":"transition","target":"ip:port","from":..,"to":"Healthy|Unhealthy|..","at":"<ISO-8601 UTC>",..}
# and a last line {"event":"summary","checks":..,"lateness_ms":{"p50":..,"p99":..,"max":..},"skipped":..,..}.
# Needs: REPO, RUN_DIR, CHECKER_CPU, CHECKER (command prefix, array), OURS_ARGS (extra words), TYPE,
# DELAY, TIMEOUT, RISE, FALL.

# vitals_start TARGETS_FILE DURATION_S OUT -> starts the checker pinned to CHECKER_CPU; sets VITALS_PID
vitals_start() {
  local file=$1 duration=$2 out=$3 extra=()
  [ -n "$OURS_ARGS" ] && read -ra extra <<< "$OURS_ARGS"
  taskset -c "$CHECKER_CPU" "${CHECKER[@]}" probe --targets-file "$file" \
    --type "${TYPE^^}" --url-path /health --delay "$DELAY" --timeout "$TIMEOUT" \
    --max-retries "$RISE" --max-retries-down "$FALL" --duration "$duration" -o json "${extra[@]}" \
    > "$out" 2> "$out.err" &
  VITALS_PID=$!
  STARTED_PIDS+=("$VITALS_PID")
}

# vitals_wait_exit PID BUDGET_S -> waits for the checker to end by itself (it runs --duration);
# past BUDGET_S it gets SIGINT (a chance to print its summary), then SIGTERM/SIGKILL
vitals_wait_exit() {
  local pid=$1 end
  end=$(deadline_in "$2")
  while is_running "$pid" && ! is_past "$end"; do sleep 0.2; done
  if is_running "$pid"; then
    log "checker still running after its duration: SIGINT"
    kill -INT "$pid" 2>/dev/null || true
    end=$(deadline_in 10)
    while is_running "$pid" && ! is_past "$end"; do sleep 0.2; done
  fi
  stop_pid "$pid" 5
}

# vitals_baseline_hwm_kb -> BASE_KB = peak RSS (kB) of the same checker with a single target:
# the fixed cost that (peak RSS - baseline) / N leaves out of bytes_per_target
# (sets a global rather than printing: it starts a process, which must not happen in a subshell)
vitals_baseline_hwm_kb() {
  local file="$RUN_DIR/targets-one.txt" out="$RUN_DIR/vitals-baseline.jsonl" pid hwm
  head -1 "$RUN_DIR/targets-all.txt" > "$file"
  vitals_start "$file" 8 "$out"
  pid=$VITALS_PID
  sleep_while_alive 6 "$pid" || { log "baseline checker ended early: $(tail -3 "$out.err")"; }
  hwm=$(status_kb "$pid" VmHWM)
  vitals_wait_exit "$pid" 10
  BASE_KB=${hwm:-0}
}

# vitals_analyse OUT WINDOW_START T0 VICTIM_PORT -> JSON from the checker's own output:
# its summary, how many targets were Healthy when the window began, and for the victims
# (targets on VICTIM_PORT) the seconds from T0 to their first Unhealthy transition after T0
vitals_analyse() {
  jq -R -s -c --argjson ws "$2" --argjson t0 "${3:-0}" --arg vport ":$4" '
    def ts: capture("^(?<s>[0-9-]+T[0-9:]+)(\\.(?<f>[0-9]+))?(Z|\\+00:00)$")
            | (.s + "Z" | fromdateiso8601) + ("0." + (.f // "0") | tonumber);
    def pct(q): length as $n | if $n == 0 then null else .[(q * $n | ceil) - 1] end;
    def r3: . * 1000 | round / 1000;
    [split("\n")[] | fromjson? | select(type == "object")] as $lines
    | ($lines | map(select(.event == "summary")) | last) as $summary
    | [$lines[] | select(.event == "transition") | . + {t: (.at | ts)}] as $tr
    | ($tr | map(select(.t <= $ws)) | group_by(.target) | map(last | select(.to == "Healthy")) | length) as $healthy
    | ($tr | map(select(.target | endswith($vport)))) as $vtr
    | ($vtr | map(select(.t < $t0)) | group_by(.target) | map(last | select(.to == "Healthy")) | length) as $vhealthy
    | ($vtr | map(select(.t >= $t0 and .to == "Unhealthy")) | group_by(.target) | map(.[0].t - $t0) | sort) as $lat
    | {
        summary: $summary,
        transitions_seen: ($tr | length),
        healthy_at_window_start: $healthy,
        detect: {
          victims_healthy_before: $vhealthy,
          detected: ($lat | length),
          min: ($lat | first | if . then r3 else . end),
          p50: ($lat | pct(0.5) | if . then r3 else . end),
          p99: ($lat | pct(0.99) | if . then r3 else . end),
          max: ($lat | last | if . then r3 else . end)
        }
      }' "$1"
}
