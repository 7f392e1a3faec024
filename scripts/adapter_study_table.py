#!/usr/bin/env python3
"""Prints scripts/adapter-study.sh's results as markdown: per-image AAN (the default preset) and every trained adapter
on the held-out images by `fcan assess`, each figure's ratio to AAN's, the conversion throughputs and the break-even.
usage: adapter_study_table.py WORK HELD ALL (ALL: the images of the throughput set)"""
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
        timings.append((tag, timing(os.path.join(work, f"adapter-{tag}")), out))
    print()
    # The steady rate: the seconds that more images cost over fewer, per extra image, so start-up (the embedded
    # cluster, loading the networks) cancels, as it does in a conversion of thousands. Wall seconds are the issue's
    # images/hour on an idle machine; CPU seconds (user + system) stay fair when the machine is shared.
    aan_wall, aan_cpu = marginal(os.path.join(work, "out-aan"), held, os.path.join(work, "out-aan-half"), held // 2)
    print("| method | wall s per image | images/hour | x AAN | CPU s per image | x AAN by CPU | training: wall s (CPU s) | break-even after |")
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    print(f"| per-image AAN, default preset (images {held // 2 + 1}-{held}) | {aan_wall:.2f} | {3600 / aan_wall:.0f} | 1 "
          f"| {aan_cpu:.2f} | 1 | | |")
    for tag, (train_wall, train_cpu), out in timings:
        wall, cpu = marginal(out + "-all", every, out, held)
        # Training pays for itself once the AAN seconds saved exceed its own (wall, on the same machine).
        saved = aan_wall - wall
        break_even = f"{train_wall / saved:.0f} images" if saved > 0 else "never"
        print(f"| adapter {tag} (images {held + 1}-{every}) | {wall:.3f} | {3600 / wall:.0f} | {aan_wall / wall:.0f} "
              f"| {cpu:.3f} | {aan_cpu / cpu:.0f} | {train_wall:.0f} ({train_cpu:.0f}) | {break_even} |")


def marginal(more, more_images, fewer, fewer_images):
    """(wall, CPU) seconds per image of the images one conversion has beyond another's."""
    (wall_more, cpu_more), (wall_fewer, cpu_fewer) = timing(more), timing(fewer)
    extra = more_images - fewer_images
    return (wall_more - wall_fewer) / extra, (cpu_more - cpu_fewer) / extra

if __name__ == "__main__":
    main()
