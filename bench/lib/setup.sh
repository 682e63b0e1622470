# The preamble every end-to-end bench shares (sourced after common.sh): packages, the Release build, the scratch
# directory and the cleanup that stops what the bench started (webhooks.sh, lb.sh, api.sh).

# bench_ensure_packages CMD:PACKAGE.. -> installs the Debian packages whose command is missing (root only)
bench_ensure_packages() {
  local missing=() cmd
  for cmd in "$@"; do
    command -v "${cmd%%:*}" >/dev/null 2>&1 || missing+=("${cmd#*:}")
  done
  [ "${#missing[@]}" -eq 0 ] && return 0
  [ "$(id -u)" = 0 ] || die "missing ${missing[*]}: run as root or apt-get install -y ${missing[*]}"
  log "installing ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get install -y "${missing[@]}" >&2 || { apt-get update >&2 && apt-get install -y "${missing[@]}" >&2; } \
    || die "apt-get install ${missing[*]} failed"
}

# bench_build BUILD -> builds src/Vitals.Cli (Release) when BUILD is 1; sets DLL and dies if it is missing
bench_build() {
  DLL="$REPO/src/Vitals.Cli/bin/Release/net10.0/vitals.dll"
  if [ "$1" = 1 ]; then
    log "building Vitals (Release)"
    (cd "$REPO" && dotnet build src/Vitals.Cli -c Release -nologo -v q >&2) || die "build failed"
  fi
  [ -f "$DLL" ] || die "$DLL not found (build it, or drop --no-build)"
}

# bench_scratch NAME -> RUN_DIR (a new /tmp/vitals-NAME-bench.XXXXXX), STARTED_PIDS, RUN_OK=0 and the EXIT trap:
# every PID in STARTED_PIDS stopped (our children only), every nginx in STARTED_NGINX stopped, RUN_DIR removed
# unless the run failed or KEEP=1
bench_scratch() {
  RUN_DIR=$(mktemp -d "/tmp/vitals-$1-bench.XXXXXX")
  STARTED_PIDS=()
  RUN_OK=0
  trap bench_cleanup EXIT
  trap 'exit 130' INT TERM
}

bench_cleanup() {
  set +e
  local pid port
  for pid in "${STARTED_PIDS[@]}"; do stop_pid "$pid" 10; done
  for port in "${STARTED_NGINX[@]}"; do nginx_stop "$port"; done
  if [ "$RUN_OK" = 1 ] && [ "${KEEP:-0}" = 0 ]; then rm -rf "$RUN_DIR"; else log "scratch files kept in $RUN_DIR"; fi
}
