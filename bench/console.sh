#!/usr/bin/env bash
# bench/console.sh [RUNS]
#
# The console's page-load figures with 10,000 members: a real `vitals serve` with 10,000 members created over REST,
# Debian's Chromium driven by Playwright (tests/Vitals.Console.Tests, ScaleTests), timing from navigation to the
# first rows of the overview and of a server group's page, a fresh page load each time. Runs the pair RUNS times
# (default 3, each with a new server) and prints every figure, then the median of each. See bench/README.md, "Console".
set -euo pipefail
REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
RUNS=${1:-3}
command -v /usr/bin/chromium >/dev/null || { echo "needs Debian's chromium (eng/install-test-deps.sh installs it)" >&2; exit 2; }

dotnet build "$REPO/tests/Vitals.Console.Tests" -c Release --nologo -v q >&2
log=$(mktemp)
trap 'rm -f "$log"' EXIT
for run in $(seq 1 "$RUNS"); do
  echo "run $run of $RUNS" >&2
  dotnet test "$REPO/tests/Vitals.Console.Tests" -c Release --no-build --nologo \
    --filter "FullyQualifiedName~ScaleTests" --logger "console;verbosity=detailed" >>"$log" 2>&1 || { cat "$log" >&2; exit 1; }
done

grep -oE '(overview|pool page): first rows [0-9]+ ms after navigation \([0-9]+ members, seeded in [0-9.]+ s\)' "$log"
for page in "overview" "pool page"; do
  grep -oE "$page: first rows [0-9]+ ms" "$log" | grep -oE '[0-9]+ ms' | sort -n \
    | awk -v page="$page" '{ v[NR] = $1 } END { printf "%s: median %d ms of %d runs (min %d, max %d)\n", page, v[int((NR + 1) / 2)], NR, v[1], v[NR] }'
done
