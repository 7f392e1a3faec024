#!/usr/bin/env bash
# The AAN quality study of EXPERIMENTS.md ("AAN that adapts"): converts the built-in mini dataset at three sizes with
# every preset and baseline, measures each output with `fcan assess` against the pool, times each method on one image
# with `fcan render` (wall and CPU seconds of the whole process, start-up included), and prints
# one markdown table. Idempotent: a finished conversion or measurement is kept, so a second run only adds
# what is missing (delete $WORK to start over).
#   scripts/aan-study.sh [WORK]        (default /tmp/aan-study)
# Environment: SIZES (default "256x128 512x256 1024x512"), IMAGES per size (default "8 4 2"), PAPER_LIMIT (images the
# 1000-iteration paper preset converts at the first size only, default 2), METHODS (default "quality fast paper colour fda").
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
work=${1:-/tmp/aan-study}
read -r -a sizes <<< "${SIZES:-256x128 512x256 1024x512}"
read -r -a images <<< "${IMAGES:-8 4 2}"
read -r -a methods <<< "${METHODS:-quality fast paper colour fda}"
paper_limit=${PAPER_LIMIT:-2}
mkdir -p "$work"
export FCAN_HOME=$work/home OMP_NUM_THREADS=${OMP_NUM_THREADS:-2}
# FCAN: another build of fcan (e.g. a copy, so that rebuilding the tree does not touch a running study).
fcan=${FCAN:-$root/src/Client/bin/Release/net10.0/fcan}
[[ -x $fcan ]] || dotnet build "$root/src/Client" -c Release -v q -nologo >/dev/null

for i in "${!sizes[@]}"; do
  size=${sizes[$i]} count=${images[$i]}
  data=$work/data-$size
  if [[ ! -d $data/dataset ]]; then
    # The demo generates the dataset; its own 1-iteration conversion is thrown away.
    "$fcan" demo --out "$data" --images "$count" --size "$size" --preset fast --iterations 1 >/dev/null
  fi
  pool=study-$size
  "$fcan" pool show "$pool" >/dev/null 2>&1 ||
    "$fcan" pool create "$pool" --images "$data/dataset/target/leftImg8bit" --size "$size" >/dev/null
  for method in "${methods[@]}"; do
    out=$work/out-$size-$method
    [[ -f $out/manifest.jsonl ]] && continue
    case $method in
      colour|fda) args=(--method "$method") ;;
      paper) [[ $i == 0 ]] || continue; args=(--preset paper --limit "$paper_limit") ;;
      *) args=(--preset "$method") ;;
    esac
    echo "aan-study: converting $size with $method" >&2
    "$fcan" convert --source "$data/dataset/source" --layout gta5 --pool "$pool" --out "$out" --size "$size" \
      --shard-size 100 --wait --json "${args[@]}" > "$out.convert.json"
  done
done

# Speed: one image of each size through `fcan render`, per method (the first source against the pool's images).
for i in "${!sizes[@]}"; do
  size=${sizes[$i]} data=$work/data-${sizes[$i]}
  source=$(ls "$data"/dataset/source/images/*.png | head -1)
  mapfile -t targets < <(find "$data/dataset/target/leftImg8bit" -name '*.png' | sort)
  for method in "${methods[@]}"; do
    out=$work/out-$size-$method
    [[ -f $out/manifest.jsonl && ! -f $out.seconds ]] || continue
    case $method in colour|fda) args=(--method "$method") ;; *) args=(--preset "$method") ;; esac
    echo "aan-study: timing $size $method" >&2
    # CPU seconds (user + system, one torch thread) as well as wall seconds: on a machine shared with other work
    # the wall clock measures the neighbours, the CPU time still measures the method.
    OMP_NUM_THREADS=1 /usr/bin/time -f "%e %U %S" -o "$out.time" \
      "$fcan" render --source "$source" --target "${targets[@]}" --out "$work/timing.png" "${args[@]}" >/dev/null
    awk '{ printf "%s %.2f\n", $1, $2 + $3 }' "$out.time" > "$out.seconds"
  done
done

# Quality: fcan assess on every output, against the pool's images (the mini dataset's real half).
for i in "${!sizes[@]}"; do
  size=${sizes[$i]}
  for method in "${methods[@]}"; do
    out=$work/out-$size-$method
    [[ -f $out/manifest.jsonl && ! -f $out.assess.json ]] || continue
    echo "aan-study: assessing $size $method" >&2
    "$fcan" assess --output "$out" --pool "study-$size" --contact-sheet "$out.sheet.png" --json > "$out.assess.json"
  done
done

python3 "$root/scripts/aan_study_table.py" "$work" "${sizes[@]}" -- "${methods[@]}"
