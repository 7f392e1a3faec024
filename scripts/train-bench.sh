#!/usr/bin/env bash
# Measures distributed RAN training (`fcan train --cluster`) on 1, 2 and 3 fcan-silo processes on this host
# (scripts/local-cluster.sh, one CPU trainer per silo): steps/s and the bytes each trainer sends per step, for the
# fp32 and bf16 wire formats; BENCHMARKS.md shows the numbers and how to read them.
#
#   scripts/train-bench.sh [WORK_DIR]      (default: ./train-bench)
#
# Every run trains the packaged ResNet-18 segmentation network with the same seed, global batch, crop and steps.
# All silos share this machine's cores, so the steps/s say what the exchange costs, not how a real cluster scales.
set -euo pipefail

WORK=$(realpath -m "${1:-train-bench}")
ROOT=$(cd "$(dirname "$0")/.." && pwd)
FCAN="$ROOT/src/Client/bin/Release/net10.0/fcan"
SILOS=${SILOS:-"1 2 3"}
WIRES=${WIRES:-"fp32 bf16"}
STEPS=${STEPS:-12}
BATCH=${BATCH:-6}
CROP=${CROP:-64x64}
# One torch thread per silo: they share the cores, and libtorch's spinning workers would fight over them.
export OMP_NUM_THREADS=${OMP_NUM_THREADS:-1}
export FCAN_LOCAL_CLUSTER="$WORK/cluster"

mkdir -p "$WORK/results"
trap '"$ROOT/scripts/local-cluster.sh" down >/dev/null 2>&1 || true' EXIT

# The mini dataset (its synthetic "game" half is the labeled source, its "real" half the target); `fcan demo` makes
# it and converts a little of it, which this benchmark does not need, so with the fewest images and iterations.
if [[ ! -d "$WORK/demo/dataset/target" ]]; then
  dotnet build "$ROOT/src/Client" -c Release -v q -nologo >/dev/null
  "$FCAN" --home "$WORK/home" demo --out "$WORK/demo" --images 12 --size 128x64 --iterations 1 --json > "$WORK/results/demo.json"
fi

for silos in $SILOS; do
  "$ROOT/scripts/local-cluster.sh" up "$silos" > "$WORK/results/cluster-$silos.log"
  for wire in $WIRES; do
    [[ $silos == 1 && $wire != fp32 ]] && continue   # one trainer exchanges nothing
    rm -rf "$WORK/checkpoints-$silos-$wire"
    (source "$FCAN_LOCAL_CLUSTER/env" && "$FCAN" train --source "$WORK/demo/dataset/source" --target "$WORK/demo/dataset/target" \
      --out "$WORK/checkpoints-$silos-$wire" --steps "$STEPS" --adversarial-steps 0 --batch "$BATCH" --crop "$CROP" \
      --checkpoint-every "$STEPS" --wire "$wire" --json) > "$WORK/results/train-$silos-$wire.json"
  done
  "$ROOT/scripts/local-cluster.sh" down > /dev/null
done

printf '%-6s %-5s %9s %9s %16s\n' silos wire steps/s images/s MB/trainer/step
for f in "$WORK"/results/train-*.json; do
  python3 - "$f" "$BATCH" <<'PY'
import json, sys
s = json.load(open(sys.argv[1]))
batch = int(sys.argv[2])
print("%-6d %-5s %9.3f %9.2f %16.2f" % (len(s["trainers"]), s["spec"]["wire"], s["stepsPerSecond"],
      s["stepsPerSecond"] * batch, s["bytesPerStep"] / 1e6))
PY
done
