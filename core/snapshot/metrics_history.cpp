#include "snapshot/metrics_history.h"

#include <algorithm>
#include <atomic>
#include <cmath>

#include "util/error.h"

namespace latentlab {

namespace {

constexpr int64_t kBlock = MetricsHistory::kBlockRows, kChunk = MetricsHistory::kChunkRows;

uint64_t freshGeneration() {
  static std::atomic<uint64_t> counter{0};
  return ++counter;
}

// NaNs compare false both ways, so they never become a min or a max.
inline void take(float v, float& lo, float& hi) {
  if (v < lo) lo = v;
  if (v > hi) hi = v;
}

// A summary's min goes only into the min, its max only into the max (an all-NaN summary is {+inf, -inf}).
inline void takeRange(float mn, float mx, float& lo, float& hi) {
  if (mn < lo) lo = mn;
  if (mx > hi) hi = mx;
}

}  // namespace

// ---- Chunk ----

void MetricsHistory::Chunk::reset(size_t series) {
  steps.clear();
  steps.reserve(size_t(kChunk));
  values.assign(series, {});
  for (auto& v : values) v.reserve(size_t(kChunk));
  blockMin.assign(series, {});
  blockMax.assign(series, {});
  min.assign(series, INFINITY);
  max.assign(series, -INFINITY);
}

void MetricsHistory::Chunk::push(int64_t step, const float* row) {
  const bool newBlock = steps.size() % size_t(kBlock) == 0;
  steps.push_back(step);
  for (size_t s = 0; s < values.size(); ++s) {
    const float v = row[s];
    values[s].push_back(v);
    if (newBlock) {
      blockMin[s].push_back(INFINITY);
      blockMax[s].push_back(-INFINITY);
    }
    take(v, blockMin[s].back(), blockMax[s].back());
    take(v, min[s], max[s]);
  }
}

void MetricsHistory::Chunk::truncate(int64_t keep) {
  steps.resize(size_t(keep));
  const size_t blocks = size_t((keep + kBlock - 1) / kBlock);
  for (size_t s = 0; s < values.size(); ++s) {
    values[s].resize(size_t(keep));
    blockMin[s].assign(blocks, INFINITY);
    blockMax[s].assign(blocks, -INFINITY);
    min[s] = INFINITY;
    max[s] = -INFINITY;
    for (size_t r = 0; r < size_t(keep); ++r)
      take(values[s][r], blockMin[s][r / size_t(kBlock)], blockMax[s][r / size_t(kBlock)]);
    for (size_t b = 0; b < blocks; ++b) {
      takeRange(blockMin[s][b], blockMax[s][b], min[s], max[s]);
    }
  }
}

void MetricsHistory::Chunk::minMax(size_t s, int64_t begin, int64_t end, float& lo, float& hi) const {
  const int64_t n = rows();
  if (begin == 0 && end == n) {
    takeRange(min[s], max[s], lo, hi);
    return;
  }
  const auto& v = values[s];
  for (int64_t r = begin; r < end;) {
    if (r % kBlock == 0 && std::min(r + kBlock, n) <= end) {
      takeRange(blockMin[s][size_t(r / kBlock)], blockMax[s][size_t(r / kBlock)], lo, hi);
      r = std::min(r + kBlock, n);
    } else {
      take(v[size_t(r)], lo, hi);
      ++r;
    }
  }
}

size_t MetricsHistory::Chunk::memoryBytes() const {
  size_t bytes = sizeof(Chunk) + steps.capacity() * sizeof(int64_t) + (min.capacity() + max.capacity()) * sizeof(float);
  for (size_t s = 0; s < values.size(); ++s)
    bytes += sizeof(std::vector<float>) * 3 +
             (values[s].capacity() + blockMin[s].capacity() + blockMax[s].capacity()) * sizeof(float);
  return bytes;
}

// ---- MetricsHistory ----

MetricsHistory::MetricsHistory(std::vector<std::string> names) : names_(std::move(names)) {
  tail_.reset(names_.size());
  generation_ = freshGeneration();
}

void MetricsHistory::append(int64_t step, const float* values) {
  if (rows_ > 0 && step <= lastStep())
    throw Error("metrics history: step " + std::to_string(step) + " does not follow step " +
                std::to_string(lastStep()));
  if (tail_.values.size() != names_.size()) tail_.reset(names_.size());  // a default-constructed history
  tail_.push(step, values);
  ++rows_;
  if (tail_.rows() == kChunk) {
    sealed_.push_back(std::make_shared<const Chunk>(std::move(tail_)));
    tail_ = Chunk();
    tail_.reset(names_.size());
  }
}

void MetricsHistory::rewindTo(int64_t step) {
  const int64_t keep = firstRowAtOrAfter(step);
  if (keep >= rows_) return;
  const size_t chunk = size_t(keep / kChunk);
  if (chunk < sealed_.size()) {
    tail_ = *sealed_[chunk];  // the one chunk that becomes partial again is copied; the ones before stay shared
    sealed_.resize(chunk);
  }
  tail_.truncate(keep - int64_t(chunk) * kChunk);
  for (auto& v : tail_.values) v.reserve(size_t(kChunk));
  tail_.steps.reserve(size_t(kChunk));
  rows_ = keep;
  generation_ = freshGeneration();
}

int64_t MetricsHistory::step(int64_t row) const { return chunkOf(row).steps[size_t(row % kChunk)]; }

float MetricsHistory::value(size_t series, int64_t row) const {
  return chunkOf(row).values[series][size_t(row % kChunk)];
}

float MetricsHistory::last(size_t series) const { return value(series, rows_ - 1); }

int64_t MetricsHistory::lastStep() const { return rows_ > 0 ? step(rows_ - 1) : -1; }

int64_t MetricsHistory::firstStep() const { return rows_ > 0 ? step(0) : -1; }

int64_t MetricsHistory::firstRowAtOrAfter(int64_t target) const {
  const auto chunk =
      std::partition_point(sealed_.begin(), sealed_.end(), [&](const auto& c) { return c->steps.back() < target; });
  const size_t c = size_t(chunk - sealed_.begin());
  const auto& steps = c < sealed_.size() ? sealed_[c]->steps : tail_.steps;
  return int64_t(c) * kChunk + int64_t(std::lower_bound(steps.begin(), steps.end(), target) - steps.begin());
}

std::pair<float, float> MetricsHistory::minMax(size_t series, int64_t beginRow, int64_t endRow) const {
  float lo = INFINITY, hi = -INFINITY;
  beginRow = std::max<int64_t>(beginRow, 0);
  endRow = std::min(endRow, rows_);
  for (int64_t r = beginRow; r < endRow;) {
    const int64_t base = r / kChunk * kChunk, next = std::min(base + kChunk, endRow);
    chunkOf(r).minMax(series, r - base, next - base, lo, hi);
    r = next;
  }
  return {lo, hi};
}

size_t MetricsHistory::memoryBytes() const {
  size_t bytes = sizeof(*this) + tail_.memoryBytes() + sealed_.capacity() * sizeof(sealed_[0]);
  for (const auto& name : names_) bytes += sizeof(name) + name.capacity();
  for (const auto& chunk : sealed_) bytes += chunk->memoryBytes();
  return bytes;
}

// ---- BlockMinMax ----

void BlockMinMax::clear() {
  values_.clear();
  blockMin_.clear();
  blockMax_.clear();
  chunkMin_.clear();
  chunkMax_.clear();
}

void BlockMinMax::push(float v) {
  if (values_.size() % size_t(kBlock) == 0) {
    blockMin_.push_back(INFINITY);
    blockMax_.push_back(-INFINITY);
  }
  if (values_.size() % size_t(kChunk) == 0) {
    chunkMin_.push_back(INFINITY);
    chunkMax_.push_back(-INFINITY);
  }
  values_.push_back(v);
  take(v, blockMin_.back(), blockMax_.back());
  take(v, chunkMin_.back(), chunkMax_.back());
}

std::pair<float, float> BlockMinMax::minMax(int64_t begin, int64_t end) const {
  float lo = INFINITY, hi = -INFINITY;
  const int64_t n = int64_t(values_.size());
  end = std::min(end, n);
  for (int64_t r = std::max<int64_t>(begin, 0); r < end;) {
    if (r % kChunk == 0 && std::min(r + kChunk, n) <= end) {
      takeRange(chunkMin_[size_t(r / kChunk)], chunkMax_[size_t(r / kChunk)], lo, hi);
      r = std::min(r + kChunk, n);
    } else if (r % kBlock == 0 && std::min(r + kBlock, n) <= end) {
      takeRange(blockMin_[size_t(r / kBlock)], blockMax_[size_t(r / kBlock)], lo, hi);
      r = std::min(r + kBlock, n);
    } else {
      take(values_[size_t(r)], lo, hi);
      ++r;
    }
  }
  return {lo, hi};
}

// ---- plot spans ----

std::vector<int64_t> plotColumnBounds(const MetricsHistory& history, double viewStart, double viewEnd, int columns) {
  columns = std::max(columns, 1);
  auto rowAt = [&](double step) {
    const double s = std::ceil(step);
    if (!(s > -9e18)) return int64_t(0);  // also NaN
    if (s > 9e18) return history.rows();
    return history.firstRowAtOrAfter(int64_t(s));
  };
  std::vector<int64_t> bounds(size_t(columns) + 1);
  bounds[0] = rowAt(viewStart);
  for (int c = 1; c <= columns; ++c)
    bounds[size_t(c)] =
        std::max(bounds[size_t(c) - 1],
                 c == columns ? rowAt(viewEnd) : rowAt(viewStart + (viewEnd - viewStart) * c / columns));
  return bounds;
}

std::vector<PlotSpan> plotSpans(const MetricsHistory& history, const std::vector<int64_t>& bounds, double viewStart,
                                double viewEnd, const RowRangeMinMax& minMax) {
  std::vector<PlotSpan> spans;
  if (bounds.size() < 2) return spans;
  const size_t columns = bounds.size() - 1;
  const double width = viewEnd - viewStart;
  auto xOf = [&](int64_t row) { return float((double(history.step(row)) - viewStart) / width * double(columns)); };
  auto add = [&](float x, int64_t begin, int64_t end, bool outside) {
    const auto [lo, hi] = minMax(begin, end);
    if (lo <= hi) spans.push_back({x, lo, hi, outside});  // all NaN: nothing to draw
  };
  spans.reserve(columns + 2);
  if (bounds[0] > 0) add(xOf(bounds[0] - 1), bounds[0] - 1, bounds[0], true);
  for (size_t c = 0; c < columns; ++c) {
    const int64_t begin = bounds[c], end = bounds[c + 1];
    if (end <= begin) continue;
    add(end - begin > 1 ? float(c) + 0.5f : xOf(begin), begin, end, false);
  }
  if (bounds[columns] < history.rows()) add(xOf(bounds[columns]), bounds[columns], bounds[columns] + 1, true);
  return spans;
}

std::vector<PlotSpan> plotSpans(const MetricsHistory& history, const std::vector<int64_t>& bounds, double viewStart,
                                double viewEnd, size_t series) {
  return plotSpans(history, bounds, viewStart, viewEnd,
                   [&](int64_t begin, int64_t end) { return history.minMax(series, begin, end); });
}

}  // namespace latentlab
