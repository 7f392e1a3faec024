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


def seconds(base):
    with open(base + ".seconds") as f:
        return float(f.read())


def within(value, reference, higher_is_better):
    """Within 10 % of AAN: at most 10 % worse (better is always within)."""
    return value >= 0.9 * reference if higher_is_better else value <= 1.1 * reference


def main():
    work, held, every = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
    aan = load(os.path.join(work, "out-aan.assess.json"))["set"]
    aan_rate = held / seconds(os.path.join(work, "out-aan")) * 3600
    print(f"| method | {' | '.join(name for _, name, _ in FIGURES)} | SSIM | edge F1 | all within 10 % |")
    print(f"| --- | {' | '.join('---:' for _ in FIGURES)} | ---: | ---: | --- |")
    print(f"| per-image AAN, default preset | {' | '.join(f'{aan[key]:.3g}' for key, _, _ in FIGURES)} "
          f"| {aan['ssim']:.2f} | {aan['edgeF1']:.2f} | |")
    timings = []
    for adapter in sorted(glob.glob(os.path.join(work, "adapter-*.train.json"))):
        tag = os.path.basename(adapter)[len("adapter-"):-len(".train.json")]
        out = os.path.join(work, f"out-{tag}")
        if not os.path.exists(out + ".assess.json") or not os.path.exists(out + "-all.seconds"):
            continue
        figures = load(out + ".assess.json")["set"]
        cells = [f"{figures[key]:.3g} ({figures[key] / aan[key]:.2f}x)" for key, _, _ in FIGURES]
        ok = all(within(figures[key], aan[key], better) for key, _, better in FIGURES)
        print(f"| adapter {tag} | {' | '.join(cells)} | {figures['ssim']:.2f} | {figures['edgeF1']:.2f} | {'yes' if ok else 'no'} |")
        train_seconds = seconds(os.path.join(work, f"adapter-{tag}"))
        rate = every / seconds(out + "-all") * 3600
        timings.append((tag, train_seconds, rate, load(adapter)))
    print()
    print("| method | images/hour (fcan convert, wall, start-up included) | x AAN | training (s, wall) | break-even after |")
    print("| --- | ---: | ---: | ---: | ---: |")
    print(f"| per-image AAN, default preset ({held} images) | {aan_rate:.0f} | 1 | | |")
    for tag, train_seconds, rate, result in timings:
        # Training pays for itself once the AAN seconds saved exceed it.
        saved = 3600 / aan_rate - 3600 / rate
        break_even = f"{train_seconds / saved:.0f} images" if saved > 0 else "never"
        print(f"| adapter {tag} ({every} images) | {rate:.0f} | {rate / aan_rate:.1f} | {train_seconds:.0f} "
              f"(final loss {result.get('loss', float('nan')):.3g}) | {break_even} |")


if __name__ == "__main__":
    main()
