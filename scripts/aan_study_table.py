#!/usr/bin/env python3
"""Prints scripts/aan-study.sh's results as one markdown table: per size and method, the set figures of
`fcan assess --json` and the wall and CPU seconds of one `fcan render` of that size and method (start-up included).
usage: aan_study_table.py WORK SIZE... -- METHOD..."""
import json
import os
import sys


def find(document, *names):
    """The first of `names` found in the assess document's set figures (tolerant of where assess nests them)."""
    for scope in (document.get("set"), document.get("summary"), document):
        if isinstance(scope, dict):
            for name in names:
                if name in scope and not isinstance(scope[name], (dict, list)):
                    return scope[name]
    return None


def number(value, digits=3):
    return "" if value is None else f"{value:.{digits}g}" if isinstance(value, float) else str(value)


def main():
    work = sys.argv[1]
    split = sys.argv.index("--")
    sizes, methods = sys.argv[2:split], sys.argv[split + 1:]
    print("| size | method | images | colour gap | detail gap | structure kept | KID (adapted) | KID (source) | SSIM | edge F1 | s/image (fcan render, CPU) | s/image (wall) |")
    print("| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    for size in sizes:
        for method in methods:
            base = os.path.join(work, f"out-{size}-{method}")
            if not os.path.exists(base + ".assess.json"):
                continue
            with open(base + ".assess.json") as f:
                doc = json.load(f)
            with open(base + ".seconds") as f:
                wall, cpu = (f.read().split() + [None])[:2]
            count = find(doc, "images", "count")
            print(f"| {size} | {method} | {number(count)} | {number(find(doc, 'colourGap', 'colorGap'))} "
                  f"| {number(find(doc, 'detailGap'))} | {number(find(doc, 'structureKept'))} "
                  f"| {number(find(doc, 'kid', 'kidAdapted'))} | {number(find(doc, 'kidSource'))} "
                  f"| {number(find(doc, 'ssim', 'luminanceSsim'))} | {number(find(doc, 'edgeF1'))} | {cpu or ''} | {wall} |")


if __name__ == "__main__":
    main()
