#!/usr/bin/env bash
# Runs every test. Installs and prepares what the tests need first (PyTorch oracle, Redis, PostgreSQL, Chromium,
# Azurite); the tests themselves start those services on free loopback ports and stop them afterwards.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
bash scripts/install-test-deps.sh
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
dotnet build Fcan.sln -c Release -v q -nologo
log=$(mktemp)
status=0
dotnet test Fcan.sln -c Release --no-build -nologo "$@" 2>&1 | tee "$log" || status=$?
# One plain closing line for CI: the totals over all test assemblies.
awk '/^(Passed|Failed)!/ { for (i = 1; i <= NF; i++) { if ($i == "Failed:") f += $(i+1); if ($i == "Passed:") p += $(i+1); if ($i == "Skipped:") s += $(i+1) } }
     END { gsub(",", "", p); printf "%d passed, %d failed, %d skipped\n", p, f, s }' "$log"
rm -f "$log"
exit $status
