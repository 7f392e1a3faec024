#!/usr/bin/env python3
"""Prints scripts/adapter-study.sh's results as markdown: per-image AAN (the default preset) and every trained adapter
on the held-out images by `fcan assess`, each figure's ratio to AAN's, the conversion throughputs and the break-even.
usage: adapter_study_table.py WORK HELD ALL"""
import glob
import json
import os
import sys

FIGURES = [("colourGap", "colour gap", False), ("detailGap", "detail gap", False),
           ("structureKept", "structure kept", True), ("kid", "KID", False)]


def load(path):
    with open(path) as f:
        return json.load(f)


def timing(base):
    """(wall, CPU) seconds of a step from its /usr/bin/time "%e %U %S" line (the last line: a failed command's time
    adds a line before it)."""
    with open(base + ".time") as f:
        wall, user, system = (float(v) for v in f.read().strip().splitlines()[-1].split())
    return wall, user + system


def within(value, reference, higher_is_better):
    """Within 10 % of AAN: at most 10 % worse (better is always within)."""
    return value >= 0.9 * reference if higher_is_better else value <= 1.1 * reference


def main():
    work, held, every = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
    aan = load(os.path.join(work, "out-aan.assess.json"))["set"]
    aan_wall, aan_cpu = timing(os.path.join(work, "out-aan"))
    print(f"| method | {' | '.join(name for _, name, _ in FIGURES)} | SSIM | edge F1 | all within 10 % |")
    print(f"| --- | {' | '.join('---:' for _ in FIGURES)} | ---: | ---: | --- |")
    print(f"| per-image AAN, default preset | {' | '.join(f'{aan[key]:.3g}' for key, _, _ in FIGURES)} "
          f"| {aan['ssim']:.2f} | {aan['edgeF1']:.2f} | |")
    timings = []
    for adapter in sorted(glob.glob(os.path.join(work, "adapter-*.train.json"))):
        tag = os.path.basename(adapter)[len("adapter-"):-len(".train.json")]
        out = os.path.join(work, f"out-{tag}")
        if not os.path.exists(out + ".assess.json") or not os.path.exists(out + "-all.time"):
            continue
        figures = load(out + ".assess.json")["set"]
        cells = [f"{figures[key]:.3g} ({figures[key] / aan[key]:.2f}x)" for key, _, _ in FIGURES]
        ok = all(within(figures[key], aan[key], better) for key, _, better in FIGURES)
        print(f"| adapter {tag} | {' | '.join(cells)} | {figures['ssim']:.2f} | {figures['edgeF1']:.2f} | {'yes' if ok else 'no'} |")
        timings.append((tag, timing(os.path.join(work, f"adapter-{tag}")), timing(out + "-all"), load(adapter)))
    print()
    # Rates per CPU second: what one busy core converts in an hour, fair on a shared machine; wall seconds beside.
    aan_per_image = aan_cpu / held
    print("| method | CPU s per image | images/hour per core | x AAN | wall s (all) | training: CPU s (wall s) | break-even after |")
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: |")
    print(f"| per-image AAN, default preset ({held} images) | {aan_per_image:.2f} | {3600 / aan_per_image:.0f} | 1 | {aan_wall:.0f} | | |")
    for tag, (train_wall, train_cpu), (wall, cpu), result in timings:
        per_image = cpu / every
        # Training pays for itself once the AAN CPU seconds saved exceed its own.
        saved = aan_per_image - per_image
        break_even = f"{train_cpu / saved:.0f} images" if saved > 0 else "never"
        print(f"| adapter {tag} ({every} images) | {per_image:.3f} | {3600 / per_image:.0f} | {aan_per_image / per_image:.0f} "
              f"| {wall:.0f} | {train_cpu:.0f} ({train_wall:.0f}; final loss {result.get('loss', float('nan')):.3g}) | {break_even} |")


if __name__ == "__main__":
    main()
