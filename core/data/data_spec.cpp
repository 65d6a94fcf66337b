#include "data/data_spec.h"

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

DataSpec parseDataSpec(const std::string& rawSpec) {
  const std::string spec = trim(rawSpec);
  const auto colon = spec.find(':');
  std::string kind = spec.substr(0, colon);
  std::transform(kind.begin(), kind.end(), kind.begin(), [](unsigned char c) { return char(std::tolower(c)); });
  const bool hasArg = colon != std::string::npos;
  const std::string arg = hasArg ? expandHome(trim(spec.substr(colon + 1))) : "";

  if ((kind == "fashion-mnist" || kind == "shapes") && !hasArg)
    return {kind == "shapes" ? DataSpec::Kind::Shapes : DataSpec::Kind::FashionMnist, ""};
  if ((kind == "mnist" || kind == "folder") && !arg.empty())
    return {kind == "mnist" ? DataSpec::Kind::Mnist : DataSpec::Kind::Folder, arg};

  std::string message = "unknown data set '" + rawSpec + "': use " + kDataSpecForms;
  if ((kind == "mnist" || kind == "folder") && arg.empty()) {
    message = "'" + rawSpec + "' names no folder: use " + kind + ":DIR, e.g. " + kind + ":/home/me/data (valid forms: " +
              kDataSpecForms + ")";
  } else {
    std::error_code ec;
    if (!spec.empty() && std::filesystem::is_directory(expandHome(spec), ec))
      message += " (for an image folder, write folder:" + spec + "; for IDX files, mnist:" + spec + ")";
  }
  throw Error(message);
}

}  // namespace latentlab
