#!/usr/bin/env python3
"""PyTorch side of scripts/bench-aan.sh: the same AAN iteration as the engine (five taps, Grams on every tap,
content on the two deepest, autograd to the pixels, normalised step) on a ResNet with random weights (weights
don't change speed), timed on the same machine. fp32, or bf16 through CPU autocast with float32 Grams and loss
(like the engine's bf16). Prints one JSON line per case, like `fcan bench --json`.

  bench_aan_torch.py --backbone resnet18|resnet50 --sizes 256x512 --batches 1 --iterations 3 --warmup 1 --precision fp32 bf16
"""
import argparse
import json
import resource
import time

import torch
import torch.nn as nn
import torch.nn.functional as F


class Block(nn.Module):
    def __init__(self, cin, width, stride, bottleneck):
        super().__init__()
        cout = width * 4 if bottleneck else width
        if bottleneck:
            self.body = nn.Sequential(nn.Conv2d(cin, width, 1, bias=False), nn.BatchNorm2d(width), nn.ReLU(),
                                      nn.Conv2d(width, width, 3, stride, 1, bias=False), nn.BatchNorm2d(width), nn.ReLU(),
                                      nn.Conv2d(width, cout, 1, bias=False), nn.BatchNorm2d(cout))
        else:
            self.body = nn.Sequential(nn.Conv2d(cin, width, 3, stride, 1, bias=False), nn.BatchNorm2d(width), nn.ReLU(),
                                      nn.Conv2d(width, width, 3, 1, 1, bias=False), nn.BatchNorm2d(width))
        self.shortcut = (nn.Sequential(nn.Conv2d(cin, cout, 1, stride, bias=False), nn.BatchNorm2d(cout))
                         if stride != 1 or cin != cout else nn.Identity())
        self.out_channels = cout

    def forward(self, x):
        return F.relu(self.body(x) + self.shortcut(x))


class Taps(nn.Module):
    def __init__(self, blocks, bottleneck):
        super().__init__()
        self.stem = nn.Sequential(nn.Conv2d(3, 64, 7, 2, 3, bias=False), nn.BatchNorm2d(64), nn.ReLU())
        stages, cin = [], 64
        for s, n in enumerate(blocks):
            layer = []
            for b in range(n):
                block = Block(cin, 64 << s, 2 if b == 0 and s > 0 else 1, bottleneck)
                cin = block.out_channels
                layer.append(block)
            stages.append(nn.Sequential(*layer))
        self.stages = nn.ModuleList(stages)

    def forward(self, x):
        x = self.stem(x)
        out = [x]
        x = F.max_pool2d(x, 3, 2, 1)
        for stage in self.stages:
            x = stage(x)
            out.append(x)
        return out


def gram(f):
    flat = f.reshape(f.shape[0], f.shape[1], -1)
    return flat @ flat.transpose(1, 2)


def ms_per_iteration(net, h, w, batch, warmup, timed, device, precision):
    source = torch.rand(batch, 3, h, w, device=device) * 255
    with torch.no_grad():
        source_taps = net(source)
        targets = [gram(f)[0] for f in net(source[:1])]
    autocast = torch.autocast(device, dtype=torch.bfloat16, enabled=precision == "bf16")
    x = (torch.randn(batch, 3, h, w, device=device) * 30).requires_grad_(True)
    ws, wt, alpha, total = [0, 0, 0, 1, 1], [1, 1, 1, 1, 1], 1e-14, warmup + timed
    for i in range(1, total + 1):
        if i == warmup + 1:
            start = time.perf_counter()
        with autocast:
            taps = [t.float() for t in net(x)]
        content = sum(c * (o - s).pow(2).sum() for c, o, s in zip(ws, taps, source_taps) if c)
        style = sum(c * (gram(o) - t).pow(2).sum() for c, o, t in zip(wt, taps, targets) if c)
        g, = torch.autograd.grad(content + alpha * style, [x])
        with torch.no_grad():
            x -= 10 * (total - i + 1) / total * g / g.abs().mean(dim=(1, 2, 3), keepdim=True)
    return (time.perf_counter() - start) * 1000 / timed


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--backbone", choices=("resnet18", "resnet50"), default="resnet18")
    p.add_argument("--sizes", default="128x256,256x512")
    p.add_argument("--batches", default="1")
    p.add_argument("--iterations", type=int, default=5)
    p.add_argument("--warmup", type=int, default=2)
    p.add_argument("--device", default="cpu")
    p.add_argument("--threads", type=int, default=0)
    p.add_argument("--precision", nargs="+", default=["fp32"], choices=("fp32", "bf16"))
    a = p.parse_args()
    if a.threads:
        torch.set_num_threads(a.threads)
    # The engine runs with oneDNN off (it crashes ResNet-50's backward on these CPUs); compare like with like.
    torch.backends.mkldnn.enabled = False
    net = Taps([2, 2, 2, 3], False) if a.backbone == "resnet18" else Taps([3, 4, 6, 3], True)
    net = net.to(a.device).eval()
    for q in net.parameters():
        q.requires_grad_(False)
    for size in a.sizes.split(","):
        h, w = (int(v) for v in size.split("x"))
        for batch in (int(b) for b in a.batches.split(",")):
            for precision in a.precision:
                ms = ms_per_iteration(net, h, w, batch, a.warmup, a.iterations, a.device, precision)
                peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
                print(json.dumps({"implementation": f"pytorch-{torch.__version__}", "backbone": a.backbone, "weights": "random",
                                  "device": a.device, "height": h, "width": w, "batch": batch, "precision": precision,
                                  "msPerIteration": round(ms, 1), "imagesPerHour": round(3600_000.0 * batch / (ms * 1000), 2),
                                  "peakMemoryBytes": peak, "peakMemoryKind": "process peak RSS"}), flush=True)


if __name__ == "__main__":
    main()
