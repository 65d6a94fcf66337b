#include "panels/loss_plot_panel.h"

#include <imgui.h>

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "explorer.h"
#include "layout.h"
#include "panels/panel_util.h"

namespace latentlab {

namespace {

const ImU32 kColours[] = {IM_COL32(90, 170, 255, 255), IM_COL32(255, 160, 60, 255), IM_COL32(120, 220, 120, 255),
                          IM_COL32(230, 90, 200, 255), IM_COL32(240, 230, 90, 255)};

float transform(float v, bool log) { return log ? std::log10(std::max(v, 1e-6f)) : v; }

}  // namespace

void LossPlotPanel::updateSmoothing(const Snapshot& snap) {
  const MetricsHistory& history = snap.history;
  const size_t series = history.series();
  const bool restart = smoothedWith_ != smoothing_ || smoothedGeneration_ != history.generation() ||
                       smoothedFirstStep_ != history.firstStep() || smoothed_.size() != series ||
                       (series > 0 && int64_t(smoothed_[0].size()) > history.rows());
  if (restart) {
    smoothedWith_ = smoothing_;
    smoothedGeneration_ = history.generation();
    smoothedFirstStep_ = history.firstStep();
    smoothed_.resize(series);
    for (auto& s : smoothed_) s.clear();
    emaAverage_.assign(series, 0.0);
    emaWeight_.assign(series, 0.0);
  }
  if (smoothing_ <= 0) return;  // the raw values are drawn; nothing to keep
  for (size_t s = 0; s < series; ++s) {
    // Exponential moving average with bias correction, as TensorBoard does, so the start is not dragged to 0.
    // Only the rows that arrived since the last call.
    double average = emaAverage_[s], weight = emaWeight_[s];
    for (int64_t row = int64_t(smoothed_[s].size()); row < history.rows(); ++row) {
      average = smoothing_ * average + (1 - smoothing_) * double(history.value(s, row));
      weight = smoothing_ * weight + (1 - smoothing_);
      smoothed_[s].push(float(average / weight));
    }
    emaAverage_[s] = average;
    emaWeight_[s] = weight;
  }
}

void LossPlotPanel::computeSpans(const MetricsHistory& history, int columns) {
  const auto bounds = plotColumnBounds(history, viewStart_, viewEnd_, columns);
  lo_ = INFINITY, hi_ = -INFINITY;
  spans_.assign(history.series(), {});
  for (size_t s = 0; s < history.series(); ++s) {
    if (!visible_[s]) continue;
    auto& spans = spans_[s];
    if (smoothing_ > 0) {
      const BlockMinMax& smoothed = smoothed_[s];
      spans = plotSpans(history, bounds, viewStart_, viewEnd_,
                        [&](int64_t begin, int64_t end) { return smoothed.minMax(begin, end); });
    } else {
      spans = plotSpans(history, bounds, viewStart_, viewEnd_, s);
    }
    for (auto& span : spans) {
      // log10 is monotonic: the min and max of the transformed values are the transformed min and max.
      span.min = transform(span.min, logScale_);
      span.max = transform(span.max, logScale_);
      if (span.outside) continue;
      lo_ = std::min(lo_, span.min);
      hi_ = std::max(hi_, span.max);
    }
  }
}

void LossPlotPanel::draw(Explorer& ex) {
  placeNext("Loss curves");
  if (!ImGui::Begin("Loss curves")) {
    ImGui::End();
    return;
  }
  const auto snap = ex.snapshot;
  if (!snap || snap->history.rows() == 0) {
    ImGui::TextDisabled(snap && snap->source.kind == SourceKind::Imported
                            ? "an imported model was trained elsewhere: it has no curves here"
                            : "the curves appear when training starts (Space)");
    ImGui::End();
    return;
  }
  const auto& history = snap->history;
  const auto& names = history.names();
  visible_.resize(names.size(), true);
  for (size_t s = 0; s < names.size(); ++s) {
    bool on = visible_[s];
    ImGui::PushStyleColor(ImGuiCol_CheckMark, kColours[s % 5]);
    if (ImGui::Checkbox(names[s].c_str(), &on)) visible_[s] = on;
    ImGui::PopStyleColor();
    tooltip("Show or hide this series");
    sameLineIfRoom(ImGui::CalcTextSize(s + 1 < names.size() ? names[s + 1].c_str() : "log").x + 40);
  }
  if (!snap->epochs.empty()) {
    ImGui::TextDisabled("(dots: test loss per epoch)");
    tooltip("VAE: the negative ELBO on the test split; GAN: the discriminator's loss on test images");
    sameLineIfRoom(60);
  }
  ImGui::Checkbox("log", &logScale_);
  tooltip("Logarithmic y axis");
  sameLineIfRoom(190);
  ImGui::SetNextItemWidth(100);
  ImGui::SliderFloat("smoothing", &smoothing_, 0.0f, 0.99f, "%.2f");
  tooltip("Exponential moving average of the curves (0 = raw values)");
  sameLineIfRoom(40);
  if (ImGui::Button("Fit")) follow_ = true;
  tooltip("Show the whole history again (or double-click the plot). Wheel zooms, dragging pans.");
  updateSmoothing(*snap);

  const ImVec2 origin = ImGui::GetCursorScreenPos();
  const ImVec2 size(std::max(ImGui::GetContentRegionAvail().x, 50.0f), std::max(ImGui::GetContentRegionAvail().y, 50.0f));
  ImGui::InvisibleButton("plot", size);
  const bool hovered = ImGui::IsItemHovered();
  ImDrawList* draw = ImGui::GetWindowDrawList();
  draw->AddRectFilled(origin, ImVec2(origin.x + size.x, origin.y + size.y), IM_COL32(18, 19, 23, 255));

  const double first = double(history.firstStep()), last = double(history.lastStep()) + 1;
  if (follow_) {
    viewStart_ = first;
    viewEnd_ = std::max(last, first + 10);
  }
  // Zoom around the mouse with the wheel, pan by dragging, fit on double-click.
  const ImGuiIO& io = ImGui::GetIO();
  if (hovered && io.MouseWheel != 0) {
    const double at = viewStart_ + (viewEnd_ - viewStart_) * (io.MousePos.x - origin.x) / size.x;
    const double factor = io.MouseWheel > 0 ? 0.8 : 1.25;
    viewStart_ = at - (at - viewStart_) * factor;
    viewEnd_ = at + (viewEnd_ - at) * factor;
    follow_ = false;
  }
  if (ImGui::IsItemActive() && ImGui::IsMouseDragging(ImGuiMouseButton_Left)) {
    const double shift = -io.MouseDelta.x / size.x * (viewEnd_ - viewStart_);
    viewStart_ += shift;
    viewEnd_ += shift;
    follow_ = false;
  }
  if (hovered && ImGui::IsMouseDoubleClicked(ImGuiMouseButton_Left)) follow_ = true;

  // Per pixel column: the min and max of each series over the steps that column covers, read from block
  // summaries, so a million steps cost about as much as a thousand and no spike is lost. Columns no step falls in
  // are skipped and their neighbours joined by a line; the steps just outside the view are added so the curve
  // runs to the edges when zoomed in. Redone only when the rows, the view or a toggle changed, not every frame.
  const int columns = int(size.x);
  auto rowAt = [&](double step) {
    const double s = std::ceil(step);
    if (!(s > -9e18)) return int64_t(0);
    if (s > 9e18) return history.rows();
    return history.firstRowAtOrAfter(int64_t(s));
  };
  auto xOfStep = [&](double step) { return origin.x + float((step - viewStart_) / (viewEnd_ - viewStart_)) * size.x; };
  std::string key = std::to_string(history.generation()) + "/" + std::to_string(history.rows()) + "/" +
                    std::to_string(viewStart_) + "/" + std::to_string(viewEnd_) + "/" + std::to_string(columns) + "/" +
                    std::to_string(smoothing_) + (logScale_ ? "L" : "l");
  for (bool on : visible_) key += on ? '1' : '0';
  if (key != spansKey_) {
    spansKey_ = key;
    computeSpans(history, columns);
  }
  float lo = lo_, hi = hi_;
  if (!(hi > lo)) {
    hi = lo + 1;
    lo -= 1;
  }
  const float pad = 0.05f * (hi - lo);
  lo -= pad;
  hi += pad;
  auto yOf = [&](float v) { return origin.y + size.y - (v - lo) / (hi - lo) * size.y; };

  draw->PushClipRect(origin, ImVec2(origin.x + size.x, origin.y + size.y), true);
  for (int g = 0; g <= 4; ++g) {  // horizontal grid with values
    const float v = lo + (hi - lo) * g / 4, y = yOf(v);
    draw->AddLine(ImVec2(origin.x, y), ImVec2(origin.x + size.x, y), IM_COL32(60, 60, 70, 120));
    char label[32];
    std::snprintf(label, sizeof label, "%.4g", logScale_ ? std::pow(10.0, double(v)) : double(v));
    if (g > 0) draw->AddText(ImVec2(origin.x + 4, y - 14), IM_COL32(150, 150, 160, 255), label);
  }
  for (const auto& event : snap->events) {  // hyperparameter changes, NaN rollbacks, resumes
    const float x = xOfStep(double(event.step));
    draw->AddLine(ImVec2(x, origin.y), ImVec2(x, origin.y + size.y), IM_COL32(255, 255, 255, 90), 1.5f);
    draw->AddText(ImVec2(x + 3, origin.y + 2), IM_COL32(220, 220, 220, 200), event.text.c_str());
  }
  for (size_t s = 0; s < spans_.size(); ++s) {
    for (size_t i = 0; i < spans_[s].size(); ++i) {
      const PlotSpan& span = spans_[s][i];
      const float x = origin.x + span.x;
      if (span.max > span.min) draw->AddLine(ImVec2(x, yOf(span.min)), ImVec2(x, yOf(span.max) - 1), kColours[s % 5]);
      if (i > 0) {
        const PlotSpan& before = spans_[s][i - 1];
        draw->AddLine(ImVec2(origin.x + before.x, yOf(0.5f * (before.min + before.max))),
                      ImVec2(x, yOf(0.5f * (span.min + span.max))), kColours[s % 5], 1.5f);
      }
    }
  }
  for (int g = 1; g <= 4; ++g) {  // step numbers along the bottom
    const double step = viewStart_ + (viewEnd_ - viewStart_) * g / 5;
    char label[32];
    std::snprintf(label, sizeof label, "%.0f", step);
    const float x = xOfStep(step);
    draw->AddLine(ImVec2(x, origin.y + size.y - 4), ImVec2(x, origin.y + size.y), IM_COL32(150, 150, 160, 255));
    draw->AddText(ImVec2(x - ImGui::CalcTextSize(label).x / 2, origin.y + size.y - 20), IM_COL32(150, 150, 160, 255), label);
  }
  if (visible_[0]) {  // test-set loss per epoch, as dots on the first series' scale
    for (const auto& e : snap->epochs) {
      const float x = xOfStep(double(e.step));
      draw->AddCircleFilled(ImVec2(x, yOf(transform(e.testLoss, logScale_))), 4.0f, IM_COL32(255, 255, 255, 230));
    }
  }
  draw->PopClipRect();

  if (hovered) {
    const double step = viewStart_ + (viewEnd_ - viewStart_) * (io.MousePos.x - origin.x) / size.x;
    const int64_t row = std::min(rowAt(step), history.rows() - 1);
    draw->AddLine(ImVec2(io.MousePos.x, origin.y), ImVec2(io.MousePos.x, origin.y + size.y), IM_COL32(200, 200, 200, 80));
    ImGui::BeginTooltip();
    ImGui::Text("step %lld", (long long)history.step(row));
    for (size_t s = 0; s < history.series(); ++s) {
      const float raw = history.value(s, row);
      const float smoothed = size_t(row) < smoothed_[s].size() ? smoothed_[s][size_t(row)] : raw;
      ImGui::TextColored(ImColor(kColours[s % 5]), "%s %.5g (smoothed %.5g)", names[s].c_str(), double(raw),
                         double(smoothed));
    }
    for (const auto& e : snap->epochs)
      if (std::abs(xOfStep(double(e.step)) - io.MousePos.x) < 5)
        ImGui::Text("epoch %lld: test loss %.4g", (long long)e.epoch, double(e.testLoss));
    ImGui::EndTooltip();
  }
  ImGui::End();
}

}  // namespace latentlab
