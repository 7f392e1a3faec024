"""The ablation's table from scripts/ran-ablation.sh's results folder: per row, the mIoU of every seed, their mean and
sample standard deviation, and the mean training time.

    python3 scripts/ran_ablation_table.py RESULTS_DIR ROW...     (a row's evaluations: RESULTS_DIR/ROW-s*.eval.json)
    python3 scripts/ran_ablation_table.py RESULTS_DIR pilot-     (the pilot: RESULTS_DIR/pilot-STEPS.eval.json)
"""
import json
import statistics
import sys
from pathlib import Path


def miou(path):
    return 100 * json.loads(path.read_text())["meanIoU"]


def seconds(eval_path):
    timing = eval_path.with_name(eval_path.name.replace(".eval.json", ".train.seconds"))
    return float(timing.read_text().strip()) if timing.exists() else float("nan")


def main():
    results, rows = Path(sys.argv[1]), sys.argv[2:]
    if rows == ["pilot-"]:
        runs = sorted(results.glob("pilot-*.eval.json"), key=lambda p: int(p.name.split("-")[1].split(".")[0]))
        print("| steps | mIoU % | training s |\n| ---: | ---: | ---: |")
        for path in runs:
            print(f"| {path.name.split('-')[1].split('.')[0]} | {miou(path):.1f} | {seconds(path):.0f} |")
        return
    print("| row | seeds | mIoU % per seed | mean ± std | training s (mean) |\n| --- | ---: | --- | ---: | ---: |")
    for row in rows:
        runs = sorted(results.glob(f"{row}-s*.eval.json"))
        if not runs:
            print(f"| {row} | 0 | not run | | |")
            continue
        values = [miou(p) for p in runs]
        std = statistics.stdev(values) if len(values) > 1 else float("nan")
        per_seed = ", ".join(f"{v:.1f}" for v in values)
        train = statistics.mean(seconds(p) for p in runs)
        print(f"| {row} | {len(values)} | {per_seed} | {statistics.mean(values):.1f} ± {std:.1f} | {train:.0f} |")


if __name__ == "__main__":
    main()
