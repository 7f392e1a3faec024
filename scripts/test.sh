#!/usr/bin/env bash
# Runs every test suite from a clean clone: installs and prepares what the tests need (PyTorch oracle, Redis,
# PostgreSQL, Chromium, Azurite), builds once in Release, runs each suite, and ends with ONE totals line for CI:
#   "N passed, N failed, N skipped"
# The tests start their services on free loopback ports and stop them afterwards. Extra arguments go to `dotnet test`
# (e.g. --filter). Exit status: 0 only when the build and every suite passed.
set -uo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

command -v dotnet >/dev/null || { echo "test.sh: the .NET 10 SDK (dotnet) is not installed"; echo "0 passed, 1 failed, 0 skipped"; exit 1; }
bash scripts/install-test-deps.sh || { echo "test.sh: installing test dependencies failed"; echo "0 passed, 1 failed, 0 skipped"; exit 1; }
if ! dotnet build Fcan.sln -c Release -v q -nologo; then
  echo "test.sh: build failed"
  echo "0 passed, 1 failed, 0 skipped"
  exit 1
fi

log=$(mktemp)
# Suites that measure something (the cluster fault and bad-input suites: jobs completed, items checked, duplicates,
# lost) append one line each here; they are shown just above the totals.
export FCAN_TEST_FIGURES
FCAN_TEST_FIGURES=$(mktemp)
results=$(mktemp -d)
trap 'rm -rf "$log" "$log.a" "$log.b" "$FCAN_TEST_FIGURES" "$results"' EXIT
status=0
# One torch thread per process: the two lanes and the processes the tests start already keep both cores busy, and
# libtorch's spinning worker threads in each of them would only fight over the cores.
export OMP_NUM_THREADS=1 MKL_NUM_THREADS=1
# Two lanes, one per core, balanced by the durations scripts/slowest_tests.py shows: the suites in a lane run one after
# another. A test project not named here runs in the second lane.
lane_a=(Fcan.Data.Tests Fcan.Engine.Tests Fcan.Grains.Tests)
lane_b=(Fcan.Cli.Tests Fcan.Cluster.Tests)
for project in tests/*.Tests; do
  name=$(basename "$project")
  [[ " ${lane_a[*]} ${lane_b[*]} " == *" $name "* ]] || lane_b+=("$name")
done
extra=("$@")
run_lane() {
  local failed=0 name
  for name in "$@"; do
    # A hung test is reported (with a dump of where it hung) instead of stalling CI.
    dotnet test "tests/$name" -c Release --no-build -nologo --blame-hang-timeout 8m \
      --logger "trx;LogFileName=$name.trx" --results-directory "$results" "${extra[@]}" || failed=1
  done
  return $failed
}
( run_lane "${lane_a[@]}" 2>&1 | tee "$log.a" ) &
lane_a_pid=$!
( run_lane "${lane_b[@]}" 2>&1 | tee "$log.b" ) &
lane_b_pid=$!
wait "$lane_a_pid" || status=1
wait "$lane_b_pid" || status=1
cat "$log.a" "$log.b" > "$log"
# The suite has a time budget (CI: well under 15 minutes on 2 cores): show where the time goes.
python3 scripts/slowest_tests.py "$results" 12 || true
# A suite that crashed prints no summary of its own; count it as a failure so the totals cannot look green.
crashed=$(grep -c -E "Test Run Aborted|The active test run was aborted" "$log" || true)
sed 's/^/figures: /' "$FCAN_TEST_FIGURES"
awk -v crashed="$crashed" '
  /^(Passed|Failed)!/ { for (i = 1; i <= NF; i++) { v = $(i+1); gsub(",", "", v)
                          if ($i == "Failed:") f += v; if ($i == "Passed:") p += v; if ($i == "Skipped:") s += v } }
  END { printf "%d passed, %d failed, %d skipped\n", p, f + crashed, s }' "$log"
exit $status
