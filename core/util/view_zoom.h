#pragma once
// Zooming a view at a point (the wheel at the mouse), one axis at a time: the value under the point stays under
// it. Plots and the scatter zoom this way.
namespace latentlab {

// A view of [center - half, center + half] zoomed by `factor` (< 1: in) about the value `at`.
inline void zoomAbout(double& center, double& half, double at, double factor) {
  center = at + (center - at) * factor;
  half *= factor;
}

}  // namespace latentlab
