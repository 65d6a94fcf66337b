// Damaged checkpoints and weights files are refused with "damaged" and their path, never loaded, never an
// exception of another type (docs/run-format.md, "Checksums").
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <ATen/CPUGeneratorImpl.h>
#include <caffe2/serialize/inline_container.h>

#include <cmath>
#include <random>
#include <sstream>

#include "io/atomic_file.h"
#include "io/file_seal.h"
#include "io/torch_archive.h"
#include "synthetic_data.h"
#include "test_support.h"
#include "run/checkpoint.h"
#include "util/error.h"

using namespace latentlab;
namespace fs = std::filesystem;

namespace {

TrainingProgress progressOf(int64_t step, int64_t total, double lr, double beta, int64_t images = 0);

struct Saved {
  test::TempDir dir;
  std::shared_ptr<const Dataset> data = test::makeSquaresDataset(64, 8);
  TrainConfig config;
  std::unique_ptr<ModelRunner> model;
  std::string checkpointBytes, weightsBytes;

  explicit Saved(const TrainingProgress& progress = progressOf(1, 10, 1e-3, 1.0)) {
    config = test::smallConfig(ModelKind::VaeMlp, *data, 10);
    config.model.hidden = 16;
    model = ModelRunner::create(config, torch::kCPU);
    auto noise = at::detail::createCPUGenerator(3);
    saveCheckpoint(RunDirectory::create(dir.path()), *model, config, progress, noise);
    checkpointBytes = readFile(dir / kCheckpointFile);
    weightsBytes = saveWeightsArchive(*model, config, 1);
  }
  // Loads `bytes` as checkpoint.pt of a copy; returns the error text, or "" when it loaded.
  std::string loadCheckpointBytes(const std::string& bytes) {
    test::TempDir copy;
    test::writeBytes(copy / kCheckpointFile, bytes);
    auto loaded = ModelRunner::create(config, torch::kCPU);
    auto noise = at::detail::createCPUGenerator(0);
    try {
      loadCheckpoint(RunDirectory::create(copy.path()), *loaded, config, noise);
    } catch (const Error& e) {
      return e.what();
    }
    const auto a = model->stateTensors(), b = loaded->stateTensors();
    for (size_t i = 0; i < a.size(); ++i)
      if (!torch::equal(a[i], b[i])) return "loaded different weights";
    return "";
  }
  std::string loadWeightsBytes(const std::string& bytes) {
    test::TempDir copy;
    test::writeBytes(copy / "model.pt", bytes);
    auto loaded = ModelRunner::create(config, torch::kCPU);
    try {
      loadWeightsFile(copy / "model.pt", *loaded, config);
    } catch (const Error& e) {
      return e.what();
    }
    return "";
  }
};

TrainingProgress progressOf(int64_t step, int64_t total, double lr, double beta, int64_t images) {
  TrainingProgress p;
  p.step = step;
  p.totalSteps = total;
  p.lr = lr;
  p.beta = beta;
  p.epochImages = images;
  return p;
}

bool saysDamaged(const std::string& text) { return text.find("damaged") != std::string::npos; }

std::string withoutSeal(const std::string& bytes) { return bytes.substr(0, bytes.size() - kSealSize); }

// The archive `bytes` rewritten by LibTorch's own zip writer (valid CRCs), with `code` as its top-level TorchScript
// source instead of the original.
std::string withTopLevelCode(const std::string& bytes, const std::string& code) {
  std::string out;
  caffe2::serialize::PyTorchStreamWriter writer([&](const void* data, size_t size) {
    out.append(static_cast<const char*>(data), size);
    return size;
  });
  for (const auto& record : readTorchArchive(bytes)) {
    const std::string name = record.name.substr(record.name.find('/') + 1);
    if (name == "version" || name == ".data/version") continue;  // the writer adds its own
    const std::string contents = name == "code/__torch__.py" ? code : std::string(record.contents());
    writer.writeRecord(name, contents.data(), contents.size());
  }
  writer.writeEndOfFile();
  return out;
}

}  // namespace

// A checksum over the whole file: every flipped byte is found, wherever it lands (zip headers, tensor data, the
// training record, the seal itself).
TEST(CheckpointIntegrity, EveryFlippedByteIsRefused) {
  Saved saved;
  std::mt19937 rng(20240611);
  for (const bool weightsOnly : {false, true}) {
    const std::string& original = weightsOnly ? saved.weightsBytes : saved.checkpointBytes;
    for (int i = 0; i < 100; ++i) {
      std::string bytes = original;
      const size_t at = std::uniform_int_distribution<size_t>(0, bytes.size() - 1)(rng);
      bytes[at] = char(bytes[at] ^ std::uniform_int_distribution<int>(1, 255)(rng));
      const std::string what = weightsOnly ? saved.loadWeightsBytes(bytes) : saved.loadCheckpointBytes(bytes);
      EXPECT_TRUE(saysDamaged(what)) << "byte " << at << " of " << bytes.size() << ": " << what;
      if (!weightsOnly) {
        EXPECT_NE(what.find(kCheckpointFile), std::string::npos) << what;
      }
    }
  }
}

// Cut anywhere, the file is refused; cut exactly at its seal it is a whole archive without a checksum, which
// loads the same weights (that is also what a run written before checksums looks like).
TEST(CheckpointIntegrity, TruncatedFilesAreRefused) {
  Saved saved;
  std::mt19937 rng(7);
  const size_t size = saved.checkpointBytes.size();
  for (int i = 0; i < 40; ++i) {
    const size_t keep = std::uniform_int_distribution<size_t>(0, size - 1)(rng);
    if (keep == size - kSealSize) continue;
    EXPECT_TRUE(saysDamaged(saved.loadCheckpointBytes(saved.checkpointBytes.substr(0, keep)))) << keep;
  }
  EXPECT_TRUE(saysDamaged(saved.loadCheckpointBytes("")));
  EXPECT_EQ(saved.loadCheckpointBytes(saved.checkpointBytes.substr(0, size - kSealSize)), "");
}

TEST(CheckpointIntegrity, FilesWithoutChecksumStillLoad) {
  Saved saved;  // format 2 before checksums: the same archive, no seal
  EXPECT_EQ(saved.loadCheckpointBytes(saved.checkpointBytes.substr(0, saved.checkpointBytes.size() - kSealSize)), "");
  EXPECT_EQ(saved.loadWeightsBytes(saved.weightsBytes.substr(0, saved.weightsBytes.size() - kSealSize)), "");
}

// A run written before checksums has no seal: the zip's own CRC-32s still find damage in any entry (LibTorch 1.13
// checks none of them, and could crash on damaged TorchScript source in the archive). A flipped byte in a field
// nobody reads (a timestamp, padding) may load, but then with the same weights.
TEST(CheckpointIntegrity, DamageToAFileWithoutChecksumIsFoundByTheZipChecksums) {
  Saved saved;
  const std::string original = withoutSeal(saved.checkpointBytes);
  const auto records = readTorchArchive(original);
  std::mt19937 rng(99);
  int refused = 0, trials = 0;
  for (const auto& record : records) {
    if (record.compressed || record.stored.empty()) continue;
    for (int i = 0; i < 3; ++i, ++trials) {
      std::string bytes = original;
      const size_t at = size_t(record.stored.data() - original.data()) +
                        std::uniform_int_distribution<size_t>(0, record.stored.size() - 1)(rng);
      bytes[at] = char(bytes[at] ^ 0x10);
      const std::string what = saved.loadCheckpointBytes(bytes);
      EXPECT_TRUE(saysDamaged(what) && what.find(record.name) != std::string::npos) << record.name << ": " << what;
      refused += saysDamaged(what);
    }
  }
  EXPECT_GT(trials, 20);
  EXPECT_EQ(refused, trials);
  for (int i = 0; i < 200; ++i) {  // anywhere in the file, headers included
    std::string bytes = original;
    const size_t at = std::uniform_int_distribution<size_t>(0, bytes.size() - 1)(rng);
    bytes[at] = char(bytes[at] ^ std::uniform_int_distribution<int>(1, 255)(rng));
    const std::string what = saved.loadCheckpointBytes(bytes);
    EXPECT_TRUE(what.empty() || saysDamaged(what)) << "byte " << at << ": " << what;
  }
}

// Our archives' TorchScript source only describes modules of attributes; any other line (here a class constant,
// the construct whose damaged form crashed LibTorch's parser in tests/fuzz/regressions/checkpoint) is refused
// before LibTorch parses it, even with every checksum valid.
TEST(CheckpointIntegrity, TorchScriptSourceOtherThanAModuleDescriptionIsRefused) {
  Saved saved;
  const std::string original = withoutSeal(saved.checkpointBytes);
  const std::string code(findRecord(readTorchArchive(original), "code/__torch__.py")->contents());
  EXPECT_EQ(saved.loadCheckpointBytes(sealBytes(withTopLevelCode(original, code))), "");
  for (const std::string& bad : {code + "  limit : Final[int] = 3\n", code + "  def forward(self):\n    return 1\n",
                                 std::string("import os\n") + code, code + "  x : " + std::string(5000, 'T') + "\n"}) {
    const std::string what = saved.loadCheckpointBytes(sealBytes(withTopLevelCode(original, bad)));
    EXPECT_TRUE(saysDamaged(what) && what.find("module description") != std::string::npos) << what;
  }
}

TEST(CheckpointIntegrity, NonFiniteWeightsAreRefused) {
  Saved saved;
  {
    torch::NoGradGuard noGrad;
    saved.model->stateTensors()[0].view(-1)[5] = std::nanf("");
  }
  const TrainingProgress progress = progressOf(1, 10, 1e-3, 1.0);
  auto noise = at::detail::createCPUGenerator(3);
  saveCheckpoint(RunDirectory::create(saved.dir.path()), *saved.model, saved.config, progress, noise);
  const std::string what = saved.loadCheckpointBytes(readFile(saved.dir / kCheckpointFile));
  EXPECT_TRUE(saysDamaged(what) && what.find("not finite") != std::string::npos) << what;
  const std::string weights = saved.loadWeightsBytes(saveWeightsArchive(*saved.model, saved.config, 1));
  EXPECT_TRUE(saysDamaged(weights) && weights.find("not finite") != std::string::npos) << weights;
}

// A file whose checksum matches but whose contents are not ours (hand-made, or written by a broken program): every
// way its record or archive can be wrong ends in a latentlab::Error saying "damaged", never another exception.
// (Random bytes inside the zip structure are not tried here: LibTorch 1.13's reader can crash on them, which is
// why the checksum is checked before LibTorch sees a byte.)
TEST(CheckpointIntegrity, WrongContentsWithAValidChecksumGiveLatentlabErrors) {
  Saved saved;
  const std::vector<std::string> records =
      {"not json", "[1, 2]", "{}", R"({"model": 3})", R"({"model": {"kind": "vae-mlp"}})", R"({"step": "7"})"};
  int cases = 0;
  for (const auto& record : records) {
    torch::serialize::OutputArchive archive;
    saved.model->save(archive);
    archive.write("meta", c10::IValue(record));
    std::ostringstream out;
    archive.save_to(out);
    std::string what;
    EXPECT_NO_THROW(what = saved.loadCheckpointBytes(sealBytes(out.str()))) << record;
    EXPECT_TRUE(saysDamaged(what)) << record << ": " << what;
    ++cases;
  }
  // A whole record with fields of the wrong type.
  nlohmann::json meta = nlohmann::json::parse(R"({"step": 1, "total_steps": 10, "lr": "fast", "beta": 1,
      "epoch_loss_sum": 0, "epoch_images": 0, "epochs": [], "events": {}})");
  meta["model"] = toJson(saved.config)["model"];
  for (const char* field : {"lr", "events", "step"}) {
    nlohmann::json bad = meta;
    if (std::string(field) != "lr") bad["lr"] = 0.001;
    if (std::string(field) == "step") bad["events"] = nlohmann::json::array(), bad["step"] = 1.5;
    torch::serialize::OutputArchive archive;
    saved.model->save(archive);
    archive.write("rng", at::detail::createCPUGenerator(1).get_state());
    archive.write("meta", c10::IValue(bad.dump()));
    std::ostringstream out;
    archive.save_to(out);
    std::string what;
    EXPECT_NO_THROW(what = saved.loadCheckpointBytes(sealBytes(out.str()))) << field;
    EXPECT_TRUE(saysDamaged(what)) << field << ": " << what;
    ++cases;
  }
  EXPECT_TRUE(saysDamaged(saved.loadCheckpointBytes(sealBytes("PK\x03\x04 not an archive at all"))));
  EXPECT_EQ(cases, 9);
}

TEST(CheckpointIntegrity, OutOfRangeTrainingRecordIsRefusedNamingTheField) {
  struct Case {
    TrainingProgress progress;
    const char* field;
  };
  const Case cases[] = {{progressOf(1, 10, -1000, 1.0), "\"lr\""},
                        {progressOf(1, 10, 1e300, 1.0), "\"lr\""},
                        {progressOf(1, 10, 1e-3, 9e9), "\"beta\""},
                        {progressOf(-99, 10, 1e-3, 1.0), "\"step\""},
                        {progressOf(50, 10, 1e-3, 1.0), "\"total_steps\""},
                        {progressOf(1, 10, 1e-3, 1.0, -5), "\"epoch_images\""}};
  for (const auto& c : cases) {
    Saved saved(c.progress);
    const std::string what = saved.loadCheckpointBytes(saved.checkpointBytes);
    EXPECT_NE(what.find(c.field), std::string::npos) << c.field << ": " << what;
  }
  TrainingProgress badEvent = progressOf(5, 10, 1e-3, 1.0);
  badEvent.events.push_back({-3, "x"});
  Saved saved(badEvent);
  EXPECT_NE(saved.loadCheckpointBytes(saved.checkpointBytes).find("events.step"), std::string::npos);
}
