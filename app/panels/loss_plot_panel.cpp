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
  if (smoothedVersion_ == snap.version && smoothedWith_ == smoothing_) return;
  smoothedVersion_ = snap.version;
  smoothedWith_ = smoothing_;
  smoothed_.resize(snap.history.values.size());
  for (size_t s = 0; s < snap.history.values.size(); ++s) {
    const auto& raw = snap.history.values[s];
    auto& out = smoothed_[s];
    out.resize(raw.size());
    // Exponential moving average with bias correction, as TensorBoard does, so the start is not dragged to 0.
    double average = 0, weight = 0;
    for (size_t i = 0; i < raw.size(); ++i) {
      average = smoothing_ * average + (1 - smoothing_) * raw[i];
      weight = smoothing_ * weight + (1 - smoothing_);
      out[i] = float(average / weight);
    }
  }
}

template <typename RowAt>
void LossPlotPanel::computeSpans(const MetricsHistory& history, int columns, size_t firstRow, size_t endRow,
                                 const RowAt& rowAt) {
  auto xOf = [&](double step) { return float((step - viewStart_) / (viewEnd_ - viewStart_)) * float(columns); };
  lo_ = INFINITY, hi_ = -INFINITY;
  spans_.assign(history.values.size(), {});
  for (size_t s = 0; s < history.values.size(); ++s) {
    if (!visible_[s]) continue;
    const auto& values = smoothing_ > 0 ? smoothed_[s] : history.values[s];
    auto single = [&](size_t row) {
      const float v = transform(values[row], logScale_);
      return Span{xOf(double(history.steps[row])), v, v};
    };
    if (firstRow > 0) spans_[s].push_back(single(firstRow - 1));
    size_t begin = firstRow;
    for (int c = 0; c < columns && begin < endRow; ++c) {
      const size_t end = std::min(endRow, rowAt(viewStart_ + (viewEnd_ - viewStart_) * (c + 1) / columns));
      if (end <= begin) continue;
      Span span = single(begin);
      for (size_t r = begin + 1; r < end; ++r) {
        const float v = transform(values[r], logScale_);
        span.min = std::min(span.min, v);
        span.max = std::max(span.max, v);
      }
      if (end - begin > 1) span.x = float(c) + 0.5f;
      lo_ = std::min(lo_, span.min);
      hi_ = std::max(hi_, span.max);
      spans_[s].push_back(span);
      begin = end;
    }
    if (endRow < values.size()) spans_[s].push_back(single(endRow));
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
    ImGui::TextDisabled("the curves appear when training starts (Space)");
    ImGui::End();
    return;
  }
  const auto& history = snap->history;
  visible_.resize(history.names.size(), true);
  for (size_t s = 0; s < history.names.size(); ++s) {
    bool on = visible_[s];
    ImGui::PushStyleColor(ImGuiCol_CheckMark, kColours[s % 5]);
    if (ImGui::Checkbox(history.names[s].c_str(), &on)) visible_[s] = on;
    ImGui::PopStyleColor();
    tooltip("Show or hide this series");
    sameLineIfRoom(ImGui::CalcTextSize(s + 1 < history.names.size() ? history.names[s + 1].c_str() : "log").x + 40);
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

  const double first = double(history.steps.front()), last = double(history.steps.back()) + 1;
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

  // Per pixel column: the min and max of each series over the steps that column covers, so a million steps
  // cost one pass and no spike is lost. Columns no step falls in are skipped and their neighbours joined by a
  // line; the steps just outside the view are added so the curve runs to the edges when zoomed in. The pass
  // is redone only when the history, the view or a toggle changed, not every frame.
  const int columns = int(size.x);
  auto rowAt = [&](double step) {
    return size_t(std::lower_bound(history.steps.begin(), history.steps.end(), int64_t(std::ceil(step))) -
                  history.steps.begin());
  };
  auto xOfStep = [&](double step) { return origin.x + float((step - viewStart_) / (viewEnd_ - viewStart_)) * size.x; };
  std::string key = std::to_string(snap->version) + "/" + std::to_string(viewStart_) + "/" + std::to_string(viewEnd_) +
                    "/" + std::to_string(columns) + "/" + std::to_string(smoothing_) + (logScale_ ? "L" : "l");
  for (bool on : visible_) key += on ? '1' : '0';
  if (key != spansKey_) {
    spansKey_ = key;
    computeSpans(history, columns, rowAt(viewStart_), rowAt(viewEnd_), rowAt);
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
      const Span& span = spans_[s][i];
      const float x = origin.x + span.x;
      if (span.max > span.min) draw->AddLine(ImVec2(x, yOf(span.min)), ImVec2(x, yOf(span.max) - 1), kColours[s % 5]);
      if (i > 0) {
        const Span& before = spans_[s][i - 1];
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
    const size_t row = std::min(rowAt(step), size_t(history.rows() - 1));
    draw->AddLine(ImVec2(io.MousePos.x, origin.y), ImVec2(io.MousePos.x, origin.y + size.y), IM_COL32(200, 200, 200, 80));
    ImGui::BeginTooltip();
    ImGui::Text("step %lld", (long long)history.steps[row]);
    for (size_t s = 0; s < history.values.size(); ++s)
      ImGui::TextColored(ImColor(kColours[s % 5]), "%s %.5g (smoothed %.5g)", history.names[s].c_str(),
                         double(history.values[s][row]), double(smoothed_[s][row]));
    for (const auto& e : snap->epochs)
      if (std::abs(xOfStep(double(e.step)) - io.MousePos.x) < 5)
        ImGui::Text("epoch %lld: test loss %.4g", (long long)e.epoch, double(e.testLoss));
    ImGui::EndTooltip();
  }
  ImGui::End();
}

}  // namespace latentlab
