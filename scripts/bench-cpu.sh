#!/usr/bin/env bash
# The CPU table of BENCHMARKS.md ("AAN engine"): `fcan bench` beside Debian's PyTorch (scripts/bench_aan_torch.py
# with /usr/bin/python3) in the same run on this machine, then a markdown table (scripts/bench_table.py).
# Random ResNet-50 weights on both sides, the packaged CNTK ResNet-18 on fcan's side (weights don't change speed).
# Override SIZES (W x H), ITERATIONS, WARMUP, PRECISIONS (fp32 and/or bf16), BACKBONES.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
sizes=${SIZES:-512x256 1024x512}
iterations=${ITERATIONS:-3}
warmup=${WARMUP:-1}
precisions=${PRECISIONS:-fp32 bf16}
backbones=${BACKBONES:-resnet18 resnet50}
dotnet build src/Client -c Release -v q -nologo >/dev/null
log=$(mktemp /tmp/fcan-bench-cpu.XXXX)
{
  echo "# $(date -u +%Y-%m-%dT%H:%MZ) $(lscpu | sed -n 's/^Model name: *//p'), $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"
  for backbone in $backbones; do
    for size in $sizes; do
      w=${size%x*} h=${size#*x}
      for precision in $precisions; do
        dotnet src/Client/bin/Release/net10.0/fcan.dll bench --json --device cpu --backbone "$backbone" --size "$size" \
          --iterations "$iterations" --warmup "$warmup" --precision "$precision"
      done
      # shellcheck disable=SC2086
      /usr/bin/python3 scripts/bench_aan_torch.py --backbone "$backbone" --sizes "${h}x${w}" --batches 1 \
        --iterations "$iterations" --warmup "$warmup" --threads "$(nproc)" --precision $precisions
    done
  done
  echo "# done $(date -u +%H:%MZ), load $(cut -d' ' -f1-3 /proc/loadavg)"
} 2>&1 | tee "$log"
echo
python3 scripts/bench_table.py < "$log"
