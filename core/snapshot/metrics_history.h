#pragma once
// The loss history: one value per series per training step, never thinned, at a cost that does not grow with the
// run. Rows live in fixed-size chunks; a full chunk is sealed (immutable, shared through shared_ptr<const>), so
// copying a history -- which every published snapshot does -- copies a list of pointers and one partial chunk,
// never the rows. Every chunk keeps the min/max of each series per block of rows and over the whole chunk, so the
// min/max of any row range (what a plot draws per pixel column) reads summaries, not rows.
// No torch, no GL: snapshot.h and the GUI panels include this.
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <utility>
#include <vector>

namespace latentlab {

class MetricsHistory {
 public:
  static constexpr int64_t kChunkRows = 4096;  // rows per chunk
  static constexpr int64_t kBlockRows = 64;    // rows per min/max summary inside a chunk
  static constexpr int64_t kBlocksPerChunk = kChunkRows / kBlockRows;

  MetricsHistory() = default;
  explicit MetricsHistory(std::vector<std::string> names);

  const std::vector<std::string>& names() const { return names_; }
  size_t series() const { return names_.size(); }
  int64_t rows() const { return rows_; }
  bool empty() const { return rows_ == 0; }

  // One value per series; `step` must be greater than the last step (else latentlab::Error).
  void append(int64_t step, const float* values);
  // Drops every row whose step is >= `step` (NaN rollback, resume). Changes generation() when rows went.
  void rewindTo(int64_t step);

  int64_t step(int64_t row) const;
  float value(size_t series, int64_t row) const;
  float last(size_t series) const;                // the value of the last row (rows() > 0)
  int64_t lastStep() const;                       // -1 when empty
  int64_t firstStep() const;                      // -1 when empty
  int64_t firstRowAtOrAfter(int64_t step) const;  // rows() when every step is smaller
  // Min and max of a series over rows [beginRow, endRow), NaNs skipped; {+inf, -inf} for an empty range.
  std::pair<float, float> minMax(size_t series, int64_t beginRow, int64_t endRow) const;

  // Identifies the rows' lineage: a new history (constructor with names) draws a fresh value, and so does every
  // rewindTo that removed rows; appends keep it. Copies share it. An incremental reader that saw rows [0, n) of
  // a history with the same generation may keep them and read on from n.
  uint64_t generation() const { return generation_; }
  size_t memoryBytes() const;  // rows and summaries held (shared chunks counted in full)

  // Sealed chunks, for tests and the curious: copies of a history point at the same ones.
  size_t sealedChunks() const { return sealed_.size(); }
  const void* sealedChunkIdentity(size_t index) const { return sealed_[index].get(); }

 private:
  struct Chunk {
    std::vector<int64_t> steps;
    std::vector<std::vector<float>> values;              // [series][row]
    std::vector<std::vector<float>> blockMin, blockMax;  // [series][block]
    std::vector<float> min, max;                         // [series], over the whole chunk
    int64_t rows() const { return int64_t(steps.size()); }
    void reset(size_t series);
    void push(int64_t step, const float* values);
    void truncate(int64_t rows);  // keeps the first `rows` rows and recomputes the summaries
    void minMax(size_t series, int64_t begin, int64_t end, float& lo, float& hi) const;
    size_t memoryBytes() const;
  };
  const Chunk& chunkOf(int64_t row) const {
    const size_t c = size_t(row / kChunkRows);
    return c < sealed_.size() ? *sealed_[c] : tail_;
  }

  std::vector<std::string> names_;
  std::vector<std::shared_ptr<const Chunk>> sealed_;  // each exactly kChunkRows rows
  Chunk tail_;                                        // fewer than kChunkRows rows
  int64_t rows_ = 0;
  uint64_t generation_ = 0;
};

// Min/max summaries for a growing array of floats that is not a MetricsHistory series (the plot's smoothed
// curves): the same two levels, blocks of kBlockRows and of kChunkRows.
class BlockMinMax {
 public:
  void clear();
  void push(float v);
  size_t size() const { return values_.size(); }
  float operator[](size_t i) const { return values_[i]; }
  std::pair<float, float> minMax(int64_t begin, int64_t end) const;

 private:
  std::vector<float> values_;
  std::vector<float> blockMin_, blockMax_, chunkMin_, chunkMax_;
};

// What a plot draws for one series: per pixel column, the min and max over the rows whose steps fall in it.
struct PlotSpan {
  float x = 0;  // columns from the left edge: the column's centre, or the row's own position for one row
  float min = 0, max = 0;
  bool outside = false;  // the row just before or after the view, so the curve runs to the edges
};

// The row boundaries of `columns` equal pixel columns over the steps [viewStart, viewEnd): columns + 1 rows,
// column c holding rows [bounds[c], bounds[c + 1]). One binary search per column.
std::vector<int64_t> plotColumnBounds(const MetricsHistory& history, double viewStart, double viewEnd, int columns);

// The spans of one series given its range min/max (rows of `history`, values from anywhere: raw or smoothed).
// Columns no row falls in are skipped. Cost: the range queries, never a pass over the rows.
using RowRangeMinMax = std::function<std::pair<float, float>(int64_t beginRow, int64_t endRow)>;
std::vector<PlotSpan> plotSpans(const MetricsHistory& history, const std::vector<int64_t>& bounds, double viewStart,
                                double viewEnd, const RowRangeMinMax& minMax);
// The same for a raw series of the history, using its block summaries.
std::vector<PlotSpan> plotSpans(const MetricsHistory& history, const std::vector<int64_t>& bounds, double viewStart,
                                double viewEnd, size_t series);

}  // namespace latentlab
