#pragma once
// The scatter's colours: ten label colours and a continuous map, shared by the points and the legend.
#include <algorithm>

namespace latentlab {

// Ten well-separated label colours (Tableau 10).
inline const float kScatterPalette[10][3] = {{0.12f, 0.47f, 0.71f}, {1.0f, 0.5f, 0.05f},  {0.17f, 0.63f, 0.17f},
                                             {0.84f, 0.15f, 0.16f}, {0.58f, 0.4f, 0.74f}, {0.55f, 0.34f, 0.29f},
                                             {0.89f, 0.47f, 0.76f}, {0.5f, 0.5f, 0.5f},   {0.74f, 0.74f, 0.13f},
                                             {0.09f, 0.75f, 0.81f}};

inline const float* labelColour(int label) { return kScatterPalette[size_t(std::max(label, 0)) % 10]; }

// Viridis (matplotlib's default colormap) through five stops: dark blue for low values, yellow for high ones,
// readable by colour-blind viewers and monotonic in lightness.
inline void viridis(float t, float& r, float& g, float& b) {
  static const float kStops[5][3] = {{0.267f, 0.005f, 0.329f},
                                     {0.229f, 0.322f, 0.545f},
                                     {0.128f, 0.567f, 0.551f},
                                     {0.369f, 0.789f, 0.383f},
                                     {0.993f, 0.906f, 0.144f}};
  const float x = std::clamp(t, 0.0f, 1.0f) * 4.0f;
  const int i = std::min(int(x), 3);
  const float f = x - float(i);
  r = kStops[i][0] + f * (kStops[i + 1][0] - kStops[i][0]);
  g = kStops[i][1] + f * (kStops[i + 1][1] - kStops[i][1]);
  b = kStops[i][2] + f * (kStops[i + 1][2] - kStops[i][2]);
}

}  // namespace latentlab
