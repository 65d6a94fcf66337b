#pragma once
// A run directory on disk: config.json, checkpoints, metrics.csv and exports/. Every file in it is written
// atomically, so killing the process at any moment leaves a directory that opens.
#include <nlohmann/json_fwd.hpp>

#include <filesystem>
#include <string>
#include <string_view>

namespace latentlab {

// A path in `folder` (created if needed) that does not exist yet: "stem.ext", then "stem-2.ext", "stem-3.ext"...
std::filesystem::path freshPathIn(const std::filesystem::path& folder, std::string_view stem,
                                  std::string_view extension);

class RunDirectory {
 public:
  static constexpr const char* kConfigFile = "config.json";   // everything needed to rebuild the model
  static constexpr const char* kMetricsFile = "metrics.csv";  // the full loss history
  static constexpr const char* kExportsDir = "exports";       // PNG and CSV exports

  // Creates the directory (and exports/) if needed. Refuses a path that exists and is not a directory.
  static RunDirectory create(const std::filesystem::path& root);
  // Opens an existing run: the directory and its config.json must exist. Throws latentlab::Error otherwise.
  static RunDirectory open(const std::filesystem::path& root);
  // True when `root` looks like a run directory (has config.json).
  static bool isRunDirectory(const std::filesystem::path& root);

  const std::filesystem::path& root() const { return root_; }
  std::filesystem::path file(std::string_view name) const { return root_ / std::string(name); }
  std::filesystem::path exportsDir() const { return root_ / kExportsDir; }
  // A path in exports/ that does not exist yet: "stem.ext", then "stem-2.ext", "stem-3.ext"...
  std::filesystem::path freshExportPath(std::string_view stem, std::string_view extension) const;

  void writeConfig(const nlohmann::json& config) const;
  nlohmann::json readConfig() const;
  void writeText(std::string_view name, std::string_view text) const;
  std::string readText(std::string_view name) const;

 private:
  explicit RunDirectory(std::filesystem::path root) : root_(std::move(root)) {}
  std::filesystem::path root_;
};

}  // namespace latentlab
