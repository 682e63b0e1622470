#!/usr/bin/env bash
# Runs every test suite: installs what the tests need, builds, runs `dotnet test` on the solution and ends
# with one plain line "N passed, N failed".
set -uo pipefail
root=$(cd "$(dirname "$0")" && pwd)
cd "$root"

bash eng/install-test-deps.sh

results="$root/TestResults"
rm -rf "$results"
mkdir -p "$results"

dotnet build Vitals.slnx -c Release -warnaserror --nologo -v q
build=$?
if [ $build -ne 0 ]; then
  echo "0 passed, 1 failed"
  exit 1
fi

# Every suite but the browser one, in parallel; then the console's browser tests on a quiet machine (a real server
# process, Chromium, and live updates timed against the monitor's detection time).
dotnet test Vitals.slnx -c Release --no-build --nologo -p:RunConsoleTests=false --filter "Netns!=lo-only" \
  --logger "trx" --results-directory "$results" -- RunConfiguration.DisableParallelization=false
status=$?

# The target-policy tests in a network namespace of their own whose only interface is lo (they check that, and give lo
# the denied addresses): whatever a regression probes cannot leave the machine.
unshare --net -- bash -c 'ip link set lo up && exec dotnet test tests/Vitals.Server.Tests -c Release --no-build --nologo \
  --filter "Netns=lo-only" --logger "trx;LogFileName=netns-lo-only.trx" --results-directory "$1"' _ "$results"
netns=$?
[ $status -ne 0 ] || status=$netns
dotnet test tests/Vitals.Console.Tests -c Release --no-build --nologo \
  --logger "trx" --results-directory "$results"
console=$?
[ $status -ne 0 ] || status=$console

passed=0; failed=0
for trx in "$results"/*.trx; do
  [ -f "$trx" ] || continue
  counters=$(grep -o '<Counters [^>]*>' "$trx" | head -n 1)
  p=$(sed -n 's/.* passed="\([0-9]*\)".*/\1/p' <<<"$counters")
  f=$(sed -n 's/.* failed="\([0-9]*\)".*/\1/p' <<<"$counters")
  e=$(sed -n 's/.* error="\([0-9]*\)".*/\1/p' <<<"$counters")
  passed=$((passed + ${p:-0})); failed=$((failed + ${f:-0} + ${e:-0}))
done
if [ $status -ne 0 ] && [ $failed -eq 0 ]; then
  failed=1   # a test host crashed or a suite did not run: never report green
fi
echo "$passed passed, $failed failed"
[ $failed -eq 0 ]
