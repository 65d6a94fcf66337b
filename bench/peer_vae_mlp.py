#!/usr/bin/env python3
"""The Python peer for bench_train: the classic PyTorch VAE example (784-400-20, batch 128, Adam 1e-3) for one
Fashion-MNIST epoch on one thread, with the data already in memory as one tensor. Prints seconds and loss.
Needs python3-torch (Debian) or pip's torch. Usage: bench/peer_vae_mlp.py [--threads 1]"""
import argparse, gzip, struct, time

import torch
import torch.nn.functional as F
from torch import nn

def idx(path):
    with gzip.open(path) as f:
        data = f.read()
    magic, n = struct.unpack(">II", data[:8])
    if magic == 2051:
        return torch.frombuffer(bytearray(data[16:]), dtype=torch.uint8).view(n, 1, 28, 28)
    return torch.frombuffer(bytearray(data[8:]), dtype=torch.uint8).long()

class VAE(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc1, self.fc21, self.fc22 = nn.Linear(784, 400), nn.Linear(400, 20), nn.Linear(400, 20)
        self.fc3, self.fc4 = nn.Linear(20, 400), nn.Linear(400, 784)
    def forward(self, x):
        h = F.relu(self.fc1(x.view(-1, 784)))
        mu, logvar = self.fc21(h), self.fc22(h)
        z = mu + torch.randn_like(mu) * torch.exp(0.5 * logvar)
        return self.fc4(F.relu(self.fc3(z))), mu, logvar

def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--threads", type=int, default=1)
    args = parser.parse_args()
    torch.set_num_threads(args.threads)
    torch.manual_seed(1)
    images = idx("/usr/share/datasets/fashion-mnist/train-images-idx3-ubyte.gz")
    model = VAE()
    opt = torch.optim.Adam(model.parameters(), lr=1e-3)
    start, total = time.time(), 0.0
    perm = torch.randperm(len(images))
    for i in range(0, len(images), 128):
        x = images[perm[i:i + 128]].float().div_(255).view(-1, 784)
        logits, mu, logvar = model(x)
        loss = F.binary_cross_entropy_with_logits(logits, x, reduction="sum") \
            - 0.5 * torch.sum(1 + logvar - mu.pow(2) - logvar.exp())
        opt.zero_grad()
        loss.backward()
        opt.step()
        total += loss.item()
    print(f"python peer: {time.time() - start:.2f} s/epoch, train loss {total / len(images):.1f}")

if __name__ == "__main__":
    main()
