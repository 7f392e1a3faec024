"""Read a converted Fcan output from Python: the current generation's WebDataset shards as (image, label, metadata).

    from fcan_shards import FcanShards
    loader = torch.utils.data.DataLoader(FcanShards("/data/gta5-adapted"), batch_size=None, num_workers=4)
    for image, label, metadata in loader:   # uint8 [3,H,W]; uint8 [H,W] train ids or None; the item's .json
        ...

Only the shards that ``manifest.jsonl`` lists are read (a refresh leaves older generations' shards beside them), and
every shard is checked against its manifest line (size, sha256, member count) before any of its samples is yielded.
"""

from ._reader import FcanShards, ShardMismatch, current_shards, read_shard_list

__all__ = ["FcanShards", "ShardMismatch", "current_shards", "read_shard_list"]
