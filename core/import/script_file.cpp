#include "import/script_file.h"

#include <caffe2/serialize/versions.h>
#include <torch/version.h>

#include <algorithm>
#include <cstring>
#include <sstream>

#include "io/torch_archive.h"
#include "util/error.h"

namespace latentlab {

namespace {

bool isZip(const std::string& bytes) { return bytes.size() >= 4 && std::memcmp(bytes.data(), "PK\x03\x04", 4) == 0; }

// c10 errors carry a C++ backtrace; the user needs the first lines only.
std::string shortReason(const c10::Error& e) {
  std::string text = e.what_without_backtrace();
  if (text.size() > 400) text = text.substr(0, 400) + "...";
  return text;
}

std::string notTorchScript(const std::string& name, const std::string& what) {
  return name + " is " + what +
         ", not a TorchScript module. Save the model with torch.jit.save(torch.jit.script(model), 'model.pt') "
         "(or torch.jit.trace(model, z)); see README.md, \"Bring your own model\"";
}

// "<archive>/version", or "<archive>/.data/version" as newer writers (and LibTorch's own) name it; -1 when absent.
int64_t formatVersionOf(const std::vector<ArchiveRecord>& records) {
  const ArchiveRecord* record = findRecord(records, ".data/version");
  if (!record) record = findRecord(records, "version");
  if (!record) return -1;
  const std::string_view text = record->contents();
  int64_t version = 0;
  size_t digits = 0;
  for (; digits < std::min<size_t>(text.size(), 18) && std::isdigit(uint8_t(text[digits])); ++digits)
    version = version * 10 + (text[digits] - '0');
  return digits > 0 ? version : -1;
}

}  // namespace

std::string libtorchVersion() { return TORCH_VERSION; }

int64_t archiveFormatVersion(const std::string& bytes) {
  try {
    return formatVersionOf(readTorchArchive(bytes));
  } catch (const ArchiveDamaged&) {
    return -1;
  }
}

torch::jit::Module loadScriptModule(const std::string& bytes, const std::string& name) {
  if (bytes.empty()) throw Error(name + " is empty");
  if (!isZip(bytes)) {
    if (uint8_t(bytes[0]) == 0x80)
      throw Error(notTorchScript(name, "a pickle (torch.save in the legacy format: a state_dict or a model)"));
    const bool text = std::all_of(bytes.begin(), bytes.begin() + long(std::min<size_t>(bytes.size(), 512)),
                                  [](char c) { return c == '\n' || c == '\r' || c == '\t' || (c >= 32 && c < 127); });
    throw Error(notTorchScript(name, text ? "a text file" : "not a zip archive"));
  }
  // Every entry is checked (bounds, CRC-32) before LibTorch reads any: LibTorch checks none, and a damaged archive
  // can crash its reader instead of throwing (core/io/torch_archive.h).
  std::vector<ArchiveRecord> archive;
  try {
    archive = readTorchArchive(bytes);
  } catch (const ArchiveDamaged& e) {
    throw Error(name + " is cut short or damaged (" + e.what() + "): copy or save the file again");
  }
  const int64_t version = formatVersionOf(archive);
  const int64_t newest = int64_t(caffe2::serialize::kMaxSupportedFileFormatVersion);
  if (version > newest)
    throw Error(name + " was saved by a newer PyTorch (file format version " + std::to_string(version) +
                "); this LatentLab is built with LibTorch " + libtorchVersion() + ", which reads versions " +
                std::to_string(caffe2::serialize::kMinSupportedFileFormatVersion) + " to " + std::to_string(newest) +
                ". Save the model with PyTorch " + libtorchVersion() +
                " (Debian's python3-torch is the same library), or rebuild LatentLab against a newer LibTorch");
  const auto has = [&](const std::string& part) {
    return std::any_of(archive.begin(), archive.end(), [&](const ArchiveRecord& r) {
      const auto slash = r.name.find('/');
      return slash != std::string::npos && r.name.compare(slash + 1, part.size(), part) == 0;
    });
  };
  if (version < 0 && !has("data.pkl"))
    throw Error(notTorchScript(name, "a zip archive of something else (no PyTorch version record)"));
  if (!has("code/") || !has("constants.pkl")) {
    if (has("data.pkl"))
      throw Error(notTorchScript(name, "a file saved with torch.save (a state_dict or a pickled model)"));
    throw Error(notTorchScript(name, "a zip archive of something else (no data.pkl, no code/)"));
  }
  try {
    std::istringstream in(bytes);
    auto module = torch::jit::load(in, torch::kCPU);
    module.eval();
    return module;
  } catch (const c10::Error& e) {
    throw Error(name + " could not be loaded as TorchScript by LibTorch " + libtorchVersion() +
                " (a module saved by a newer PyTorch may use operators this version does not have): " + shortReason(e));
  } catch (const std::exception& e) {
    throw Error(name + " could not be loaded as TorchScript: " + std::string(e.what()));
  }
}

}  // namespace latentlab
