"""Iterates a converted Fcan output with a PyTorch DataLoader and prints what it holds.

    PYTHONPATH=python python3 python/examples/read_output.py /data/gta5-adapted [--workers 2]
"""
import argparse
import collections

import torch
from fcan_shards import FcanShards

parser = argparse.ArgumentParser()
parser.add_argument("output", help="a converted output folder (holds manifest.jsonl)")
parser.add_argument("--workers", type=int, default=2)
arguments = parser.parse_args()

loader = torch.utils.data.DataLoader(FcanShards(arguments.output), batch_size=None, num_workers=arguments.workers)
sizes = collections.Counter()
for image, label, metadata in loader:
    sizes[tuple(image.shape)] += 1
    if label is not None and label.shape != image.shape[1:]:
        raise SystemExit(f"{metadata['__key__']}: label {tuple(label.shape)} does not match image {tuple(image.shape)}")
print(f"{sum(sizes.values())} samples; image shapes {dict(sizes)}")
