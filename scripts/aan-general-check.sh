#!/usr/bin/env bash
# The default preset on data the project does not ship (EXPERIMENTS.md, "AAN that adapts"): the mini dataset's
# synthetic frames converted with `fcan convert`'s defaults towards a pool of five natural photographs from Debian's
# python3-skimage (astronaut, chelsea, coffee, motorcycle, rocket), then measured by `fcan assess` (colour gap,
# detail gap, structure kept from the frames' labels, KID). Nothing was tuned on these photographs.
#   scripts/aan-general-check.sh [WORK [assess options such as --json]]        (default WORK: /tmp/aan-general)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
work=${1:-/tmp/aan-general}
shift || true
size=${SIZE:-256x128}
images=${IMAGES:-8}
fcan=${FCAN:-$root/src/Client/bin/Release/net10.0/fcan}
export FCAN_HOME=$work/home
photos=/usr/lib/python3/dist-packages/skimage/data
[[ -f $photos/astronaut.png ]] || { echo "aan-general-check: needs Debian's python3-skimage (apt-get install python3-skimage)" >&2; exit 1; }
mkdir -p "$work/photos"
for name in astronaut.png chelsea.png coffee.png motorcycle_left.png rocket.jpg; do
  # PNG and JPEG as they are; the pool resizes them to its size.
  cp "$photos/$name" "$work/photos/"
done
[[ -d $work/data/dataset ]] || "$fcan" demo --out "$work/data" --images "$images" --size "$size" --preset fast --iterations 1 >/dev/null
"$fcan" pool show photos >/dev/null 2>&1 || "$fcan" pool create photos --images "$work/photos" --size "$size" >/dev/null
out=$work/converted
[[ -f $out/manifest.jsonl ]] ||
  "$fcan" convert --source "$work/data/dataset/source" --layout gta5 --pool photos --out "$out" --size "$size" --wait >/dev/null
"$fcan" assess --output "$out" --pool photos --contact-sheet "$work/contact-sheet.png" "$@"
