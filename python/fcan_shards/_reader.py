import hashlib
import io
import json
import os
import tarfile

import numpy as np
import torch
import torch.distributed
from PIL import Image
from torch.utils.data import IterableDataset, get_worker_info

MANIFEST = "manifest.jsonl"
SHARD_LIST = "shards.json"


class ShardMismatch(Exception):
    """A shard does not match its manifest line, or is missing: the output is damaged or still being written."""


def current_shards(output):
    """The current generation's shards, in order: manifest.jsonl's records (name, members, bytes, sha256)."""
    path = os.path.join(output, MANIFEST)
    if not os.path.exists(path):
        raise ShardMismatch(f"{path}: no manifest, the dataset is incomplete")
    with open(path, encoding="utf-8") as manifest:
        return [json.loads(line) for line in manifest if line.strip()]


def read_shard_list(output):
    """The current generation's WebDataset shard list (shards.json): [(shard path, sample count)]."""
    with open(os.path.join(output, SHARD_LIST), encoding="utf-8") as listing:
        document = json.load(listing)
    return [(os.path.join(output, shard["url"]), shard["nsamples"]) for shard in document["shardlist"]]


def _rank_and_world(rank, world_size):
    if rank is not None and world_size is not None:
        return rank, world_size
    if torch.distributed.is_available() and torch.distributed.is_initialized():
        return torch.distributed.get_rank(), torch.distributed.get_world_size()
    return int(os.environ.get("RANK", 0)), int(os.environ.get("WORLD_SIZE", 1))


class FcanShards(IterableDataset):
    """The current generation of a converted output as (image, label, metadata) samples.

    Shards are split between DDP ranks (``rank``/``world_size``, or torch.distributed, or $RANK/$WORLD_SIZE) and then
    between DataLoader workers: consumer ``rank * workers + worker`` of ``world_size * workers`` reads every shard
    whose position in the manifest is congruent to it, so each sample is read by exactly one consumer. With fewer
    shards than consumers some read nothing; convert with a ``--shard-size`` that leaves enough shards.

    image: uint8 tensor [3, H, W] (RGB); label: uint8 tensor [H, W] of train ids (255 = ignore), or None when the
    source had no labels; metadata: the item's .json (source, sourceSha256, settings, pool) with ``__key__`` and
    ``__url__`` added, as WebDataset names them.
    """

    def __init__(self, output, rank=None, world_size=None, verify=True):
        super().__init__()
        self.output = output
        self.rank, self.world_size = _rank_and_world(rank, world_size)
        self.verify = verify
        self.shards = current_shards(output)

    def __iter__(self):
        worker = get_worker_info()
        workers, worker_id = (worker.num_workers, worker.id) if worker else (1, 0)
        consumers = self.world_size * workers
        me = self.rank * workers + worker_id
        for position, shard in enumerate(self.shards):
            if position % consumers == me:
                yield from self._samples(shard)

    def _samples(self, shard):
        path = os.path.join(self.output, shard["name"])
        if not os.path.exists(path):
            raise ShardMismatch(f"{path}: shard is missing")
        if self.verify:
            _check(path, shard)
        with tarfile.open(path, mode="r|") as tar:
            key, members = None, {}
            for member in tar:
                if not member.isfile():
                    continue
                slash = member.name.rfind("/")
                dot = member.name.find(".", slash + 1)
                member_key, suffix = member.name[:dot], member.name[dot + 1:]
                if key is not None and member_key != key:
                    yield _sample(key, members, shard["name"])
                    members = {}
                key = member_key
                members[suffix] = tar.extractfile(member).read()
            if key is not None:
                yield _sample(key, members, shard["name"])


def _check(path, shard):
    digest, size = hashlib.sha256(), 0
    with open(path, "rb") as stream:
        for block in iter(lambda: stream.read(1 << 20), b""):
            digest.update(block)
            size += len(block)
    with tarfile.open(path, mode="r|") as tar:
        members = sum(1 for member in tar if member.isfile())
    found = {"bytes": size, "sha256": digest.hexdigest(), "members": members}
    for field, value in found.items():
        if value != shard[field]:
            raise ShardMismatch(f"{path}: {field} is {value}, the manifest says {shard[field]}")


def _sample(key, members, url):
    image = np.asarray(Image.open(io.BytesIO(members["png"])).convert("RGB"))
    label = members.get("label.png")
    if label is not None:
        label = torch.from_numpy(np.array(Image.open(io.BytesIO(label))))
    metadata = json.loads(members["json"]) if "json" in members else {}
    metadata.update(__key__=key, __url__=url)
    return torch.from_numpy(image.copy()).permute(2, 0, 1), label, metadata
