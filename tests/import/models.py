"""PyTorch's side of the import tests (tests/import/import_e2e_test.sh), run by Python with torch.

  models.py make DIR [STEPS]
      DIR/conv_vae.pt     a small conv VAE (trained STEPS steps on sprites), torch.jit.script, with encode
                          (mean, logvar), decode, latent_dim
      DIR/generator.pt    an MLP generator, torch.jit.trace, no attributes: DIR/generator.json says its latent size
      DIR/slow.pt         a decoder that takes a second or more a call (the window must not wait for it)
      DIR/state_dict.pt   the VAE's state_dict saved with torch.save: not TorchScript, must be refused
  models.py compare EXPORTED.pt LATENTLAB.png DIMS STEPS RANGE
      torch.jit.load the file `latentlab-cli export` wrote, decode the codes of `latentlab-cli traverse` (DIMS
      swept from -RANGE to RANGE in STEPS, the rest 0) and compare with the PNG LatentLab's own decoder made.
"""
import json
import os
import sys
from typing import Tuple

import torch
from torch import nn

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from png_diff import read_png  # noqa: E402


class ConvVae(nn.Module):
    latent_dim: int
    pixel_range: str

    def __init__(self, latent: int = 8):
        super().__init__()
        self.latent_dim = latent
        self.pixel_range = "logits"
        # 1x64x64 images (the built-in shapes data): 64 -> 32 -> 16 -> 8 and back.
        self.enc = nn.Sequential(nn.Conv2d(1, 16, 4, 2, 1), nn.ReLU(), nn.Conv2d(16, 32, 4, 2, 1), nn.ReLU(),
                                 nn.Conv2d(32, 32, 4, 2, 1), nn.ReLU(), nn.Flatten(), nn.Linear(32 * 8 * 8, 2 * latent))
        self.dec_fc = nn.Linear(latent, 32 * 8 * 8)
        self.dec = nn.Sequential(nn.ConvTranspose2d(32, 32, 4, 2, 1), nn.ReLU(), nn.ConvTranspose2d(32, 16, 4, 2, 1),
                                 nn.ReLU(), nn.ConvTranspose2d(16, 1, 4, 2, 1))

    @torch.jit.export
    def encode(self, x: torch.Tensor) -> Tuple[torch.Tensor, torch.Tensor]:
        h = self.enc(x)
        return h[:, :self.latent_dim], h[:, self.latent_dim:]

    @torch.jit.export
    def decode(self, z: torch.Tensor) -> torch.Tensor:
        return self.dec(torch.relu(self.dec_fc(z)).view(-1, 32, 8, 8))

    def forward(self, z: torch.Tensor) -> torch.Tensor:
        return self.decode(z)


class Generator(nn.Module):
    def __init__(self, latent: int = 6):
        super().__init__()
        self.net = nn.Sequential(nn.Linear(latent, 64), nn.LeakyReLU(0.2), nn.Linear(64, 3 * 16 * 16), nn.Tanh())

    def forward(self, z):
        return self.net(z).view(-1, 3, 16, 16)


class SlowDecoder(nn.Module):
    """A decoder that takes a second or more a call whatever the batch (a large model, for the window's tests):
    300 rounds of a 512x1024x1024 product, 320 GFLOP, 1.6 s at 200 GFLOP/s (80 rounds took 0.4 s on a fast core)."""
    latent_dim: int

    def __init__(self, rounds: int):
        super().__init__()
        self.latent_dim = 4
        self.rounds = rounds
        self.w = nn.Parameter(torch.randn(1024, 1024) / 32)
        self.out = nn.Linear(4, 32 * 32)

    def decode(self, z: torch.Tensor) -> torch.Tensor:
        h = torch.ones(512, 1024)
        for _ in range(self.rounds):
            h = torch.tanh(torch.mm(h, self.w))
        return torch.sigmoid(self.out(z) + h.mean() * 0.0).view(-1, 1, 32, 32)

    def forward(self, z: torch.Tensor) -> torch.Tensor:
        return self.decode(z)


def sprites(count: int) -> torch.Tensor:
    """Filled discs and squares of random sizes and places on 64x64, like the built-in shapes data."""
    yy, xx = torch.meshgrid(torch.arange(64.0), torch.arange(64.0), indexing="ij")
    cx, cy = torch.rand(count, 1, 1) * 36 + 14, torch.rand(count, 1, 1) * 36 + 14
    r = torch.rand(count, 1, 1) * 8 + 4
    disc = (xx - cx) ** 2 + (yy - cy) ** 2 <= r ** 2
    square = ((xx - cx).abs() <= r) & ((yy - cy).abs() <= r)
    return torch.where(torch.rand(count, 1, 1) < 0.5, disc, square).float().unsqueeze(1)


def train(vae: ConvVae, steps: int) -> None:
    """A short training, so that the window shows blobs that move with the sliders rather than flat grey."""
    optimizer = torch.optim.Adam(vae.parameters(), lr=2e-3)
    for _ in range(steps):
        x = sprites(32)
        mean, logvar = vae.encode(x)
        z = mean + torch.randn_like(mean) * torch.exp(0.5 * logvar)
        recon = nn.functional.binary_cross_entropy_with_logits(vae.decode(z), x, reduction="sum") / 32
        kl = -0.5 * torch.sum(1 + logvar - mean ** 2 - logvar.exp()) / 32
        optimizer.zero_grad()
        (recon + kl).backward()
        optimizer.step()


def make(folder: str, steps: int) -> None:
    torch.manual_seed(0)
    vae = ConvVae()
    train(vae, steps)
    vae.eval()
    torch.jit.save(torch.jit.script(vae), f"{folder}/conv_vae.pt")
    torch.save(vae.state_dict(), f"{folder}/state_dict.pt")
    gen = Generator().eval()
    torch.jit.save(torch.jit.trace(gen, torch.randn(2, 6)), f"{folder}/generator.pt")
    with open(f"{folder}/generator.json", "w") as f:
        json.dump({"latent_dim": 6, "pixel_range": "tanh"}, f)
    torch.jit.save(torch.jit.script(SlowDecoder(300)), f"{folder}/slow.pt")
    print(f"wrote conv_vae.pt, generator.pt (+ generator.json), slow.pt and state_dict.pt to {folder}")


def compare(exported: str, png: str, dims: str, steps: int, sweep: float) -> None:
    model = torch.jit.load(exported)
    latent, pixel_range = model.latent_dim, model.pixel_range
    print(f"{exported}: latent_dim {latent}, pixel_range {pixel_range}, encode: {hasattr(model, 'encode')}")
    codes = []
    for d in [int(x) for x in dims.split(",")]:
        for s in range(steps):
            z = torch.zeros(latent)
            z[d] = -sweep + 2 * sweep * s / (steps - 1)
            codes.append(z)
    with torch.no_grad():
        out = model.decode(torch.stack(codes))
    pixels = {"logits": torch.sigmoid(out), "tanh": (out + 1) * 0.5, "probabilities": out}[pixel_range]
    tiles = (pixels.clamp(0, 1) * 255 + 0.5).to(torch.uint8).permute(0, 2, 3, 1)  # N x H x W x C
    width, height, channels, rows = read_png(png)
    n, h, w, c = tiles.shape
    grid = torch.frombuffer(bytearray(rows), dtype=torch.uint8).view(height, width, channels)
    assert c == channels, f"LatentLab's PNG has {channels} channels, Python's images {c}"
    gap, worst = 2, 0
    for i in range(n):  # makeGrid: `steps` columns, 2 pixels between tiles
        x0, y0 = gap + (i % steps) * (w + gap), gap + (i // steps) * (h + gap)
        ours = grid[y0:y0 + h, x0:x0 + w].int()
        worst = max(worst, int((ours - tiles[i].int()).abs().max()))
    print(f"{n} images of {c}x{h}x{w}: largest difference {worst} (of 255)")
    if tiles.float().std() < 0.5:
        sys.exit("FAIL: the decoded images are all alike: comparing them shows nothing")
    if worst > 1:
        sys.exit(f"FAIL: Python's torch.jit.load of {exported} decodes images that differ from LatentLab's by {worst}")
    if model.latentlab_model.startswith("vae") and not hasattr(model, "encode"):
        sys.exit("FAIL: an exported VAE has no encode")
    if hasattr(model, "encode"):
        mean, logvar = model.encode(torch.rand(2, c, h, w))
        assert mean.shape == (2, latent) and logvar.shape == (2, latent), (mean.shape, logvar.shape)


if __name__ == "__main__":
    if sys.argv[1] == "make":
        make(sys.argv[2], int(sys.argv[3]) if len(sys.argv) > 3 else 0)
    elif sys.argv[1] == "compare":
        compare(sys.argv[2], sys.argv[3], sys.argv[4], int(sys.argv[5]), float(sys.argv[6]))
    else:
        sys.exit(__doc__)
