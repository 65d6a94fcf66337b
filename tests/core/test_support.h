#pragma once
// Helpers shared by the core tests.
#include <filesystem>
#include <string>
#include <vector>

#include "snapshot/metrics_history.h"

namespace latentlab::test {

// A fresh empty directory under the system temp folder, removed when the object goes away.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::filesystem::path& path() const { return path_; }
  std::filesystem::path operator/(const std::string& name) const { return path_ / name; }

 private:
  std::filesystem::path path_;
};

// Writes bytes to a file (non-atomically: tests use it to make bad files).
void writeBytes(const std::filesystem::path& path, const std::string& bytes);

// One series of a history as a plain vector (a pass over every row: tests only).
inline std::vector<float> seriesValues(const MetricsHistory& history, size_t series) {
  std::vector<float> values(size_t(history.rows()));
  for (int64_t row = 0; row < history.rows(); ++row) values[size_t(row)] = history.value(series, row);
  return values;
}

}  // namespace latentlab::test
