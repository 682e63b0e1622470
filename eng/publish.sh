#!/usr/bin/env bash
# Publishes the `vitals` command as one self-contained file for linux-x64 (no .NET installed needed where it runs):
#   eng/publish.sh [OUTPUT_DIR]          (default: artifacts/publish/linux-x64)
# then, for the systemd unit (deploy/vitals.service):
#   sudo install -m 0755 artifacts/publish/linux-x64/vitals /usr/local/bin/vitals
# VITALS_PUBLISH_MODE=framework publishes a framework-dependent build instead (needs the ASP.NET Core 10 runtime).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
out=${1:-$root/artifacts/publish/linux-x64}
mode=${VITALS_PUBLISH_MODE:-self-contained}
args=(publish "$root/src/Vitals.Cli/Vitals.Cli.csproj" -c Release -r linux-x64 -o "$out" --nologo -v q -p:DebugType=none)
if [ "$mode" = framework ]; then
  args+=(--self-contained false)
else
  # Native libraries (SQLite's) are unpacked on first start into $DOTNET_BUNDLE_EXTRACT_BASE_DIR, else ~/.net; the
  # systemd unit sets it to the state directory, since the service's home is read-only there.
  args+=(--self-contained true -p:PublishSingleFile=true -p:IncludeNativeLibrariesForSelfExtract=true -p:EnableCompressionInSingleFile=true)
fi
dotnet "${args[@]}"
echo "published: $out/vitals ($mode)"
