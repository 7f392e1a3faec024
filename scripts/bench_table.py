#!/usr/bin/env python3
"""Turns benchmark output into one markdown table: JSON lines from `fcan bench --json` and scripts/bench_aan_torch.py,
and the text lines of shared/reference/aan_bench.py. Other lines are ignored. Per input shape, the last column is
PyTorch fp32's ms/iteration divided by the row's (above 1: faster than PyTorch fp32).

  (fcan bench --json ...; python3 aan_bench.py ...) | python3 scripts/bench_table.py
"""
import json
import re
import sys

REFERENCE = re.compile(r"PyTorch (?P<version>\S+) .*?(?P<backbone>ResNet-\d+) AAN (?P<batch>\d+)x3x(?P<h>\d+)x(?P<w>\d+) "
                       r"(?P<precision>\w+)(?P<cl> channels_last)?: (?P<ms>[\d.]+) ms/iteration, (?P<iph>[\d.]+) images/h"
                       r".*?peak (?P<gib>[\d.]+) GiB")


def rows(lines):
    for line in lines:
        line = line.strip()
        if line.startswith("{"):
            r = json.loads(line)
            yield {"impl": r["implementation"], "backbone": r["backbone"], "batch": r["batch"], "h": r["height"],
                   "w": r["width"], "precision": r["precision"], "ms": r["msPerIteration"],
                   # Recomputed from ms/iteration (both sides round it differently): 1000 iterations per image.
                   "iph": 3600 * r["batch"] / r["msPerIteration"],
                   "gib": r["peakMemoryBytes"] / 2**30 if r.get("peakMemoryBytes") else None,
                   "note": "" if r.get("checkPasses") is None else ("check passes" if r["checkPasses"] else "check FAILS")}
        elif (m := REFERENCE.search(line)):
            yield {"impl": f"pytorch-{m['version']}", "backbone": m["backbone"].lower().replace("-", ""),
                   "batch": int(m["batch"]), "h": int(m["h"]), "w": int(m["w"]),
                   "precision": m["precision"] + (" channels_last" if m["cl"] else ""), "ms": float(m["ms"]),
                   "iph": float(m["iph"]), "gib": float(m["gib"]), "note": ""}


def main():
    table = list(rows(sys.stdin))
    baseline = {(r["backbone"], r["h"], r["w"], r["batch"]): r["ms"] for r in table
                if r["impl"].startswith("pytorch") and r["precision"] == "fp32"}
    print("| implementation | backbone | N x 3 x H x W | precision | ms/iteration | images/h | peak GiB | PyTorch fp32 / this | note |")
    print("| --- | --- | --- | --- | ---: | ---: | ---: | ---: | --- |")
    for r in table:
        base = baseline.get((r["backbone"], r["h"], r["w"], r["batch"]))
        ratio = f"{base / r['ms']:.2f}x" if base else ""
        gib = f"{r['gib']:.2f}" if r["gib"] is not None else ""
        iph = f"{r['iph']:.2f}" if r["iph"] < 10 else f"{r['iph']:.0f}"
        print(f"| {r['impl']} | {r['backbone']} | {r['batch']}x3x{r['h']}x{r['w']} | {r['precision']} | {r['ms']:.1f} "
              f"| {iph} | {gib} | {ratio} | {r['note']} |")


if __name__ == "__main__":
    main()
