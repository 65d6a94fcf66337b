#include "fuzz_entries.h"

#include <ATen/CPUGeneratorImpl.h>
#include <nlohmann/json.hpp>
#include <stdlib.h>

#include <fstream>
#include <stdexcept>

#include "data/idx_reader.h"
#include "data/image_folder.h"
#include "import/imported_model.h"
#include "run/run_directory.h"
#include "run/run_log.h"
#include "run/checkpoint.h"
#include "runner/model_runner.h"
#include "util/error.h"

namespace latentlab::fuzz {
namespace fs = std::filesystem;
namespace {

// A fresh, empty folder per input (so one input never sees another's files), removed afterwards.
class FreshDir {
 public:
  FreshDir() {
    std::string pattern = (fs::temp_directory_path() / "latentlab-fuzz-XXXXXX").string();
    if (!::mkdtemp(pattern.data())) throw std::runtime_error("mkdtemp failed");
    path_ = pattern;
  }
  ~FreshDir() {
    std::error_code ec;
    fs::remove_all(path_, ec);
  }
  FreshDir(const FreshDir&) = delete;
  FreshDir& operator=(const FreshDir&) = delete;
  const fs::path& path() const { return path_; }

 private:
  fs::path path_;
};

void write(const fs::path& path, std::string_view bytes, std::ios::openmode mode = std::ios::trunc) {
  std::ofstream out(path, std::ios::binary | std::ios::out | mode);
  out.write(bytes.data(), std::streamsize(bytes.size()));
  if (!out.flush()) throw std::runtime_error("cannot write " + path.string());
}

// Runs `work`, accepting a latentlab::Error as the clean refusal of damaged input.
template <typename Work>
void refusedOrAccepted(Work work) {
  try {
    work();
  } catch (const Error&) {}
}

}  // namespace

TrainConfig tinyConfig() {
  TrainConfig config;
  config.dataSpec = "shapes";
  config.model.kind = ModelKind::VaeMlp;
  config.model.latent = 2;
  config.model.hidden = 8;
  config.model.channels = 1;
  config.model.height = 4;
  config.model.width = 4;
  config.batch = 4;
  config.steps = 1;
  config.device = "cpu";
  return config;
}

void idxFile(std::string_view bytes) {
  FreshDir dir;
  write(dir.path() / "file-idx-ubyte", bytes);
  refusedOrAccepted([&] { readIdxImages(dir.path() / "file-idx-ubyte"); });
  refusedOrAccepted([&] { readIdxLabels(dir.path() / "file-idx-ubyte"); });
}

void imageFile(std::string_view bytes) {
  const ImageHeader header = probeImage(bytes);
  if (!header.reason.empty()) return;
  // The loader decodes at the channels and size it chose from all headers; try the cases it can choose.
  for (const auto& [channels, side] : {std::pair{1, 28}, std::pair{3, 4}}) {
    std::vector<uint8_t> out(size_t(channels) * side * side);
    (void)decodeImage(bytes, channels, side, out.data());
  }
}

void configJson(std::string_view bytes) {
  // RunDirectory::readConfig turns parse errors into latentlab::Error; the same text goes through it here.
  FreshDir dir;
  write(dir.path() / RunDirectory::kConfigFile, bytes);
  refusedOrAccepted([&] {
    const auto config = trainConfigFromJson(RunDirectory::create(dir.path()).readConfig());
    (void)toJson(config).dump();  // what is accepted must also write back
  });
}

void checkpointFile(std::string_view bytes) {
  FreshDir dir;
  write(dir.path() / kCheckpointFile, bytes);
  const TrainConfig config = tinyConfig();
  auto model = ModelRunner::create(config, torch::kCPU);
  refusedOrAccepted([&] { loadWeightsFile(dir.path() / kCheckpointFile, *model, config); });
  auto noise = at::detail::createCPUGenerator(1);
  refusedOrAccepted([&] { loadCheckpoint(RunDirectory::create(dir.path()), *model, config, noise); });
}

void runLogs(std::string_view bytes) {
  if (bytes.empty()) return;
  // The first byte picks how the rest arrives: in pieces of 1..64 bytes, each followed by a poll, as a reader
  // sees a file being appended; with the top bit set the file is also replaced halfway (a recreated run).
  const unsigned control = uint8_t(bytes[0]);
  const std::string_view text = bytes.substr(1);
  const size_t piece = 1 + control % 64;
  FreshDir dir;
  MetricsLogReader metrics(dir.path());
  EventLogReader events(dir.path());
  MetricsHistory history;
  RunRecord record;
  for (size_t at = 0; at < text.size(); at += piece) {
    if ((control & 0x80) && at >= text.size() / 2 && at < text.size() / 2 + piece) {
      write(dir.path() / "replacement", text.substr(0, at / 2));
      fs::rename(dir.path() / "replacement", dir.path() / kMetricsLogFile);
      fs::copy_file(dir.path() / kMetricsLogFile, dir.path() / kEventLogFile, fs::copy_options::overwrite_existing);
    }
    const auto part = text.substr(at, piece);
    write(dir.path() / kMetricsLogFile, part, std::ios::app);
    write(dir.path() / kEventLogFile, part, std::ios::app);
    metrics.poll(history);  // the readers skip damaged lines: no exception at all
    events.poll(record);
  }
  // Each line on its own too, the way the readers hand them over.
  RunRecord direct;
  for (size_t start = 0; start <= text.size();) {
    size_t end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    (void)applyEventLine(std::string(text.substr(start, end - start)), direct);
    start = end + 1;
  }
}

void torchScriptFile(std::string_view bytes) {
  // With the latent size given, as a user would after being asked: the module's own checks then run too.
  refusedOrAccepted([&] { (void)ImportedModel::fromBytes(std::string(bytes), "fuzz.pt", ImportOptions{2, ""}); });
}

const std::vector<std::string>& targetNames() {
  static const std::vector<std::string> names{"idx", "image", "config", "checkpoint", "runlog", "torchscript"};
  return names;
}

Entry entryFor(const std::string& target) {
  if (target == "idx") return idxFile;
  if (target == "image") return imageFile;
  if (target == "config") return configJson;
  if (target == "checkpoint") return checkpointFile;
  if (target == "runlog") return runLogs;
  if (target == "torchscript") return torchScriptFile;
  return nullptr;
}

}  // namespace latentlab::fuzz
