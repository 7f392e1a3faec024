#!/usr/bin/env python3
"""PyTorch oracle for the engine's AAN (../../../../shared/spec/aan.md), used by the parity test.

It runs the CNTK ResNet-18 ONNX graph op by op with torch.nn.functional, honouring the file's own asymmetric pads,
so it shares no network code with the C# engine (which builds torchvision-style modules from the same weights).

  aan_oracle.py --onnx ResNet18.onnx --source s.npy --target t1.npy [t2.npy ...] --init x0.npy
                --iterations 6 --alpha 1e-14 --beta 1 --content-weights 0,0,0,1,1 --style-weights 1,1,1,1,1
                --step-norm mean-abs --out out.npy --loss-log log.jsonl [--float64]
"""
import argparse
import json

import numpy as np
import onnx
import onnx.numpy_helper
import torch
import torch.nn.functional as F

BGR_MEAN = (103.0626, 115.9029, 123.1516)


class GraphTaps:
    """Evaluates Conv/BatchNormalization/Relu/Add/MaxPool nodes until the global pool; returns the 5 AAN taps."""

    def __init__(self, path, dtype):
        model = onnx.load(path)
        self.values = {}
        for tensor in model.graph.initializer:
            self.values[tensor.name] = torch.tensor(onnx.numpy_helper.to_array(tensor), dtype=dtype)
        self.nodes = []
        for node in model.graph.node:
            if node.op_type == "Constant":
                self.values[node.output[0]] = torch.tensor(onnx.numpy_helper.to_array(node.attribute[0].t), dtype=dtype)
            else:
                self.nodes.append(node)
        self.input_name = model.graph.input[0].name

    @staticmethod
    def attributes(node):
        return {a.name: onnx.helper.get_attribute_value(a) for a in node.attribute}

    @staticmethod
    def pad(x, pads, fill):
        top, left, bottom, right = pads  # ONNX order: begins then ends
        return F.pad(x, (left, right, top, bottom), value=fill) if any(pads) else x

    def __call__(self, x):
        env = dict(self.values)
        env[self.input_name] = x
        stem = None
        block_outputs = []  # ReLU outputs that follow an Add: the end of each residual block
        added = set()
        for node in self.nodes:
            a = self.attributes(node)
            args = [env[name] for name in node.input]
            if node.op_type == "Conv":
                out = F.conv2d(self.pad(args[0], list(a.get("pads", [0] * 4)), 0.0), args[1],
                               args[2] if len(args) > 2 else None, stride=tuple(a.get("strides", (1, 1))),
                               groups=a.get("group", 1))
            elif node.op_type == "BatchNormalization":
                out = F.batch_norm(args[0], args[3], args[4], args[1], args[2], False, 0.0, a.get("epsilon", 1e-5))
            elif node.op_type == "Relu":
                out = torch.relu(args[0])
                if stem is None:
                    stem = out
                if node.input[0] in added:
                    block_outputs.append(out)
            elif node.op_type == "Add":
                out = args[0] + args[1]
                added.add(node.output[0])
            elif node.op_type == "MaxPool":
                out = F.max_pool2d(self.pad(args[0], list(a.get("pads", [0] * 4)), float("-inf")),
                                   tuple(a["kernel_shape"]), tuple(a["strides"]))
            elif node.op_type in ("AveragePool", "GlobalAveragePool"):
                break
            else:
                raise SystemExit(f"unsupported op {node.op_type}")
            env[node.output[0]] = out
        # A stage ends where the next block changes the channel count (and the last block ends the last stage).
        stages = [b for b, nxt in zip(block_outputs, block_outputs[1:] + [None])
                  if nxt is None or nxt.shape[1] != b.shape[1]]
        return [stem] + stages


def to_network(rgb):
    mean = torch.tensor(BGR_MEAN, dtype=rgb.dtype).view(1, 3, 1, 1)
    return torch.flip(rgb, dims=[1]) - mean


def to_rgb(net):
    mean = torch.tensor(BGR_MEAN, dtype=net.dtype).view(1, 3, 1, 1)
    return torch.flip(net + mean, dims=[1])


def gram_matrix(features):
    n, c = features.shape[:2]
    flat = features.reshape(n, c, -1)
    return torch.bmm(flat, flat.transpose(1, 2))


def weights(text):
    values = [float(v) for v in text.split(",")]
    assert len(values) == 5, text
    return values


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--onnx", required=True)
    p.add_argument("--source", required=True)
    p.add_argument("--target", nargs="+", required=True)
    p.add_argument("--init", required=True)
    p.add_argument("--iterations", type=int, required=True)
    p.add_argument("--alpha", type=float, default=1e-14)
    p.add_argument("--beta", type=float, default=10.0)
    p.add_argument("--content-weights", type=weights, default=weights("0,0,0,1,1"))
    p.add_argument("--style-weights", type=weights, default=weights("1,1,1,1,1"))
    p.add_argument("--step-norm", choices=("mean-abs", "l1"), default="mean-abs")
    p.add_argument("--out", required=True)
    p.add_argument("--loss-log", required=True)
    p.add_argument("--float64", action="store_true")
    args = p.parse_args()

    torch.set_num_threads(2)
    dtype = torch.float64 if args.float64 else torch.float32
    taps = GraphTaps(args.onnx, dtype)
    image = lambda path: torch.tensor(np.load(path), dtype=dtype).unsqueeze(0)

    with torch.no_grad():
        source_taps = taps(to_network(image(args.source)))
        pool = None
        for path in args.target:
            normalised = [gram_matrix(f)[0] / (f.shape[2] * f.shape[3]) for f in taps(to_network(image(path)))]
            pool = normalised if pool is None else [p_ + n for p_, n in zip(pool, normalised)]
        targets = [p_ / len(args.target) * (f.shape[2] * f.shape[3]) for p_, f in zip(pool, source_taps)]

    x = to_network(image(args.init)).requires_grad_(True)
    total = args.iterations
    with open(args.loss_log, "w") as log:
        for i in range(1, total + 1):
            out = taps(x)
            content = sum(w * (o - s).pow(2).sum() for w, o, s in zip(args.content_weights, out, source_taps) if w != 0)
            style = sum(w * (gram_matrix(o)[0] - t).pow(2).sum() for w, o, t in zip(args.style_weights, out, targets) if w != 0)
            loss = content + args.alpha * style
            grad, = torch.autograd.grad(loss, [x])
            norm = grad.abs().mean() if args.step_norm == "mean-abs" else grad.abs().sum()
            with torch.no_grad():
                x -= args.beta * (total - i + 1) / total * grad / norm
            log.write(json.dumps({"iteration": i, "loss": float(loss), "content": float(content), "style": float(style)}) + "\n")
    np.save(args.out, to_rgb(x.detach())[0].to(torch.float32).numpy())


if __name__ == "__main__":
    main()
