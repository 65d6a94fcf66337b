#!/usr/bin/python3
"""The Python peer of vae-conv at 28 px (core/models/layers.cpp, convEncoder/convDecoder; runner/vae_runner.cpp),
layer by layer: conv 1-32 and 32-64 (4x4, stride 2), 3136-256-40; 20-256-3136, deconv 64-32 and 32-1. Batch 64,
Adam 1e-3, Bernoulli loss per image. Prints one JSON line like build/bench/latentlab_train_speed.
Usage: bench/peer_vae_conv.py [--threads 1] [--steps 150]"""
import torch
import torch.nn.functional as F
from torch import nn

from peer_common import arguments, run


class VAE(nn.Module):
    def __init__(self, latent=20):
        super().__init__()
        self.encoder = nn.Sequential(nn.Conv2d(1, 32, 4, 2, 1), nn.ReLU(), nn.Conv2d(32, 64, 4, 2, 1), nn.ReLU(),
                                     nn.Flatten(), nn.Linear(64 * 7 * 7, 256), nn.ReLU(), nn.Linear(256, 2 * latent))
        self.decoder = nn.Sequential(nn.Linear(latent, 256), nn.ReLU(), nn.Linear(256, 64 * 7 * 7), nn.ReLU(),
                                     nn.Unflatten(1, (64, 7, 7)), nn.ConvTranspose2d(64, 32, 4, 2, 1), nn.ReLU(),
                                     nn.ConvTranspose2d(32, 1, 4, 2, 1))

    def forward(self, x):
        mu, logvar = self.encoder(x).chunk(2, 1)
        z = mu + torch.randn_like(mu) * torch.exp(0.5 * logvar)
        return self.decoder(z), mu, logvar


def main():
    args = arguments("vae-conv", 64, 150)
    model = VAE()
    opt = torch.optim.Adam(model.parameters(), lr=1e-3)

    def step(x):
        logits, mu, logvar = model(x)
        loss = (F.binary_cross_entropy_with_logits(logits, x, reduction="sum")
                - 0.5 * torch.sum(1 + logvar - mu.pow(2) - logvar.exp())) / x.size(0)
        opt.zero_grad()
        loss.backward()
        opt.step()
        return loss.item()

    run("vae-conv", args, step)


if __name__ == "__main__":
    main()
