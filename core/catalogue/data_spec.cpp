#include "catalogue/data_spec.h"

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <filesystem>

#include "util/error.h"

namespace latentlab {
namespace {

std::string trim(const std::string& text) {
  const auto first = text.find_first_not_of(" \t\r\n");
  if (first == std::string::npos) return {};
  return text.substr(first, text.find_last_not_of(" \t\r\n") - first + 1);
}

// Shells expand "~" before we see it, but a GUI text field does not.
std::string expandHome(const std::string& path) {
  const char* home = std::getenv("HOME");
  if (home && (path == "~" || path.rfind("~/", 0) == 0)) return home + path.substr(1);
  return path;
}

}  // namespace

const std::vector<DataSpecKind>& dataSpecKinds() {
  static const std::vector<DataSpecKind> kinds = {
      {DataSpec::Kind::FashionMnist, "fashion-mnist", "fashion-mnist", false, "Debian's dataset-fashion-mnist"},
      {DataSpec::Kind::Mnist, "mnist", "mnist:DIR", true, "any IDX files"},
      {DataSpec::Kind::Folder, "folder", "folder:DIR", true, "images in a folder (subfolders are classes)"},
      {DataSpec::Kind::Shapes, "shapes", "shapes", false, "built-in sprites with known factors"},
  };
  return kinds;
}

const DataSpecKind& dataSpecKind(DataSpec::Kind kind) {
  for (const auto& k : dataSpecKinds())
    if (k.kind == kind) return k;
  throw Error("unknown data kind " + std::to_string(int(kind)));
}

std::string dataSpecFormsText() {
  const auto& kinds = dataSpecKinds();
  std::string text;
  for (size_t i = 0; i < kinds.size(); ++i)
    text += (i == 0 ? "" : i + 1 == kinds.size() ? " or " : ", ") + std::string(kinds[i].form);
  return text;
}

std::string formatDataSpec(const DataSpec& spec) {
  const auto& kind = dataSpecKind(spec.kind);
  return kind.takesPath ? std::string(kind.name) + ":" + spec.path : kind.name;
}

DataSpec parseDataSpec(const std::string& rawSpec) {
  const std::string spec = trim(rawSpec);
  const auto colon = spec.find(':');
  std::string kind = spec.substr(0, colon);
  std::transform(kind.begin(), kind.end(), kind.begin(), [](unsigned char c) { return char(std::tolower(c)); });
  const bool hasArg = colon != std::string::npos;
  const std::string arg = hasArg ? expandHome(trim(spec.substr(colon + 1))) : "";

  for (const auto& known : dataSpecKinds()) {
    if (kind != known.name) continue;
    if (!known.takesPath && !hasArg) return {known.kind, ""};
    if (known.takesPath && !arg.empty()) return {known.kind, arg};
  }

  std::string message = "unknown data set '" + rawSpec + "': use " + dataSpecFormsText();
  if ((kind == "mnist" || kind == "folder") && arg.empty()) {
    message = "'" + rawSpec + "' names no folder: use " + kind + ":DIR, e.g. " + kind +
              ":/home/me/data (valid forms: " + dataSpecFormsText() + ")";
  } else {
    std::error_code ec;
    if (!spec.empty() && std::filesystem::is_directory(expandHome(spec), ec))
      message += " (for an image folder, write folder:" + spec + "; for IDX files, mnist:" + spec + ")";
  }
  throw Error(message);
}

}  // namespace latentlab
