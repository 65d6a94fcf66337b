#include "import/script_file.h"

#include <caffe2/serialize/inline_container.h>
#include <caffe2/serialize/versions.h>
#include <torch/version.h>

#include <algorithm>
#include <cstring>
#include <sstream>

#include "util/error.h"

namespace latentlab {

namespace {

uint32_t little(const std::string& b, size_t at, int bytes) {
  uint32_t value = 0;
  for (int i = bytes - 1; i >= 0; --i) value = value << 8 | uint8_t(b[at + size_t(i)]);
  return value;
}

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

}  // namespace

std::string libtorchVersion() { return TORCH_VERSION; }

// PyTorch stores every record of its archives uncompressed, so the version record can be read through the zip's
// central directory without unpacking anything. Reading it first lets a file from a newer PyTorch be named as
// such, before LibTorch's reader refuses it with a message about "the maximum supported version".
int64_t archiveFormatVersion(const std::string& bytes) {
  // The end-of-central-directory record: the last "PK\5\6" within the final 64 KiB (its comment may follow it).
  if (bytes.size() < 22) return -1;
  size_t end = std::string::npos;
  for (size_t at = bytes.size() - 22;; --at) {
    if (std::memcmp(bytes.data() + at, "PK\x05\x06", 4) == 0) {
      end = at;
      break;
    }
    if (at == 0 || bytes.size() - at > 65557) break;
  }
  if (end == std::string::npos) return -1;
  const uint32_t entries = little(bytes, end + 10, 2);
  size_t at = little(bytes, end + 16, 4);
  for (uint32_t i = 0; i < entries; ++i) {
    if (at + 46 > bytes.size() || std::memcmp(bytes.data() + at, "PK\x01\x02", 4) != 0) return -1;
    const uint32_t method = little(bytes, at + 10, 2), size = little(bytes, at + 20, 4);
    const uint32_t nameLength = little(bytes, at + 28, 2), extraLength = little(bytes, at + 30, 2);
    const uint32_t commentLength = little(bytes, at + 32, 2), local = little(bytes, at + 42, 4);
    if (at + 46 + nameLength > bytes.size()) return -1;
    const std::string recordName = bytes.substr(at + 46, nameLength);
    at += 46 + size_t(nameLength) + extraLength + commentLength;
    const auto slash = recordName.find('/');
    // "<archive>/version", or "<archive>/.data/version" as newer writers (and LibTorch's own) name it.
    const std::string record = slash == std::string::npos ? "" : recordName.substr(slash);
    if (method != 0 || (record != "/version" && record != "/.data/version")) continue;
    if (size_t(local) + 30 > bytes.size() || std::memcmp(bytes.data() + local, "PK\x03\x04", 4) != 0) return -1;
    const size_t data = size_t(local) + 30 + little(bytes, local + 26, 2) + little(bytes, local + 28, 2);
    if (data > bytes.size() || size > bytes.size() - data) return -1;
    int64_t version = 0;
    size_t digits = 0;
    for (; digits < std::min<size_t>(size, 18) && std::isdigit(uint8_t(bytes[data + digits])); ++digits)
      version = version * 10 + (bytes[data + digits] - '0');
    return digits > 0 ? version : -1;
  }
  return -1;
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
  const int64_t version = archiveFormatVersion(bytes);
  const int64_t newest = int64_t(caffe2::serialize::kMaxSupportedFileFormatVersion);
  if (version > newest)
    throw Error(name + " was saved by a newer PyTorch (file format version " + std::to_string(version) +
                "); this LatentLab is built with LibTorch " + libtorchVersion() + ", which reads versions " +
                std::to_string(caffe2::serialize::kMinSupportedFileFormatVersion) + " to " + std::to_string(newest) +
                ". Save the model with PyTorch " + libtorchVersion() +
                " (Debian's python3-torch is the same library), or rebuild LatentLab against a newer LibTorch");
  std::vector<std::string> records;
  try {
    std::istringstream in(bytes);
    caffe2::serialize::PyTorchStreamReader reader(&in);
    records = reader.getAllRecords();
  } catch (const c10::Error& e) {
    const size_t tail = bytes.size() > 65557 ? bytes.size() - 65557 : 0;
    if (bytes.find("PK\x05\x06", tail) == std::string::npos)
      throw Error(name + " is cut short or damaged: its zip archive has no end record (copy or save the file again)");
    if (version < 0) throw Error(notTorchScript(name, "a zip archive of something else (no PyTorch version record)"));
    throw Error(name + " is a zip archive PyTorch cannot read (damaged or cut short?): " + shortReason(e));
  }
  const auto has = [&](const std::string& prefix) {
    return std::any_of(records.begin(), records.end(), [&](const std::string& r) { return r.rfind(prefix, 0) == 0; });
  };
  if (!has("code/") || !has("constants.pkl")) {
    if (has("data.pkl")) throw Error(notTorchScript(name, "a file saved with torch.save (a state_dict or a pickled model)"));
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
