#!/usr/bin/env python3
"""Bring your own PyTorch model: train a small CNN on Fashion-MNIST and export it the way cardeck takes it.

The contract (docs/own-models.md):
  - one input named "input": float32 NCHW images with values in [0, 1], batch dimension dynamic;
  - normalisation inside the graph (the platform feeds raw [0, 1] pixels, corrupted or not);
  - one output of logits (or probabilities), one column per class;
  - metadata_props: cardeck.dataset (e.g. "fashion-mnist") and cardeck.labels (a JSON array of class names).

Usage: /usr/bin/python3 examples/pytorch/fashion_cnn.py [--epochs 2] [--out examples/pytorch/fashion-cnn.onnx]
Needs Debian's python3-torch and python3-onnx (apt-get install python3-torch python3-onnx dataset-fashion-mnist).
"""
import argparse
import gzip
import json
import struct

import numpy as np
import onnx
import torch
from torch import nn

DATA = "/usr/share/datasets/fashion-mnist"
LABELS = ["T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot"]


def read_idx(path):
    with gzip.open(path, "rb") as f:
        magic = struct.unpack(">I", f.read(4))[0]
        dims = [struct.unpack(">I", f.read(4))[0] for _ in range(magic & 0xFF)]
        return np.frombuffer(f.read(), dtype=np.uint8).reshape(dims)


class Normalize(nn.Module):
    """The training set's mean and standard deviation, kept in the graph: callers send [0, 1] pixels."""

    def __init__(self, mean, std):
        super().__init__()
        self.register_buffer("mean", torch.tensor(mean).view(1, 1, 1, 1))
        self.register_buffer("std", torch.tensor(std).view(1, 1, 1, 1))

    def forward(self, x):
        return (x - self.mean) / self.std


def model(mean, std):
    return nn.Sequential(
        Normalize(mean, std),
        nn.Conv2d(1, 16, 3, padding=1), nn.BatchNorm2d(16), nn.ReLU(), nn.MaxPool2d(2),
        nn.Conv2d(16, 32, 3, padding=1), nn.BatchNorm2d(32), nn.ReLU(), nn.MaxPool2d(2),
        nn.Flatten(), nn.Linear(32 * 7 * 7, 64), nn.ReLU(), nn.Linear(64, len(LABELS)))


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--epochs", type=int, default=2)
    parser.add_argument("--out", default="examples/pytorch/fashion-cnn.onnx")
    args = parser.parse_args()
    torch.manual_seed(0)
    torch.set_num_threads(1)
    images = torch.from_numpy(read_idx(f"{DATA}/train-images-idx3-ubyte.gz").astype(np.float32) / 255).unsqueeze(1)
    labels = torch.from_numpy(read_idx(f"{DATA}/train-labels-idx1-ubyte.gz").astype(np.int64))
    net = model(images.mean().item(), images.std().item())
    optimiser = torch.optim.SGD(net.parameters(), lr=0.05, momentum=0.9)
    for epoch in range(args.epochs):
        net.train()
        order = torch.randperm(len(images))
        for start in range(0, len(images), 128):
            batch = order[start:start + 128]
            optimiser.zero_grad()
            loss = nn.functional.cross_entropy(net(images[batch]), labels[batch])
            loss.backward()
            optimiser.step()
        print(f"epoch {epoch + 1}/{args.epochs}: last batch loss {loss.item():.3f}")
    net.eval()
    torch.onnx.export(net, torch.zeros(1, 1, 28, 28), args.out, input_names=["input"], output_names=["logits"],
                      dynamic_axes={"input": {0: "batch"}, "logits": {0: "batch"}}, opset_version=13)
    exported = onnx.load(args.out)
    for key, value in (("cardeck.dataset", "fashion-mnist"), ("cardeck.labels", json.dumps(LABELS))):
        entry = exported.metadata_props.add()
        entry.key, entry.value = key, value
    onnx.save(exported, args.out)
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
