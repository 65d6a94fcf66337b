#include "panels/scatter_panel.h"

#include <imgui.h>

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "explorer.h"
#include "layout.h"
#include "panels/panel_util.h"
#include "test_report.h"
#include "util/error.h"

namespace latentlab {

namespace {

// Ten well-separated label colours (Tableau 10).
const float kPalette[10][3] = {{0.12f, 0.47f, 0.71f}, {1.0f, 0.5f, 0.05f},  {0.17f, 0.63f, 0.17f}, {0.84f, 0.15f, 0.16f},
                               {0.58f, 0.4f, 0.74f},  {0.55f, 0.34f, 0.29f}, {0.89f, 0.47f, 0.76f}, {0.5f, 0.5f, 0.5f},
                               {0.74f, 0.74f, 0.13f}, {0.09f, 0.75f, 0.81f}};

// Viridis (matplotlib's default colormap) through five stops: dark blue for low values, yellow for high ones,
// readable by colour-blind viewers and monotonic in lightness.
void colormap(float t, float& r, float& g, float& b) {
  static const float kStops[5][3] = {{0.267f, 0.005f, 0.329f}, {0.229f, 0.322f, 0.545f}, {0.128f, 0.567f, 0.551f},
                                     {0.369f, 0.789f, 0.383f}, {0.993f, 0.906f, 0.144f}};
  const float x = std::clamp(t, 0.0f, 1.0f) * 4.0f;
  const int i = std::min(int(x), 3);
  const float f = x - float(i);
  r = kStops[i][0] + f * (kStops[i + 1][0] - kStops[i][0]);
  g = kStops[i][1] + f * (kStops[i + 1][1] - kStops[i][1]);
  b = kStops[i][2] + f * (kStops[i + 1][2] - kStops[i][2]);
}

// A horizontal colour bar from `low` to `high` with their values at the ends: the legend of a continuous colour.
void colourBar(const char* name, float low, float high) {
  ImGui::Text("%s  %.3g", name, double(low));
  ImGui::SameLine();
  const ImVec2 at = ImGui::GetCursorScreenPos();
  const float width = 160, height = ImGui::GetTextLineHeight();
  ImDrawList* draw = ImGui::GetWindowDrawList();
  for (int i = 0; i < 32; ++i) {
    float r, g, b;
    colormap((float(i) + 0.5f) / 32, r, g, b);
    draw->AddRectFilled(ImVec2(at.x + width * float(i) / 32, at.y), ImVec2(at.x + width * float(i + 1) / 32, at.y + height),
                        ImColor(r, g, b));
  }
  ImGui::Dummy(ImVec2(width, height));
  ImGui::SameLine();
  ImGui::Text("%.3g", double(high));
}

}  // namespace

void ScatterPanel::rebuild(const LatentCodes& codes) {
  const int dims = codes.dims;
  const int64_t n = codes.count;
  const std::vector<float>* umap = embedding_.layout(codes);  // UMAP axes: null until a layout arrives, PCA meanwhile
  auto needsPca = [&](int axis) { return axis == -1 || axis == -2 || (ScatterEmbedding::isAxis(axis) && !umap); };
  std::vector<float> projected;
  if (needsPca(axisX_) || needsPca(axisY_)) projected = project(codes.codes, dims, principalAxes(codes.codes, dims, 2));
  auto coordinate = [&](int64_t i, int axis) {
    if (ScatterEmbedding::isAxis(axis)) {
      const size_t c = size_t(ScatterEmbedding::component(axis));
      return umap ? (*umap)[size_t(i) * 2 + c] : projected[size_t(i) * 2 + c];
    }
    if (axis >= 0) return codes.codes[size_t(i) * size_t(dims) + size_t(std::min(axis, dims - 1))];
    return projected[size_t(i) * 2 + size_t(-axis - 1)];
  };
  const size_t factorCount = codes.factorNames.size();
  float& fmin = factorMin_;
  float& fmax = factorMax_;
  fmin = INFINITY, fmax = -INFINITY;
  if (colourBy_ > 0 && size_t(colourBy_) <= factorCount)
    for (int64_t i = 0; i < n; ++i) {
      const float f = codes.factors[size_t(i) * factorCount + size_t(colourBy_ - 1)];
      fmin = std::min(fmin, f);
      fmax = std::max(fmax, f);
    }
  std::vector<ScatterPoint> points(static_cast<size_t>(n));
  xs_.resize(size_t(n));
  ys_.resize(size_t(n));
  for (int64_t i = 0; i < n; ++i) {
    ScatterPoint& p = points[size_t(i)];
    p.x = xs_[size_t(i)] = coordinate(i, axisX_);
    p.y = ys_[size_t(i)] = coordinate(i, axisY_);
    if (!codes.scores.empty()) {
      colormap(codes.scores[size_t(i)], p.r, p.g, p.b);
    } else if (colourBy_ > 0 && size_t(colourBy_) <= factorCount) {
      const float f = codes.factors[size_t(i) * factorCount + size_t(colourBy_ - 1)];
      colormap((f - fmin) / std::max(fmax - fmin, 1e-6f), p.r, p.g, p.b);
    } else {
      const int label = codes.labels.empty() ? 0 : codes.labels[size_t(i)];
      const float* c = kPalette[size_t(label) % 10];
      p.r = c[0], p.g = c[1], p.b = c[2];
    }
  }
  renderer_->setPoints(points);
  // Fit the view to the central 99% of the points, so a few outliers do not shrink the cloud to a dot.
  auto range = [](std::vector<float> v, float& lo, float& hi) {
    if (v.empty()) return;
    std::sort(v.begin(), v.end());
    lo = v[size_t(double(v.size()) * 0.005)];
    hi = v[std::min(v.size() - 1, size_t(double(v.size()) * 0.995))];
  };
  range(xs_, minX_, maxX_);
  range(ys_, minY_, maxY_);
}

void ScatterPanel::draw(Explorer& ex) {
  placeNext("Latent scatter");
  if (!ImGui::Begin("Latent scatter")) {
    ImGui::End();
    return;
  }
  if (!renderer_ && rendererError_.empty()) {
    try {
      renderer_ = std::make_unique<ScatterRenderer>();
    } catch (const Error& e) {
      rendererError_ = e.what();
    }
  }
  if (!rendererError_.empty()) {
    ImGui::TextColored(ImVec4(1, 0.4f, 0.3f, 1), "%s", rendererError_.c_str());
    ImGui::End();
    return;
  }
  const auto snap = ex.snapshot;
  const auto codes = snap ? snap->latents : nullptr;
  if (!codes || codes->count == 0) {
    ImGui::TextDisabled("the data set's latent codes appear a few seconds after a run starts");
    ImGui::End();
    return;
  }

  // Axis and colour choices.
  auto axisName = [](int axis) {
    if (ScatterEmbedding::isAxis(axis)) return ScatterEmbedding::axisName(axis);
    return axis >= 0 ? "z" + std::to_string(axis) : "PCA " + std::to_string(-axis);
  };
  for (int* axis : {&axisX_, &axisY_}) {
    ImGui::SetNextItemWidth(90);
    if (ImGui::BeginCombo(axis == &axisX_ ? "x" : "y", axisName(*axis).c_str())) {
      embedding_.drawAxisChoice(axisX_, axisY_);  // UMAP (scatter_embedding.h)
      for (int a = -2; a < codes->dims; ++a)
        if (ImGui::Selectable(axisName(a).c_str(), *axis == a)) *axis = a;
      ImGui::EndCombo();
    }
    markItem(axis == &axisX_ ? "scatter_x" : "scatter_y");  // GUI tests open the axis combos
    tooltip("A latent dimension, a principal axis of all the codes, or UMAP");
    ImGui::SameLine();
  }
  if (codes->scores.empty() && !codes->factorNames.empty()) {
    ImGui::SetNextItemWidth(110);
    std::string current = colourBy_ == 0 ? "label" : codes->factorNames[size_t(colourBy_ - 1)];
    if (ImGui::BeginCombo("colour", current.c_str())) {
      if (ImGui::Selectable("label", colourBy_ == 0)) colourBy_ = 0;
      for (size_t f = 0; f < codes->factorNames.size(); ++f)
        if (ImGui::Selectable(codes->factorNames[f].c_str(), colourBy_ == int(f) + 1)) colourBy_ = int(f) + 1;
      ImGui::EndCombo();
    }
    tooltip("Colour the points by their label or by a true generative factor of the shapes");
    ImGui::SameLine();
  }
  if (ImGui::Button("Fit")) {
    fitView_ = true;
    userMovedView_ = false;
  }
  tooltip("Show all the points again (wheel zooms, dragging pans)");
  sameLineIfRoom(ImGui::CalcTextSize("00000 points, step 00000").x);  // wraps in a narrow window (layout test)
  ImGui::TextDisabled("%lld points, step %lld", (long long)codes->count, (long long)codes->step);
  // UMAP axes: computed in the background for these codes; its progress on this line.
  embedding_.update(*codes, ex.runGeneration(), ScatterEmbedding::isAxis(axisX_) || ScatterEmbedding::isAxis(axisY_));
  embedding_.drawStatus();

  const bool newRun = ex.runGeneration() != builtRun_;
  if (codes->version != builtVersion_ || newRun || axisX_ != builtX_ || axisY_ != builtY_ ||
      colourBy_ != builtColour_ || embedding_.generation() != builtEmbedding_) {
    // Another run's codes lie elsewhere: start from a fitted view, and forget the old run's hover image.
    if (newRun) {
      userMovedView_ = false;
      hoverShown_ = -1;
    }
    // The cloud grows as training spreads the codes: follow it until the user zooms or pans.
    if (builtX_ != axisX_ || builtY_ != axisY_ || !userMovedView_) fitView_ = true;
    rebuild(*codes);
    builtVersion_ = codes->version;
    builtRun_ = ex.runGeneration();
    builtX_ = axisX_;
    builtY_ = axisY_;
    builtColour_ = colourBy_;
    builtEmbedding_ = embedding_.generation();
  }

  // Legend on one line.
  if (codes->scores.empty() && colourBy_ == 0 && !codes->classNames.empty()) {
    for (size_t c = 0; c < codes->classNames.size() && c < 10; ++c) {
      const float* rgb = kPalette[c];
      ImGui::TextColored(ImVec4(rgb[0], rgb[1], rgb[2], 1), "%s", codes->classNames[c].c_str());
      ImGui::SameLine();
    }
    ImGui::NewLine();
  } else if (!codes->scores.empty()) {
    colourBar("D(G(z)):", 0.0f, 1.0f);
    tooltip("The discriminator's belief that the image of this code is real");
  } else if (colourBy_ > 0 && size_t(colourBy_) <= codes->factorNames.size()) {
    colourBar((codes->factorNames[size_t(colourBy_ - 1)] + ":").c_str(), factorMin_, factorMax_);
    tooltip("The true value of this generative factor for each image");
  }

  const ImVec2 origin = ImGui::GetCursorScreenPos();
  const ImVec2 size(std::max(ImGui::GetContentRegionAvail().x, 64.0f), std::max(ImGui::GetContentRegionAvail().y, 64.0f));
  if (fitView_) {
    view_.centerX = 0.5f * (minX_ + maxX_);
    view_.centerY = 0.5f * (minY_ + maxY_);
    const float half = 0.55f * std::max({maxX_ - minX_, (maxY_ - minY_) * size.x / size.y, 1e-3f});
    view_.halfWidth = half;
    view_.halfHeight = half * size.y / size.x;
    fitView_ = false;
  }
  renderer_->render(int(size.x), int(size.y), view_, codes->count > 20000 ? 2.0f : 4.0f);
  // The plot is a button so that a drag pans the view instead of moving the window.
  ImGui::InvisibleButton("##scatter", size);
  markItem("scatter");
  const bool hovered = ImGui::IsItemHovered();
  const bool dragging = ImGui::IsItemActive() && ImGui::IsMouseDragging(ImGuiMouseButton_Left);
  const ImGuiIO& io = ImGui::GetIO();
  // A press and release that hardly moved is a click, not a pan.
  const bool clicked = ImGui::IsItemDeactivated() && io.MouseDragMaxDistanceSqr[ImGuiMouseButton_Left] < 9.0f;
  ImDrawList* draw = ImGui::GetWindowDrawList();
  draw->AddImage(renderer_->imguiId(), origin, ImVec2(origin.x + size.x, origin.y + size.y));
  auto toScreen = [&](float x, float y) {
    return ImVec2(origin.x + (0.5f + 0.5f * (x - view_.centerX) / view_.halfWidth) * size.x,
                  origin.y + (0.5f - 0.5f * (y - view_.centerY) / view_.halfHeight) * size.y);
  };
  if (hovered && io.MouseWheel != 0) {
    const float factor = io.MouseWheel > 0 ? 0.8f : 1.25f;
    view_.halfWidth *= factor;
    view_.halfHeight *= factor;
    userMovedView_ = true;
  }
  if (dragging) {
    view_.centerX -= io.MouseDelta.x / size.x * 2 * view_.halfWidth;
    view_.centerY += io.MouseDelta.y / size.y * 2 * view_.halfHeight;
    userMovedView_ = true;
  }

  // Nearest point under the mouse (only while hovering: 70k distances are cheap once a frame).
  hoverIndex_ = -1;
  if (hovered && !dragging) {
    float best = 64.0f;  // squared pixels
    for (size_t i = 0; i < xs_.size(); ++i) {
      const ImVec2 p = toScreen(xs_[i], ys_[i]);
      const float d = (p.x - io.MousePos.x) * (p.x - io.MousePos.x) + (p.y - io.MousePos.y) * (p.y - io.MousePos.y);
      if (d < best) {
        best = d;
        hoverIndex_ = int(i);
      }
    }
  }
  if (hoverIndex_ >= 0) {
    ImGui::BeginTooltip();
    if (hoverIndex_ != hoverShown_) {
      hoverTexture_.update(ex.dataImage(hoverIndex_));  // a VAE's data image; a GAN's codes have none
      hoverShown_ = ex.dataImage(hoverIndex_).empty() ? -1 : hoverIndex_;
    }
    if (hoverShown_ == hoverIndex_) ImGui::Image(hoverTexture_.imguiId(), ImVec2(112, 112));
    ImGui::Text("#%d", hoverIndex_);
    if (!codes->labels.empty()) {
      const int label = codes->labels[size_t(hoverIndex_)];
      ImGui::Text("%s", size_t(label) < codes->classNames.size() ? codes->classNames[size_t(label)].c_str() : "?");
    }
    if (!codes->scores.empty()) ImGui::Text("D score %.3f", double(codes->scores[size_t(hoverIndex_)]));
    ImGui::TextDisabled("click: sliders to this code; shift+click: pick for interpolation");
    ImGui::EndTooltip();
    if (clicked) {
      if (io.KeyShift) {
        (pickSecond_ ? ex.pickB : ex.pickA) = hoverIndex_;
        pickSecond_ = !pickSecond_;
      } else {
        ex.setCodeFromPoint(hoverIndex_);
      }
    }
  }
  for (auto [index, name] : {std::pair{ex.pickA, "A"}, std::pair{ex.pickB, "B"}}) {
    if (index < 0 || size_t(index) >= xs_.size()) continue;
    const ImVec2 p = toScreen(xs_[size_t(index)], ys_[size_t(index)]);
    draw->AddCircle(p, 7, IM_COL32(255, 255, 255, 255), 16, 2.0f);
    draw->AddText(ImVec2(p.x + 8, p.y - 8), IM_COL32(255, 255, 255, 255), name);
  }
  ImGui::End();
}

}  // namespace latentlab
