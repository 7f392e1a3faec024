#!/usr/bin/env bash
# Reproduces the shape of FCAN's ablation (source-only FCN, FCN on AAN-adapted source, RAN without AAN, full FCAN) on
# the built-in synthetic-to-real mini dataset; see EXPERIMENTS.md for the numbers and how to read them.
#
#   scripts/ran-ablation.sh [WORK_DIR]      (default: ./ran-ablation)
#
# FCAN overrides the fcan command (default: the Debug build of src/Client). Every row uses the packaged ResNet-18,
# the same seed, batch, crop and number of steps; stage 2 (adversarial) steps count against the same total.
# Finished steps are skipped on a re-run (delete WORK_DIR to start over). Runs at low priority (nice 10).
set -euo pipefail

WORK=$(realpath -m "${1:-ran-ablation}")
ROOT=$(cd "$(dirname "$0")/.." && pwd)
FCAN=${FCAN:-"dotnet $ROOT/src/Client/bin/Debug/net10.0/fcan.dll"}
IMAGES=${IMAGES:-16}      # images in each half of the mini dataset
SIZE=${SIZE:-128x64}      # mini dataset image size (also the evaluation size)
CROP=${CROP:-64x64}       # training crops
BATCH=${BATCH:-2}
STEPS=${STEPS:-40}        # total steps per row
ADV=${ADV:-10}            # of which adversarial, in the RAN rows
SEED=${SEED:-1}
PARALLEL=${PARALLEL:-2}   # rows trained at the same time
ROWS=${ROWS:-"source-only aan-only ran-only fcan"}
# One torch thread per process: on a shared, loaded machine libtorch's spinning worker threads waste most of the CPU.
export OMP_NUM_THREADS=${OMP_NUM_THREADS:-1}

fcan() { nice -n 10 $FCAN --home "$WORK/home" "$@"; }

mkdir -p "$WORK/results"
DATA="$WORK/demo/dataset"
SHARDS="$WORK/demo/converted"

# 1. The mini dataset (seed 1) and its source half converted with AAN: `fcan demo` builds a pool from the "real"
#    half and runs `convert` on the embedded cluster with the demo preset (init source, 40 iterations, alpha 1e-6,
#    beta 5), writing shards with K.png (adapted) and K.label.png.
needs_shards=$([[ " $ROWS " == *" aan-only "* || " $ROWS " == *" fcan "* ]] && echo yes || echo no)
if [[ ! -d "$DATA/target" || ( $needs_shards == yes && ! -f "$SHARDS/manifest.jsonl" ) ]]; then
  fcan demo --out "$WORK/demo" --images "$IMAGES" --size "$SIZE" --iterations 40 --json > "$WORK/results/demo.json"
fi

# 2. One row: train (stage 1 source-only, then stage 2 adversarial when ADVERSARIAL > 0), then evaluate on the
#    target half's labels. The target images are the unlabeled adaptation set of the RAN rows too (transductive,
#    as the mini dataset has one target split); their labels are only read by `fcan eval`.
row() {
  local name=$1 source=$2 adversarial=$3
  [[ -f "$WORK/results/$name.eval.json" ]] && return 0
  rm -rf "$WORK/checkpoints/$name"
  fcan train --source "$source" --target "$DATA/target" --out "$WORK/checkpoints/$name" \
    --steps $((STEPS - adversarial)) --adversarial-steps "$adversarial" --batch "$BATCH" --crop "$CROP" --seed "$SEED" \
    --checkpoint-every 0 --json > "$WORK/results/$name.train.json" 2> "$WORK/results/$name.train.log"
  fcan eval --checkpoint "$WORK/checkpoints/$name" --dataset "$DATA/target" --layout cityscapes --json \
    > "$WORK/results/$name.eval.json.tmp"
  mv "$WORK/results/$name.eval.json.tmp" "$WORK/results/$name.eval.json"
}

declare -A rows=([source-only]="$DATA/source 0" [aan-only]="$SHARDS 0" [ran-only]="$DATA/source $ADV" [fcan]="$SHARDS $ADV")
running=0
for name in $ROWS; do
  # shellcheck disable=SC2086
  row "$name" ${rows[$name]} &
  running=$((running + 1))
  if (( running >= PARALLEL )); then wait -n; running=$((running - 1)); fi
done
wait

printf '%-12s %8s\n' row mIoU%
for name in $ROWS; do
  python3 -c 'import json,sys; r=json.load(open(sys.argv[1])); print("%-12s %8.1f" % (sys.argv[2], 100 * r["meanIoU"]))' \
    "$WORK/results/$name.eval.json" "$name"
done
