#include "panels/loss_plot_panel.h"

#include <imgui.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "explorer.h"
#include "layout.h"
#include "panels/panel_util.h"
#include "test_report.h"
#include "util/label_rows.h"
#include "util/nice_ticks.h"
#include "util/view_zoom.h"

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

// What each series is, for the legend's tooltips (d_real and d_fake are not self-explanatory).
static const char* seriesHelp(const std::string& name) {
  if (name == "loss")
    return "The training loss per image: reconstruction + beta x KL (the negative ELBO when beta = 1)";
  if (name == "recon") return "Reconstruction loss: how badly the decoder redraws the image from its code";
  if (name == "kl") return "KL divergence of the codes from the prior N(0, I), summed over the dimensions";
  if (name == "d_loss") return "The discriminator's loss on real and generated images (lower: it tells them apart)";
  if (name == "g_loss")
    return "The generator's loss (non-saturating): lower when the discriminator takes its images for real";
  if (name == "d_real")
    return "d_real = D(x): the discriminator's mean probability that real images are real (1: it is sure they are)";
  if (name == "d_fake")
    return "d_fake = D(G(z)): its mean probability that generated images are real (0: it sees through them). "
           "Both near 0.5: neither network wins";
  return "Show or hide this series";
}

void LossPlotPanel::drawLegend(const Snapshot& snap) {
  const auto& names = snap.history.names();
  const bool gan = isGan(snap.config.model.kind);
  visible_.resize(names.size(), true);
  for (size_t s = 0; s < names.size(); ++s) {
    bool on = visible_[s];
    ImGui::PushStyleColor(ImGuiCol_CheckMark, kColours[s % 5]);
    if (ImGui::Checkbox(names[s].c_str(), &on)) visible_[s] = on;
    ImGui::PopStyleColor();
    tooltip(seriesHelp(names[s]));
    sameLineIfRoom(ImGui::CalcTextSize(s + 1 < names.size() ? names[s + 1].c_str() : "log").x + 40);
  }
  // A GAN's "test loss" would be its discriminator's loss on test images: no legend, no dots.
  const bool testDots = !gan && !snap.epochs.empty();
  if (testDots) {
    ImGui::TextDisabled("(dots: test loss per epoch)");
    markItem("test_loss_legend");
    tooltip("The negative ELBO per image on the test split, at each epoch's end");
    sameLineIfRoom(60);
  }
  reportFact("test_loss_legend", testDots);
  ImGui::Checkbox("log", &logScale_);
  tooltip("Logarithmic y axis");
  sameLineIfRoom(190);
  ImGui::SetNextItemWidth(100);
  ImGui::SliderFloat("smoothing", &smoothing_, 0.0f, 0.99f, "%.2f");
  tooltip("Exponential moving average of the curves (0 = raw values)");
  sameLineIfRoom(40);
  if (ImGui::Button("Fit")) follow_ = true;
  tooltip("Show the whole history again (or double-click the plot). Wheel zooms, dragging pans.");
  if (gan) {
    ImGui::TextDisabled("d_real = D(x) on real images, d_fake = D(G(z)) on generated ones (probabilities)");
    markItem("gan_series_help");
  }
}

void LossPlotPanel::draw(const Explorer& ex) {
  placeNext("Loss curves");
  if (!ImGui::Begin("Loss curves")) {
    ImGui::End();
    return;
  }
  const auto snap = ex.snapshot();
  if (!snap || snap->history.rows() == 0) {
    ImGui::TextDisabled(snap && snap->source.kind == SourceKind::Imported
                            ? "an imported model was trained elsewhere: it has no curves here"
                            : "the curves appear when training starts (Space)");
    ImGui::End();
    return;
  }
  const auto& history = snap->history;
  const auto& names = history.names();
  drawLegend(*snap);
  updateSmoothing(*snap);

  const ImVec2 area = ImGui::GetCursorScreenPos();
  const ImVec2 areaSize(std::max(ImGui::GetContentRegionAvail().x, 80.0f),
                        std::max(ImGui::GetContentRegionAvail().y, 80.0f));
  ImGui::InvisibleButton("plot", areaSize);
  const bool hovered = ImGui::IsItemHovered();
  ImDrawList* draw = ImGui::GetWindowDrawList();
  const float lineHeight = ImGui::GetTextLineHeight();
  const ImU32 tickColour = IM_COL32(150, 150, 160, 255);

  // The curves get the area less a margin for the y labels on the left (as wide as last frame's widest label),
  // the x labels below and the event labels' rows above: no label is ever drawn under a curve.
  const double first = double(history.firstStep()), last = double(history.lastStep()) + 1;
  if (follow_) {
    viewStart_ = first;
    viewEnd_ = std::max(last, first + 10);
  }
  // Event labels, stacked in up to three rows above the curves; those that fit in none are shown on hover.
  const float eventsLeft = area.x + leftMargin_, eventsWidth = areaSize.x - leftMargin_ - 8;
  auto xOfStepIn = [&](double step) {
    return eventsLeft + float((step - viewStart_) / (viewEnd_ - viewStart_)) * eventsWidth;
  };
  std::vector<LabelBox> boxes;
  std::vector<size_t> boxEvent;
  for (size_t e = 0; e < snap->events.size(); ++e) {
    const float x = xOfStepIn(double(snap->events[e].step));
    if (x < eventsLeft - 1 || x > eventsLeft + eventsWidth + 1) continue;
    boxes.push_back({x + 3, ImGui::CalcTextSize(snap->events[e].text.c_str()).x});
    boxEvent.push_back(e);
  }
  constexpr int kEventRows = 3;
  const auto rows = stackLabels(boxes, kEventRows, 8);
  int rowsUsed = 0;
  for (int r : rows) rowsUsed = std::max(rowsUsed, r + 1);
  const ImVec2 origin(eventsLeft, area.y + rowsUsed * lineHeight + (rowsUsed ? 2 : 0));
  const ImVec2 size(eventsWidth, std::max(areaSize.y - (origin.y - area.y) - lineHeight - 6, 20.0f));
  draw->AddRectFilled(origin, ImVec2(origin.x + size.x, origin.y + size.y), IM_COL32(18, 19, 23, 255));

  // Zoom around the mouse with the wheel, pan by dragging, fit on double-click.
  const ImGuiIO& io = ImGui::GetIO();
  if (hovered && io.MouseWheel != 0) {
    const double at = viewStart_ + (viewEnd_ - viewStart_) * (io.MousePos.x - origin.x) / size.x;
    double center = (viewStart_ + viewEnd_) / 2, half = (viewEnd_ - viewStart_) / 2;
    zoomAbout(center, half, at, io.MouseWheel > 0 ? 0.8 : 1.25);
    viewStart_ = center - half;
    viewEnd_ = center + half;
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

  // Round ticks (1, 2, 5 x 10^k; powers of ten on the log scale), labelled in the margins.
  const int maxYTicks = std::max(2, int(size.y / (2.5f * lineHeight)));
  const auto yTicks = logScale_ ? logTicks(std::pow(10.0, double(lo)), std::pow(10.0, double(hi)), maxYTicks)
                                : linearTicks(lo, hi, maxYTicks);
  const auto xTicks = linearTicks(viewStart_, viewEnd_, std::max(2, int(size.x / 90)), 1);
  float widest = 0;
  std::vector<std::string> yLabels, xLabels;
  for (const auto& t : yTicks) {
    const float y = yOf(logScale_ ? float(std::log10(t.value)) : float(t.value));
    draw->AddLine(ImVec2(origin.x, y), ImVec2(origin.x + size.x, y), IM_COL32(60, 60, 70, 120));
    const float w = ImGui::CalcTextSize(t.label.c_str()).x;
    widest = std::max(widest, w);
    draw->AddText(ImVec2(origin.x - w - 5, y - lineHeight / 2), tickColour, t.label.c_str());
    yLabels.push_back(t.label);
  }
  leftMargin_ = std::max(widest + 10, 24.0f);  // next frame's margin: the labels' own width
  for (const auto& t : xTicks) {
    const float x = xOfStep(t.value);
    draw->AddLine(ImVec2(x, origin.y + size.y), ImVec2(x, origin.y + size.y + 4), tickColour);
    const float w = ImGui::CalcTextSize(t.label.c_str()).x;
    draw->AddText(ImVec2(std::max(area.x, std::min(x - w / 2, origin.x + size.x - w)), origin.y + size.y + 4),
                  tickColour, t.label.c_str());
    xLabels.push_back(t.label);
  }
  reportFact("loss_y_ticks", yLabels);
  reportFact("loss_x_ticks", xLabels);

  std::vector<std::vector<float>> eventRects;
  for (size_t i = 0; i < boxes.size(); ++i) {  // hyperparameter changes, NaN rollbacks, resumes
    const auto& event = snap->events[boxEvent[i]];
    const float x = boxes[i].x - 3;
    draw->AddLine(ImVec2(x, rows[i] >= 0 ? area.y + rows[i] * lineHeight : origin.y), ImVec2(x, origin.y + size.y),
                  IM_COL32(255, 255, 255, 90), 1.5f);
    if (rows[i] < 0) continue;
    const ImVec2 at(boxes[i].x, area.y + rows[i] * lineHeight);
    draw->AddText(at, IM_COL32(220, 220, 220, 220), event.text.c_str());
    eventRects.push_back({at.x, at.y, at.x + boxes[i].width, at.y + lineHeight});
  }
  reportFact("event_labels", eventRects);
  reportFact("events_hidden", int(std::count(rows.begin(), rows.end(), -1)));

  draw->PushClipRect(origin, ImVec2(origin.x + size.x, origin.y + size.y), true);
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
  const bool testDots = !isGan(snap->config.model.kind) && visible_[0];
  if (testDots) {  // test-set loss per epoch, as dots on the first series' scale
    for (const auto& e : snap->epochs) {
      const float x = xOfStep(double(e.step));
      draw->AddCircleFilled(ImVec2(x, yOf(transform(e.testLoss, logScale_))), 4.0f, IM_COL32(255, 255, 255, 230));
    }
  }
  draw->PopClipRect();

  if (hovered) {
    const double step = viewStart_ + (viewEnd_ - viewStart_) * (io.MousePos.x - origin.x) / size.x;
    const int64_t row = std::clamp<int64_t>(rowAt(step), 0, history.rows() - 1);
    draw->AddLine(ImVec2(io.MousePos.x, origin.y), ImVec2(io.MousePos.x, origin.y + size.y),
                  IM_COL32(200, 200, 200, 80));
    ImGui::BeginTooltip();
    ImGui::Text("step %lld", (long long)history.step(row));
    for (size_t s = 0; s < history.series(); ++s) {
      const float raw = history.value(s, row);
      const float smoothed = size_t(row) < smoothed_[s].size() ? smoothed_[s][size_t(row)] : raw;
      ImGui::TextColored(ImColor(kColours[s % 5]), "%s %.5g (smoothed %.5g)", names[s].c_str(), double(raw),
                         double(smoothed));
    }
    if (testDots)
      for (const auto& e : snap->epochs)
        if (std::abs(xOfStep(double(e.step)) - io.MousePos.x) < 5)
          ImGui::Text("epoch %lld: test loss %.4g", (long long)e.epoch, double(e.testLoss));
    for (const auto& e : snap->events)  // every event near the mouse, the ones with no room for a label too
      if (std::abs(xOfStep(double(e.step)) - io.MousePos.x) < 5)
        ImGui::Text("step %lld: %s", (long long)e.step, e.text.c_str());
    ImGui::EndTooltip();
  }
  ImGui::End();
}

}  // namespace latentlab
