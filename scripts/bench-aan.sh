#!/usr/bin/env bash
# Benchmark (not a test): ms per AAN iteration and images/hour (1000 iterations per image) for backbone x size x
# batch, fcan (TorchSharp) beside PyTorch (Debian's python3-torch) on this machine in the same run.
# ResNet-18: the packaged CNTK weights (PyTorch side: the same architecture, random weights); ResNet-50: random
# weights on both sides (weights don't change speed). Override with SIZES, BATCHES, ITERATIONS, DEVICE.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
sizes=${SIZES:-128x256,256x512}
batches=${BATCHES:-1,2}
iterations=${ITERATIONS:-5}
device=${DEVICE:-cpu}
dotnet build src/Client -c Release -v q -nologo >/dev/null
echo "# $(date -u +%Y-%m-%dT%H:%MZ) $(lscpu | sed -n 's/^Model name: *//p'), $(nproc) cores, device $device"
for backbone in resnet18 resnet50; do
  dotnet src/Client/bin/Release/net10.0/fcan.dll bench-aan --backbone "$backbone" --sizes "$sizes" \
    --batches "$batches" --iterations "$iterations" --warmup 2 --device "$device"
  /usr/bin/python3 scripts/bench_aan_torch.py --backbone "$backbone" --sizes "$sizes" \
    --batches "$batches" --iterations "$iterations" --warmup 2 --device "$device" --threads "$(nproc)"
done
