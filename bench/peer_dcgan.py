#!/usr/bin/python3
"""The Python peer of dcgan at 28 px (core/models/gan.cpp, buildDcgan28; runner/gan_runner.cpp), layer by layer:
G: 20-6272, BatchNorm1d, ReLU, deconv 128-64 (4x4, stride 2, no bias), BatchNorm2d, ReLU, deconv 64-1, tanh;
D: conv 1-64 and 64-128 (no bias), BatchNorm2d, LeakyReLU 0.2, 6272-1. Adam(1e-3, betas 0.5, 0.999), batch 64,
the same step order (D on real and G(z).detach(), then G on D(G(z))). Prints one JSON line like
build/bench/latentlab_train_speed (the mean discriminator loss). Usage: bench/peer_dcgan.py [--threads 1]"""
import torch
import torch.nn.functional as F
from torch import nn

from peer_common import arguments, run


def init(module):
    if isinstance(module, (nn.Conv2d, nn.ConvTranspose2d)):
        nn.init.normal_(module.weight, 0.0, 0.02)
    elif isinstance(module, (nn.BatchNorm1d, nn.BatchNorm2d)):
        nn.init.normal_(module.weight, 1.0, 0.02)
        nn.init.zeros_(module.bias)


def main():
    args = arguments("dcgan", 64, 100)
    latent = 20
    leaky = lambda: nn.LeakyReLU(0.2)
    gen = nn.Sequential(nn.Linear(latent, 128 * 7 * 7), nn.BatchNorm1d(128 * 7 * 7), nn.ReLU(),
                        nn.Unflatten(1, (128, 7, 7)), nn.ConvTranspose2d(128, 64, 4, 2, 1, bias=False),
                        nn.BatchNorm2d(64), nn.ReLU(), nn.ConvTranspose2d(64, 1, 4, 2, 1, bias=False), nn.Tanh())
    disc = nn.Sequential(nn.Conv2d(1, 64, 4, 2, 1, bias=False), leaky(), nn.Conv2d(64, 128, 4, 2, 1, bias=False),
                         nn.BatchNorm2d(128), leaky(), nn.Flatten(), nn.Linear(128 * 7 * 7, 1))
    gen.apply(init)
    disc.apply(init)
    opt_d = torch.optim.Adam(disc.parameters(), lr=1e-3, betas=(0.5, 0.999))
    opt_g = torch.optim.Adam(gen.parameters(), lr=1e-3, betas=(0.5, 0.999))
    bce = lambda logits, target: F.binary_cross_entropy_with_logits(logits, torch.full_like(logits, target))

    def step(x):
        opt_d.zero_grad()
        fake = gen(torch.randn(x.size(0), latent))
        loss_d = bce(disc(x * 2 - 1), 1.0) + bce(disc(fake.detach()), 0.0)
        loss_d.backward()
        opt_d.step()
        opt_g.zero_grad()
        loss_g = bce(disc(fake), 1.0)
        loss_g.backward()
        opt_g.step()
        return loss_d.item()

    run("dcgan", args, step)


if __name__ == "__main__":
    main()
