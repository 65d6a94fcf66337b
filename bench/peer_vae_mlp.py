#!/usr/bin/python3
"""The Python peer of vae-mlp (core/models/vae.cpp, runner/vae_runner.cpp): the classic PyTorch VAE example,
784-400-20, batch 128, Adam 1e-3, one Fashion-MNIST epoch of whole batches (468 steps) by default, the data in
memory. Prints one JSON line like build/bench/latentlab_train_speed (the loss per image, as ours reports it).
Needs python3-torch (Debian) or pip's torch. Usage: bench/peer_vae_mlp.py [--threads 1] [--steps 468]"""
import torch
import torch.nn.functional as F
from torch import nn

from peer_common import arguments, run


class VAE(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc1, self.fc2 = nn.Linear(784, 400), nn.Linear(400, 40)  # ours: one layer gives mu and logvar
        self.fc3, self.fc4 = nn.Linear(20, 400), nn.Linear(400, 784)

    def forward(self, x):
        mu, logvar = self.fc2(F.relu(self.fc1(x.view(-1, 784)))).chunk(2, 1)
        z = mu + torch.randn_like(mu) * torch.exp(0.5 * logvar)
        return self.fc4(F.relu(self.fc3(z))), mu, logvar


def main():
    args = arguments("vae-mlp", 128, 468)
    model = VAE()
    opt = torch.optim.Adam(model.parameters(), lr=1e-3)

    def step(x):
        x = x.view(-1, 784)
        logits, mu, logvar = model(x)
        loss = (F.binary_cross_entropy_with_logits(logits, x, reduction="sum")
                - 0.5 * torch.sum(1 + logvar - mu.pow(2) - logvar.exp())) / x.size(0)
        opt.zero_grad()
        loss.backward()
        opt.step()
        return loss.item()

    run("vae-mlp", args, step)


if __name__ == "__main__":
    main()
