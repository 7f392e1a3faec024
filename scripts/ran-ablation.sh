#!/usr/bin/env bash
# FCAN's ablation on the built-in synthetic-to-real mini dataset, with the cheap baselines as rows: a segmentation FCN
# trained on the source as it is, on the source converted by colour transfer, by FDA, by AAN's paper preset and by
# AAN's default preset, and RAN (the adversarial stage) on an adapted source; every row over SEEDS, mean and standard
# deviation of the target-domain mIoU. See EXPERIMENTS.md ("Downstream") for the numbers and how to read them.
#
#   scripts/ran-ablation.sh [WORK_DIR]      (default: ./ran-ablation)
#   scripts/ran-ablation.sh --pilot [WORK_DIR] STEPS...   source-only, seed 1, at each step count (the budget's pilot)
#
# FCAN overrides the fcan command (default: the Release build of src/Client). Every row uses the packaged ResNet-18,
# the same batch, crop and number of steps; RAN's adversarial steps count against the same total. Finished
# conversions, trainings and evaluations are skipped on a re-run (delete WORK_DIR to start over). Low priority
# (NICE, default 19), one torch thread per process, at most PARALLEL trainings at a time; a second run of the script on
# the same WORK_DIR (say, started once the machine has more room) takes the rows the first is not training.
set -euo pipefail

PILOT=no
if [[ ${1:-} == --pilot ]]; then PILOT=yes; shift; fi
WORK=$(realpath -m "${1:-ran-ablation}")
[[ $# -gt 0 ]] && shift
ROOT=$(cd "$(dirname "$0")/.." && pwd)
FCAN=${FCAN:-"dotnet $ROOT/src/Client/bin/Release/net10.0/fcan.dll"}
IMAGES=${IMAGES:-16}      # images in each half of the mini dataset
SIZE=${SIZE:-128x64}      # mini dataset image size (also the conversion and evaluation size)
CROP=${CROP:-64x64}       # training crops
BATCH=${BATCH:-2}
STEPS=${STEPS:-200}       # total steps per row: set it from the pilot (--pilot); 200 is a guess until that has run
ADV=${ADV:-50}            # of which adversarial, in the RAN row
SEEDS=${SEEDS:-"1 2 3"}
PARALLEL=${PARALLEL:-2}   # trainings at the same time
NICE=${NICE:-19}
ROWS=${ROWS:-"source-only colour fda fda-wide aan-default ran-best aan-paper"}
# The source RAN adapts. Fixed rather than picked from the FCN rows at run time, so that it can train beside them;
# aan-default is the method the project ships (and issue 13's row of interest).
BEST=${BEST:-aan-default}
# One torch thread per process: on a shared, loaded machine libtorch's spinning worker threads waste most of the CPU.
export OMP_NUM_THREADS=${OMP_NUM_THREADS:-1}

fcan() { nice -n "$NICE" $FCAN --home "$WORK/home" "$@"; }

mkdir -p "$WORK/results"
DATA="$WORK/demo/dataset"

# 1. The mini dataset (seed 1): `fcan demo` generates it (its own conversion is cut to one iteration: every row's
#    source is converted below, by `fcan convert`). The pool demo-real = the target half at SIZE.
if [[ ! -d "$DATA/target" ]]; then
  fcan demo --out "$WORK/demo" --images "$IMAGES" --size "$SIZE" --iterations 1 --json \
    > "$WORK/results/demo.json" 2> "$WORK/results/demo.log" || true  # exits 1 when its own check fails; the data is there
fi

# 2. Every adapted source: one `fcan convert` per method into its own output, same sources, same pool, timed.
#    Each method's own defaults (aan-default: no --preset at all).
convert() {
  local name=$1; shift
  [[ -f "$WORK/converted/$name/manifest.jsonl" ]] && return 0
  # Written under .try names and kept only when the conversion succeeds: a second run of the script, refused while
  # this one's job still writes the output, must not overwrite the running conversion's record.
  local record="$WORK/results/convert-$name"
  if /usr/bin/time -f %e -o "$record.try.seconds" \
    nice -n "$NICE" $FCAN --home "$WORK/home" convert --source "$DATA/source" --layout gta5 --pool demo-real \
      --out "$WORK/converted/$name" --size "$SIZE" --shard-size "$IMAGES" --wait --json "$@" \
    > "$record.try.json" 2> "$record.try.log"; then
    for kind in seconds json log; do mv "$record.try.$kind" "$record.$kind"; done
  else
    echo "fcan convert $name failed (see $record.try.log); its rows wait for its manifest" >&2
  fi
}
# The paper preset's iterations (1000) are PAPER_ITERATIONS' to cut when the machine cannot give them; say so.
PAPER_ITERATIONS=${PAPER_ITERATIONS:-}
convert_all() {
  fcan pool create demo-real --images "$DATA/target/leftImg8bit" --size "$SIZE" --json > "$WORK/results/pool.json"
  convert colour --method colour
  convert fda --method fda
  # FDA's window is beta * min(W,H) frequencies wide: the default 0.01 is 5 cycles per image at the paper's 1024x512
  # but none but the mean at 128x64. fda-wide (0.09, the paper's widest) swaps the same 5 cycles per image here.
  convert fda-wide --method fda --fda-band 0.09
  convert aan-default
  convert aan-paper --preset paper ${PAPER_ITERATIONS:+--iterations $PAPER_ITERATIONS}
}

source_of() {
  case $1 in
    source-only) echo "$DATA/source" ;;
    ran-best) source_of "$BEST" ;;
    *) echo "$WORK/converted/$1" ;;
  esac
}

# 3. One training and its evaluation on the target half's labels. The target images are the unlabeled adaptation set
#    of the RAN row too (transductive: the mini dataset has one target split); only `fcan eval` reads their labels.
train_eval() {
  local name=$1 source=$2 steps=$3 adversarial=$4 seed=$5
  [[ -f "$WORK/results/$name.eval.json" ]] && return 0
  # Another run of this script on the same WORK may be training this row right now: skip it (the lock goes with
  # that process, so a killed run leaves nothing behind). Two runs at once share the queue this way.
  local lock
  exec {lock}> "$WORK/results/$name.lock"
  flock -n "$lock" || return 0
  # An adapted source is ready when its conversion has published the manifest.
  while [[ $source != "$DATA/source" && ! -f "$source/manifest.jsonl" ]]; do sleep 30; done
  rm -rf "$WORK/checkpoints/$name"
  /usr/bin/time -f %e -o "$WORK/results/$name.train.seconds" \
    nice -n "$NICE" $FCAN --home "$WORK/home" train --source "$source" --target "$DATA/target" --out "$WORK/checkpoints/$name" \
      --steps $((steps - adversarial)) --adversarial-steps "$adversarial" --batch "$BATCH" --crop "$CROP" --seed "$seed" \
      --checkpoint-every 0 --json > "$WORK/results/$name.train.json" 2> "$WORK/results/$name.train.log"
  fcan eval --checkpoint "$WORK/checkpoints/$name" --dataset "$DATA/target" --layout cityscapes --json \
    > "$WORK/results/$name.eval.json.tmp"
  mv "$WORK/results/$name.eval.json.tmp" "$WORK/results/$name.eval.json"
  rm -rf "$WORK/checkpoints/$name"  # 50 MB each; the evaluation is what is kept
}

# Runs the queued jobs ("name source steps adversarial seed" lines), PARALLEL at a time.
run_queue() {
  local running=0 line
  while read -r line; do
    # shellcheck disable=SC2086
    train_eval $line &
    running=$((running + 1))
    if (( running >= PARALLEL )); then wait -n; running=$((running - 1)); fi
  done
  wait
}

if [[ $PILOT == yes ]]; then
  for steps in "$@"; do echo "pilot-$steps $DATA/source $steps 0 1"; done | run_queue
  python3 "$ROOT/scripts/ran_ablation_table.py" "$WORK/results" pilot-
  exit 0
fi

# Conversions run one after the other (they share the embedded cluster) beside the trainings, which start as soon as
# their source is there. The rows issue 13's question needs (FIRST: source-only, AAN default, FDA at both bands) go first over every
# seed, then the others seed by seed, so that a cut run still answers it; the paper preset's row (the longest
# conversion) comes last, so that waiting for its source holds nothing up.
FIRST=${FIRST:-"source-only aan-default fda fda-wide"}
queue() {
  local seed name
  for seed in $SEEDS; do for name in $ROWS; do if [[ " $FIRST " == *" $name "* ]]; then echo "$name $seed"; fi; done; done
  for seed in $SEEDS; do for name in $ROWS; do if [[ " $FIRST " != *" $name "* ]]; then echo "$name $seed"; fi; done; done
}
convert_all &
converting=$!
queue | while read -r name seed; do
  if [[ $name == ran-best ]]; then echo "$name-s$seed $(source_of "$name") $STEPS $ADV $seed"
  else echo "$name-s$seed $(source_of "$name") $STEPS 0 $seed"; fi
done | run_queue
wait "$converting"

python3 "$ROOT/scripts/ran_ablation_table.py" "$WORK/results" $ROWS
