#!/usr/bin/env bash
# Installs what the test suites need on a fresh machine: network namespace and firewall tools for the
# dropped-SYN cases, Debian's node_exporter (host metrics scraping), prometheus (promtool checks /metrics and a real
# server scrapes it; the tests start their own, the package's service is stopped), haproxy (checks `vitals export haproxy`),
# nginx (checks `vitals export nginx`; no service is started at install),
# chromium (the web console's browser tests drive /usr/bin/chromium through Playwright; Playwright's own browser
# download is never used), postgresql (the PostgreSQL store's tests start a throwaway cluster of their own from
# /usr/lib/postgresql/*/bin; the package's default cluster is not used), and the npm packages of the real peers and
# clients (gRPC health server, Alibaba OpenAPI client and ECS SDK, OVH API client, Huawei Cloud SDK core with uuid) plus axe-core (the console's
# accessibility rules) and the OpenAPI toolchain (validator, client generator, TypeScript) that checks /openapi/v1.json. Idempotent.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)

need_apt=()
command -v ip >/dev/null 2>&1 || need_apt+=(iproute2)
command -v nft >/dev/null 2>&1 || need_apt+=(nftables)
command -v node >/dev/null 2>&1 || need_apt+=(nodejs npm)
command -v prometheus-node-exporter >/dev/null 2>&1 || need_apt+=(prometheus-node-exporter)
command -v promtool >/dev/null 2>&1 || need_apt+=(prometheus)
command -v haproxy >/dev/null 2>&1 || need_apt+=(haproxy)
# prometheus-alertmanager (the Alertmanager push is read back from a real one; the tests start their own on loopback):
# its package would start a service on :9093, which policy-rc.d prevents.
[ -x /usr/bin/prometheus-alertmanager ] || need_apt+=(prometheus-alertmanager)
# nginx (checks `vitals export nginx` with nginx -t and carries the end-to-end test's traffic; the tests start their own,
# unprivileged, from a temp prefix): Debian's package would start a service on port 80, which policy-rc.d prevents.
[ -x /usr/sbin/nginx ] || need_apt+=(nginx)
[ -e /usr/lib/nginx/modules/ngx_stream_module.so ] || need_apt+=(libnginx-mod-stream)
command -v chromium >/dev/null 2>&1 || need_apt+=(chromium)
compgen -G '/usr/lib/postgresql/*/bin/initdb' >/dev/null || need_apt+=(postgresql)
# Storage-failure tests: sqlite3 holds a write lock inside the server's mount namespace; mkfs.ext4/losetup/nsenter
# make and mount the loop image the kernel turns read-only under the server.
command -v sqlite3 >/dev/null 2>&1 || need_apt+=(sqlite3)
command -v mkfs.ext4 >/dev/null 2>&1 || need_apt+=(e2fsprogs)
command -v nsenter >/dev/null 2>&1 || need_apt+=(util-linux)
# `vitals completion zsh` is checked with zsh -n (bash is always there).
command -v zsh >/dev/null 2>&1 || need_apt+=(zsh)
# deploy/vitals.service is checked with systemd-analyze verify; installing the package in a container starts nothing
# (systemd is not PID 1 there).
command -v systemd-analyze >/dev/null 2>&1 || need_apt+=(systemd)
if [ ${#need_apt[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ]; then
    apt-get update -qq
    if [[ " ${need_apt[*]} " == *" nginx "* || " ${need_apt[*]} " == *" prometheus-alertmanager "* ]] && [ ! -e /usr/sbin/policy-rc.d ]; then
      # 101: "action not allowed", so invoke-rc.d starts no service during this install (nginx's would take port 80).
      printf '#!/bin/sh\nexit 101\n' >/usr/sbin/policy-rc.d
      chmod +x /usr/sbin/policy-rc.d
      trap 'rm -f /usr/sbin/policy-rc.d' EXIT
    fi
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need_apt[@]}" >/dev/null
    if [[ " ${need_apt[*]} " == *" prometheus "* ]]; then
      # Where an init system runs, the package starts its own server on :9090; the tests need none running.
      if command -v systemctl >/dev/null 2>&1 && systemctl is-active --quiet prometheus 2>/dev/null; then
        systemctl disable --now prometheus >/dev/null 2>&1 || true
      elif command -v service >/dev/null 2>&1; then
        service prometheus stop >/dev/null 2>&1 || true
      fi
    fi
  else
    echo "install-test-deps: missing ${need_apt[*]} (run as root to install them); tests that need them will skip" >&2
  fi
fi

need_npm=0
for package in @grpc/grpc-js grpc-health-check @alicloud/openapi-client @alicloud/openapi-core @alicloud/ecs20140526 @alicloud/credentials @ovhcloud/node-ovh @huaweicloud/huaweicloud-sdk-core uuid axe-core @apidevtools/swagger-parser openapi-typescript openapi-fetch typescript; do
  [ -d "$root/tests/interop/node_modules/$package" ] || need_npm=1
done
if [ $need_npm -eq 1 ]; then
  (cd "$root/tests/interop" && npm install --no-audit --no-fund --loglevel=error >/dev/null)
fi
