#!/usr/bin/env bash
# The adapter study of EXPERIMENTS.md ("A trained adapter against per-image AAN"): on the built-in mini dataset,
# trains an adapter on source images it will not be measured on, converts the held-out images with it and with
# per-image AAN (the default preset), measures both with `fcan assess` against the same pool, times both conversions
# and the training in the same run, and prints one markdown table with the break-even point.
#   scripts/adapter-study.sh [WORK]        (default /tmp/adapter-study)
# Held-out: the first HELD source images (default 8; with the default seed the same 8 images as aan-study.sh's
# 256x128 row); training: the next TRAIN (default 32). Pool: the first HELD real images. Adapter settings: STEPS
# (default 600), BATCH (4), CROP (64x64), CHANNELS (16), BLOCKS (3), LEARNING_RATE (1e-3); each setting trains its
# own adapter, so a rerun with other settings adds a row. Throughput is the steady rate, start-up excluded: the cost
# of converting more images minus that of fewer, per extra image. AAN converts the first HELD/2 held-out images as
# well as all HELD; the adapter converts the held-out images and a throughput set of COPIES (default 5) copies of all
# HELD+TRAIN source images under new names. Idempotent: finished steps are kept.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
work=${1:-/tmp/adapter-study}
size=${SIZE:-256x128} held=${HELD:-8} train=${TRAIN:-32}
steps=${STEPS:-600} batch=${BATCH:-4} crop=${CROP:-64x64} channels=${CHANNELS:-16} blocks=${BLOCKS:-3} lr=${LEARNING_RATE:-1e-3}
mkdir -p "$work"
export FCAN_HOME=$work/home OMP_NUM_THREADS=${OMP_NUM_THREADS:-2}
# FCAN: another build of fcan (e.g. a copy, so that rebuilding the tree does not touch a running study).
fcan=${FCAN:-$root/src/Client/bin/Release/net10.0/fcan}
[[ -x $fcan ]] || dotnet build "$root/src/Client" -c Release -v q -nologo >/dev/null
# Every conversion and the training are timed by /usr/bin/time: wall seconds and CPU seconds (user + system). The
# table's rates use CPU seconds, which stay fair when the machine is shared (the wall ones do not).
timed() { local out=$1; shift; /usr/bin/time -f "%e %U %S" -o "$out.time" "$@"; }

data=$work/data/dataset
if [[ ! -d $data ]]; then
  # The demo generates the dataset; its own 1-iteration conversion is thrown away.
  "$fcan" demo --out "$work/data" --images $((held + train)) --size "$size" --preset fast --iterations 1 >/dev/null
fi
if [[ ! -d $work/train ]]; then
  mkdir -p "$work/train.tmp/images" "$work/train.tmp/labels"
  for name in $(ls "$data/source/images" | sort | tail -n +$((held + 1))); do
    cp "$data/source/images/$name" "$work/train.tmp/images/"
    cp "$data/source/labels/$name" "$work/train.tmp/labels/"
  done
  mv "$work/train.tmp" "$work/train"
fi
pool=adapter-study
if ! "$fcan" pool show "$pool" >/dev/null 2>&1; then
  mkdir -p "$work/pool"
  find "$data/target/leftImg8bit" -name '*.png' | sort | head -n "$held" | xargs -I{} cp {} "$work/pool/"
  "$fcan" pool create "$pool" --images "$work/pool" --size "$size" >/dev/null
fi

convert() { # OUT LIMIT ARGS...: a timed conversion of the first LIMIT source images
  local out=$1 limit=$2; shift 2
  [[ -f $out/manifest.jsonl ]] && return
  echo "adapter-study: converting $(basename "$out")" >&2
  timed "$out" "$fcan" convert --source "$data/source" --layout gta5 --pool "$pool" --out "$out" --size "$size" \
    --limit "$limit" --shard-size 100 --wait --json "$@" > "$out.convert.json"
}
assess() {
  [[ -f $1.assess.json ]] && return
  echo "adapter-study: assessing $(basename "$1")" >&2
  "$fcan" assess --output "$1" --pool "$pool" --contact-sheet "$1.sheet.png" --json > "$1.assess.json"
}

convert "$work/out-aan" "$held"
assess "$work/out-aan"
convert "$work/out-aan-half" $((held / 2))

tag=s$steps-b$batch-c$crop-w$channels-r$blocks-lr$lr
adapter=$work/adapter-$tag
if [[ ! -f $adapter/adapter.fcan ]]; then
  echo "adapter-study: training $tag" >&2
  if [[ -f $adapter/checkpoint.json ]]; then
    # An interrupted training continues exactly (its seconds then count only this part).
    timed "$adapter" "$fcan" adapter train --source "$work/train" --layout gta5 --out "$adapter" --resume --json > "$adapter.train.json"
  else
    timed "$adapter" "$fcan" adapter train --source "$work/train" --layout gta5 --pool "$pool" --out "$adapter" --steps "$steps" \
      --batch "$batch" --crop "$crop" --channels "$channels" --blocks "$blocks" --learning-rate "$lr" \
      --checkpoint-every 100 --json > "$adapter.train.json"
  fi
fi
convert "$work/out-$tag" "$held" --method adapter --adapter "$adapter"
assess "$work/out-$tag"
copies=${COPIES:-5}
many=$work/throughput
if [[ ! -d $many ]]; then
  mkdir -p "$many.tmp/images" "$many.tmp/labels"
  for ((copy = 1; copy <= copies; copy++)); do
    for name in $(ls "$data/source/images" | sort | head -n $((held + train))); do
      cp "$data/source/images/$name" "$many.tmp/images/$copy-$name"
      cp "$data/source/labels/$name" "$many.tmp/labels/$copy-$name"
    done
  done
  mv "$many.tmp" "$many"
fi
if [[ ! -f $work/out-$tag-all/manifest.jsonl ]]; then
  echo "adapter-study: converting the throughput set with $tag" >&2
  timed "$work/out-$tag-all" "$fcan" convert --source "$many" --layout gta5 --pool "$pool" --out "$work/out-$tag-all" \
    --size "$size" --shard-size 100 --wait --json --method adapter --adapter "$adapter" > "$work/out-$tag-all.convert.json"
fi

python3 "$root/scripts/adapter_study_table.py" "$work" "$held" $(((held + train) * copies))
