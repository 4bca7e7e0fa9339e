#!/usr/bin/env python3
"""PyTorch peer of `bench`: torchvision's DenseNet121 with one output on the CPU, timed the way
the project's benchmark times its own path (warm-up, then timed iterations), in both of PyTorch's
CPU memory layouts (NCHW and channels_last); the faster of the two is what a speed-minded user runs.

    /usr/bin/python3 torch_densenet121.py [size=150] [batch=8] [threads=2]

Needs Debian's python3-torch and python3-torchvision. Prints 'peer inference img/s X' and
'peer training img/s Y' (BatchNorm training, Adam, binary cross-entropy) and a detail line."""
import sys
import time

import torch
import torchvision


def main():
    size, batch, threads = (int(a) for a in (sys.argv[1:] + ["150", "8", "2"][len(sys.argv) - 1:])[:3])
    torch.set_num_threads(threads)
    results = {}
    for name, layout in (("NCHW", torch.contiguous_format), ("channels_last", torch.channels_last)):
        results[name] = measure(size, batch, layout)
    best_inference = max(r[0] for r in results.values())
    best_training = max(r[1] for r in results.values())
    print(f"peer inference img/s {best_inference:.2f}  (PyTorch {torch.__version__}, size={size} batch={batch} threads={threads})")
    print(f"peer training img/s {best_training:.2f}  (PyTorch {torch.__version__}, size={size} batch={batch} threads={threads})")
    print("detail: " + ", ".join(f"{k} {v[0]:.2f} / {v[1]:.2f} img/s" for k, v in results.items()) + " (inference / training)")


def per_second(step, batch, warm, timed):
    for _ in range(warm):
        step()
    start = time.perf_counter()
    for _ in range(timed):
        step()
    return batch * timed / (time.perf_counter() - start)


def measure(size, batch, layout):
    torch.manual_seed(0)
    net = torchvision.models.densenet121(num_classes=1).to(memory_format=layout)
    x = torch.rand(batch, 3, size, size).to(memory_format=layout)
    target = torch.zeros(batch, 1)
    net.eval()
    with torch.no_grad():
        inference = per_second(lambda: net(x), batch, 3, 10)
    net.train()
    optimiser = torch.optim.Adam(net.parameters(), 1e-4)
    loss = torch.nn.BCEWithLogitsLoss()

    def step():
        optimiser.zero_grad()
        loss(net(x), target).backward()
        optimiser.step()

    training = per_second(step, batch, 2, 5)
    return inference, training


if __name__ == "__main__":
    main()
