"""Independent reference for the backbone of RAN's segmentation network: torchvision's ResNet-50/101 at output
stride 8 (layer3 and layer4 keep stride 1 and dilate every 3x3 convolution by 2 and 4), in eval mode.

Reads a torchvision state dict (.pt or .safetensors) and a .pt holding 'input' ([N,3,H,W] RGB 0..255), applies
torchvision's ImageNet normalisation, and saves {'features': [N,2048,H/8,W/8]} with torch.save.
"""
import argparse
import json
import re
import struct

import torch
import torch.nn.functional as F

MEAN = torch.tensor([0.485, 0.456, 0.406]).view(1, 3, 1, 1) * 255
STD = torch.tensor([0.229, 0.224, 0.225]).view(1, 3, 1, 1) * 255
SAFETENSORS_TYPES = {"F32": torch.float32, "F64": torch.float64, "F16": torch.float16, "BF16": torch.bfloat16,
                     "I64": torch.int64}
STRIDES = [1, 2, 1, 1]
DILATIONS = [1, 1, 2, 4]


def load(path):
    """torch.load, or the safetensors format read by hand (Debian has no safetensors package)."""
    if not path.endswith(".safetensors"):
        return torch.load(path, map_location="cpu")
    with open(path, "rb") as file:
        (size,) = struct.unpack("<Q", file.read(8))
        header = json.loads(file.read(size))
        data = bytearray(file.read())
    weights = {}
    for name, entry in header.items():
        if name == "__metadata__":
            continue
        dtype = SAFETENSORS_TYPES[entry["dtype"]]
        start, end = entry["data_offsets"]
        count = (end - start) // torch.empty(0, dtype=dtype).element_size()
        weights[name] = torch.frombuffer(data, dtype=dtype, count=count, offset=start).reshape(entry["shape"])
    return weights


def norm(x, w, name):
    return F.batch_norm(x, w[name + ".running_mean"], w[name + ".running_var"], w[name + ".weight"], w[name + ".bias"],
                        training=False, eps=1e-5)


def bottleneck(x, w, name, stride, dilation):
    out = F.relu(norm(F.conv2d(x, w[name + ".conv1.weight"]), w, name + ".bn1"))
    out = F.relu(norm(F.conv2d(out, w[name + ".conv2.weight"], stride=stride, padding=dilation, dilation=dilation),
                      w, name + ".bn2"))
    out = norm(F.conv2d(out, w[name + ".conv3.weight"]), w, name + ".bn3")
    if name + ".downsample.0.weight" in w:
        x = norm(F.conv2d(x, w[name + ".downsample.0.weight"], stride=stride), w, name + ".downsample.1")
    return F.relu(out + x)


def blocks(w, stage):
    return 1 + max(int(m.group(1)) for key in w if (m := re.match(rf"layer{stage}\.(\d+)\.", key)))


def features(rgb, w):
    x = (rgb - MEAN) / STD
    x = F.max_pool2d(F.relu(norm(F.conv2d(x, w["conv1.weight"], stride=2, padding=3), w, "bn1")), 3, 2, 1)
    for stage in range(4):
        for block in range(blocks(w, stage + 1)):
            x = bottleneck(x, w, f"layer{stage + 1}.{block}", STRIDES[stage] if block == 0 else 1, DILATIONS[stage])
    return x


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--weights", required=True)
    parser.add_argument("--input", required=True)
    parser.add_argument("--out", required=True)
    args = parser.parse_args()
    torch.set_grad_enabled(False)
    weights = load(args.weights)
    rgb = torch.load(args.input, map_location="cpu")["input"]
    torch.save({"features": features(rgb, weights).contiguous()}, args.out)


if __name__ == "__main__":
    main()
