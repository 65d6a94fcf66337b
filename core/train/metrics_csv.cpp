#include "train/metrics_csv.h"

#include <cstdio>
#include <map>

namespace latentlab {

namespace {

void appendNumber(std::string& text, double value) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, ",%.7g", value);
  text += buffer;
}

// RFC 4180: a field with a comma, quote or line break is quoted, its quotes doubled.
std::string csvField(const std::string& text) {
  if (text.find_first_of(",\"\n\r") == std::string::npos) return text;
  std::string quoted = "\"";
  for (char c : text) quoted += c == '"' ? std::string("\"\"") : std::string(1, c);
  return quoted + "\"";
}

}  // namespace

std::string lossExportCsv(const MetricsHistory& history, const std::vector<EpochMetric>& epochs,
                          const std::vector<TrainingEvent>& events) {
  struct Extra {
    bool hasTest = false;
    float testLoss = 0;
    std::string event;  // several at one step are joined with "; "
  };
  std::map<int64_t, Extra> extras;
  for (const auto& e : epochs) extras[e.step].hasTest = true, extras[e.step].testLoss = e.testLoss;
  for (const auto& e : events) {
    std::string& text = extras[e.step].event;
    text += (text.empty() ? "" : "; ") + e.text;
  }
  std::string text = "step";
  for (const auto& name : history.names()) text += "," + name;
  text += ",test_loss,event\n";
  auto extra = extras.begin();
  auto writeExtra = [&](const Extra& x) {
    if (x.hasTest) appendNumber(text, double(x.testLoss));
    else text += ",";
    text += "," + csvField(x.event) + "\n";
  };
  auto extraOnlyRow = [&](int64_t step, const Extra& x) {  // a step the history has no row for
    text += std::to_string(step) + std::string(history.series(), ',');
    writeExtra(x);
  };
  for (int64_t row = 0; row < history.rows(); ++row) {
    const int64_t step = history.step(row);
    for (; extra != extras.end() && extra->first < step; ++extra) extraOnlyRow(extra->first, extra->second);
    text += std::to_string(step);
    for (size_t s = 0; s < history.series(); ++s) appendNumber(text, double(history.value(s, row)));
    if (extra != extras.end() && extra->first == step) writeExtra((extra++)->second);
    else text += ",,\n";
  }
  for (; extra != extras.end(); ++extra) extraOnlyRow(extra->first, extra->second);
  return text;
}

std::string metricsCsv(const MetricsHistory& history) {
  std::string text = "step";
  for (const auto& name : history.names()) text += "," + name;
  text += "\n";
  text.reserve(text.size() + size_t(history.rows()) * (8 + 12 * history.series()));
  for (int64_t row = 0; row < history.rows(); ++row) {
    text += std::to_string(history.step(row));
    for (size_t s = 0; s < history.series(); ++s) appendNumber(text, double(history.value(s, row)));
    text += '\n';
  }
  return text;
}

std::string latentCodesCsv(const LatentCodes& codes) {
  // The same first columns as latentlab-cli encode: the split, and the image's index in it.
  std::string text = "split,index";
  const bool labels = !codes.labels.empty(), scores = !codes.scores.empty();
  const size_t factors = codes.factorNames.size();
  if (labels) text += ",label,class";
  for (const auto& name : codes.factorNames) text += "," + name;
  if (scores) text += ",d_score";
  for (int d = 0; d < codes.dims; ++d) text += ",z" + std::to_string(d);
  text += "\n";
  for (int64_t i = 0; i < codes.count; ++i) {
    const size_t row = size_t(i);
    if (scores) text += "sample," + std::to_string(i);  // a GAN's codes are drawn from its prior, not encoded
    else if (i < codes.trainCount) text += "train," + std::to_string(i);
    else text += "test," + std::to_string(i - codes.trainCount);
    if (labels) {
      const int label = codes.labels[row];
      text += "," + std::to_string(label) + ",";
      if (label >= 0 && size_t(label) < codes.classNames.size()) text += codes.classNames[size_t(label)];
    }
    for (size_t f = 0; f < factors; ++f) appendNumber(text, double(codes.factors[row * factors + f]));
    if (scores) appendNumber(text, double(codes.scores[row]));
    for (int d = 0; d < codes.dims; ++d) appendNumber(text, double(codes.codes[row * size_t(codes.dims) + size_t(d)]));
    text += "\n";
  }
  return text;
}

}  // namespace latentlab
