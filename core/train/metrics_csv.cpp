#include "train/metrics_csv.h"

#include <cstdio>

namespace latentlab {

namespace {

void appendNumber(std::string& text, double value) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, ",%.7g", value);
  text += buffer;
}

}  // namespace

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
  std::string text = "index";
  const bool labels = !codes.labels.empty(), scores = !codes.scores.empty();
  const size_t factors = codes.factorNames.size();
  if (labels) text += ",label,class";
  for (const auto& name : codes.factorNames) text += "," + name;
  if (scores) text += ",d_score";
  for (int d = 0; d < codes.dims; ++d) text += ",z" + std::to_string(d);
  text += "\n";
  for (int64_t i = 0; i < codes.count; ++i) {
    const size_t row = size_t(i);
    text += std::to_string(i);
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
