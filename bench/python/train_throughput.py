#!/usr/bin/env python3
"""Training throughput of the zoo's LeNet-5 or ResNet-20 in plain PyTorch: the reference that
`bench/run training` (io.cardeck.bench.TrainingThroughput) sets the cardeck trainer against.

The networks are written out here layer for layer as libs/zoo builds them as ONNX (LeNet5.java,
ResNet20.java, LayerGraph.java): input 1x28x28 in [0, 1] normalised inside the model by
(x - 0.2860) / 0.3530, 10 classes, BatchNorm epsilon 1e-5 and momentum 0.1 (ONNX's 0.9), ResNet
shortcuts as 1x1 conv + BN where the shape changes (option B). One step is what the trainer's
Trainer.step does: zero the gradients, forward in training mode, mean cross-entropy, backward, SGD
(momentum 0.9, Nesterov, weight decay 5e-4, on every parameter), then the loss and the count of
correct predictions read back to the host. Prints one JSON object on stdout: images/s, CPU time and
minor page faults over the timed steps, and with --profile the self CPU time of each op.
"""
import argparse
import json
import resource
import sys
import time

import torch
from torch import nn
import torch.nn.functional as F

ARCHITECTURES = ("lenet5", "resnet20")
FASHION_MNIST_MEAN = 0.2860
FASHION_MNIST_STD = 0.3530
CLASSES = 10


class Normalise(nn.Module):
    """The zoo's normalisation: a Sub and a Div by constants, not parameters."""

    def __init__(self):
        super().__init__()
        self.register_buffer("mean", torch.tensor(FASHION_MNIST_MEAN).reshape(1, 1, 1, 1))
        self.register_buffer("std", torch.tensor(FASHION_MNIST_STD).reshape(1, 1, 1, 1))

    def forward(self, x):
        return (x - self.mean) / self.std


def lenet5():
    return nn.Sequential(
        Normalise(),
        nn.Conv2d(1, 6, 5, padding=2), nn.ReLU(), nn.MaxPool2d(2, 2),
        nn.Conv2d(6, 16, 5), nn.ReLU(), nn.MaxPool2d(2, 2),
        nn.Flatten(),
        nn.Linear(16 * 5 * 5, 120), nn.ReLU(),
        nn.Linear(120, 84), nn.ReLU(),
        nn.Linear(84, CLASSES))


def conv_bn(inputs, outputs, kernel, stride):
    # Convs before a BatchNorm have no bias, as in the zoo's graph.
    return nn.Sequential(nn.Conv2d(inputs, outputs, kernel, stride=stride, padding=kernel // 2, bias=False),
                         nn.BatchNorm2d(outputs, eps=1e-5, momentum=0.1))


class BasicBlock(nn.Module):
    def __init__(self, inputs, channels, stride):
        super().__init__()
        self.first = conv_bn(inputs, channels, 3, stride)
        self.second = conv_bn(channels, channels, 3, 1)
        self.shortcut = conv_bn(inputs, channels, 1, stride) if stride != 1 or inputs != channels else nn.Identity()

    def forward(self, x):
        return F.relu(self.second(F.relu(self.first(x))) + self.shortcut(x))


def resnet20(width=1):
    base = 16 * width
    layers = [Normalise(), conv_bn(1, base, 3, 1), nn.ReLU()]
    inputs = base
    for stage in range(3):
        channels = base << stage
        for block in range(3):
            layers.append(BasicBlock(inputs, channels, 2 if stage > 0 and block == 0 else 1))
            inputs = channels
    layers += [nn.AdaptiveAvgPool2d(1), nn.Flatten(), nn.Linear(inputs, CLASSES)]
    return nn.Sequential(*layers)


def at_least(minimum):
    def parse(text):
        value = int(text)
        if value < minimum:
            raise argparse.ArgumentTypeError(f"must be at least {minimum}, got {value}")
        return value
    return parse


def arguments(argv):
    parser = argparse.ArgumentParser(description="Training throughput of the zoo's LeNet-5 / ResNet-20 in PyTorch.")
    parser.add_argument("--arch", required=True, choices=ARCHITECTURES)
    parser.add_argument("--threads", type=at_least(1), default=1, help="torch.set_num_threads (default 1)")
    parser.add_argument("--batch", type=at_least(2), default=128, help="BatchNorm needs 2 or more (default 128)")
    parser.add_argument("--warm-up", type=at_least(0), default=3, help="untimed steps first (default 3)")
    parser.add_argument("--steps", type=at_least(1), default=20, help="timed steps (default 20)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--profile", type=at_least(0), default=0, metavar="STEPS",
                        help="after the timed steps, profile STEPS more: self CPU time per op (default 0, none)")
    return parser.parse_args(argv)


def step(model, optimiser, images, labels):
    optimiser.zero_grad()
    logits = model(images)
    loss = F.cross_entropy(logits, labels)
    loss.backward()
    optimiser.step()
    return loss.item(), int((logits.argmax(1) == labels).sum().item())


def run_steps(model, optimiser, batches, steps):
    for s in range(steps):
        step(model, optimiser, *batches[s % len(batches)])


def blas_library():
    """The BLAS shared object this process mapped (Debian's torch links whatever libblas.so.3 points to)."""
    try:
        with open("/proc/self/maps") as maps:
            found = {line.split()[-1] for line in maps if "blas" in line.lower() and "/" in line}
        return ", ".join(sorted(found)) or "none mapped"
    except OSError:
        return "unknown"


def profile(model, optimiser, batches, steps):
    """Self CPU time per op (PyTorch's profiler, as the Java side reads it from the same profiler's trace)."""
    start = time.perf_counter()
    with torch.autograd.profiler.profile() as recorded:
        run_steps(model, optimiser, batches, steps)
    seconds = time.perf_counter() - start
    ops = [{"op": event.key, "self_ms": event.self_cpu_time_total / 1000, "calls": event.count}
           for event in recorded.key_averages()]
    return {"steps": steps, "seconds": seconds, "ops": ops}


def main(argv):
    args = arguments(argv)
    torch.set_num_threads(args.threads)
    torch.manual_seed(args.seed)
    model = lenet5() if args.arch == "lenet5" else resnet20()
    model.train()
    optimiser = torch.optim.SGD(model.parameters(), lr=0.1, momentum=0.9, nesterov=True, weight_decay=5e-4)
    # A few distinct batches, cycled: uniform pixels in [0, 1) and uniform labels, as the Java side feeds.
    batches = [(torch.rand(args.batch, 1, 28, 28), torch.randint(0, CLASSES, (args.batch,))) for _ in range(4)]
    run_steps(model, optimiser, batches, args.warm_up)
    faults_start = resource.getrusage(resource.RUSAGE_SELF).ru_minflt
    cpu_start = time.process_time()
    start = time.perf_counter()
    run_steps(model, optimiser, batches, args.steps)
    seconds = time.perf_counter() - start
    cpu_seconds = time.process_time() - cpu_start
    faults = resource.getrusage(resource.RUSAGE_SELF).ru_minflt - faults_start
    report = {
        "arch": args.arch,
        "batch": args.batch,
        "threads": torch.get_num_threads(),
        "steps": args.steps,
        "seconds": seconds,
        "cpu_seconds": cpu_seconds,
        "images_per_second": args.batch * args.steps / seconds,
        "minor_faults_per_step": faults / args.steps,
        "parameters": sum(p.numel() for p in model.parameters()),
        "torch": torch.__version__,
        "blas": blas_library(),
    }
    if args.profile:
        report["profile"] = profile(model, optimiser, batches, args.profile)
    json.dump(report, sys.stdout)
    print()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
