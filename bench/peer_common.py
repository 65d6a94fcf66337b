"""What the Python peers share: Fashion-MNIST in memory, a timed loop of whole batches, one JSON line, printed the
same way as build/bench/latentlab_train_speed prints ours (images per second, mean training loss of the steps)."""
import argparse, gzip, json, struct, time

import torch

DATA = "/usr/share/datasets/fashion-mnist/train-images-idx3-ubyte.gz"


def images():
    with gzip.open(DATA) as f:
        data = f.read()
    magic, n = struct.unpack(">II", data[:8])
    assert magic == 2051, "not an idx image file"
    return torch.frombuffer(bytearray(data[16:]), dtype=torch.uint8).view(n, 1, 28, 28)


def arguments(name, batch, steps):
    parser = argparse.ArgumentParser(description=f"Python peer of {name}")
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--batch", type=int, default=batch)
    parser.add_argument("--steps", type=int, default=steps)
    args = parser.parse_args()
    torch.set_num_threads(args.threads)
    torch.manual_seed(1)
    return args


def run(name, args, step):
    """step(x) trains on one float batch in [0, 1] and returns its loss (a float)."""
    data = images()
    perm = torch.randperm(len(data))
    per_epoch = len(data) // args.batch
    start, total = time.time(), 0.0
    for i in range(args.steps):
        at = (i % per_epoch) * args.batch
        total += step(data[perm[at:at + args.batch]].float().div_(255))
    seconds = time.time() - start
    print(json.dumps({"side": "peer", "model": name, "threads": torch.get_num_threads(), "batch": args.batch,
                      "steps": args.steps, "seconds": round(seconds, 4),
                      "images_per_second": round(args.steps * args.batch / seconds, 1),
                      "mean_loss": round(total / args.steps, 4)}))
