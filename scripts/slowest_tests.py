#!/usr/bin/env python3
"""Prints the slowest tests of a `dotnet test --logger trx` run, to keep the suite within its time budget.

    slowest_tests.py RESULTS_DIR [COUNT]
"""
import glob
import os
import sys
import xml.etree.ElementTree as ET

NS = "{http://microsoft.com/schemas/VisualStudio/TeamTest/2010}"


def seconds(duration):
    hours, minutes, rest = duration.split(":")
    return int(hours) * 3600 + int(minutes) * 60 + float(rest)


def main():
    folder, count = sys.argv[1], int(sys.argv[2]) if len(sys.argv) > 2 else 10
    tests = []
    for path in glob.glob(os.path.join(folder, "**", "*.trx"), recursive=True):
        for result in ET.parse(path).getroot().iter(NS + "UnitTestResult"):
            if result.get("duration"):
                tests.append((seconds(result.get("duration")), result.get("outcome"), result.get("testName")))
    if not tests:
        return
    tests.sort(reverse=True)
    print(f"slowest tests ({len(tests)} run, {sum(t[0] for t in tests):.0f} s in all):")
    for duration, outcome, name in tests[:count]:
        print(f"  {duration:7.1f} s  {outcome:8}  {name}")


if __name__ == "__main__":
    main()
