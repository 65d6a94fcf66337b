#pragma once
// A 2D pad: drags two latent dimensions at once, as GAN Lab's and the StyleGAN3 visualizer's latent widgets do.
// Dear ImGui has no 2D slider, so it is an InvisibleButton for the mouse and the draw list for the picture: the
// range as a square with its axes, the prior's 1 and 2 standard deviations as circles, the current point, and
// the two dimensions' names on the axes.
namespace latentlab {

struct PadResult {
  bool changed = false;   // x or y moved this frame
  bool released = false;  // a drag ended this frame (the code goes into the history then)
};

// A pad of `side` pixels over [-range, range] on both axes; x grows to the right, y upwards.
PadResult latentPad(const char* id, float side, float range, float& x, float& y, const char* xLabel,
                    const char* yLabel);

}  // namespace latentlab
