#include "run/run_directory.h"

#include <nlohmann/json.hpp>

#include "io/atomic_file.h"
#include "util/error.h"

namespace latentlab {
namespace fs = std::filesystem;

RunDirectory RunDirectory::create(const fs::path& root) {
  std::error_code ec;
  if (fs::exists(root, ec) && !fs::is_directory(root, ec))
    throw Error("cannot use '" + root.string() + "' as a run directory: it is a file");
  fs::create_directories(root / kExportsDir, ec);
  if (ec) throw Error("cannot create run directory '" + root.string() + "': " + ec.message());
  return RunDirectory(root);
}

bool RunDirectory::isRunDirectory(const fs::path& root) {
  std::error_code ec;
  return fs::is_regular_file(root / kConfigFile, ec);
}

RunDirectory RunDirectory::open(const fs::path& root) {
  std::error_code ec;
  if (!fs::exists(root, ec)) throw Error("run directory not found: '" + root.string() + "'");
  if (!fs::is_directory(root, ec)) throw Error("not a run directory (it is a file): '" + root.string() + "'");
  if (!isRunDirectory(root)) throw Error("not a run directory: '" + root.string() + "' has no " + kConfigFile);
  return RunDirectory(root);
}

fs::path freshPathIn(const fs::path& folder, std::string_view stem, std::string_view extension) {
  std::error_code ec;
  fs::create_directories(folder, ec);
  if (ec) throw Error("cannot create '" + folder.string() + "': " + ec.message());
  const std::string base(stem), ext(extension);
  fs::path candidate = folder / (base + "." + ext);
  for (int n = 2; fs::exists(candidate, ec); ++n) candidate = folder / (base + "-" + std::to_string(n) + "." + ext);
  return candidate;
}

fs::path RunDirectory::freshExportPath(std::string_view stem, std::string_view extension) const {
  return freshPathIn(exportsDir(), stem, extension);
}

void RunDirectory::writeConfig(const nlohmann::json& config) const { writeText(kConfigFile, config.dump(2) + "\n"); }

nlohmann::json RunDirectory::readConfig() const {
  const fs::path path = file(kConfigFile);
  const std::string text = readFile(path);
  try {
    nlohmann::json config = nlohmann::json::parse(text);
    if (!config.is_object()) throw Error("'" + path.string() + "' is not a JSON object");
    return config;
  } catch (const nlohmann::json::exception& e) {
    throw Error("'" + path.string() + "' is not valid JSON: " + e.what());
  }
}

void RunDirectory::writeText(std::string_view name, std::string_view text) const { writeFileAtomic(file(name), text); }

std::string RunDirectory::readText(std::string_view name) const { return readFile(file(name)); }

}  // namespace latentlab
