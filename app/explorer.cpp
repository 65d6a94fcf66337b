#include "explorer.h"

#include <imgui.h>
#include <nlohmann/json.hpp>

#include <cmath>
#include <random>

#include "io/atomic_file.h"
#include "io/run_directory.h"
#include "train/metrics_csv.h"
#include "util/error.h"

namespace latentlab {

namespace {

TrainerOptions guiTrainerOptions() {
  TrainerOptions options;
  options.publishIntervalSeconds = 0.25;
  options.latentRefreshSeconds = 3.0;
  options.autosaveSeconds = 60.0;
  return options;
}

// Small data images are exported magnified (nearest neighbour) so they can be seen.
Image magnify(const Image& image, int minSide) {
  const int factor = std::max(1, minSide / std::max(1, std::min(image.width, image.height)));
  if (factor == 1) return image;
  Image big(image.width * factor, image.height * factor, image.channels);
  for (int y = 0; y < big.height; ++y)
    for (int x = 0; x < big.width; ++x)
      std::copy_n(image.row(y / factor) + size_t(x / factor) * image.channels, image.channels,
                  big.row(y) + size_t(x) * big.channels);
  return big;
}

}  // namespace

Explorer::Explorer() = default;

Explorer::~Explorer() {
  cancel_ = true;
  if (loading_.valid()) loading_.wait();
  trainer_.reset();  // stops within a step, saves a run that has a directory, joins
}

void Explorer::report(const std::string& message) {
  info = message;
  infoTime = ImGui::GetTime();
}

void Explorer::fail(const std::string& message) { error = message; }

void Explorer::openData(const std::string& spec) {
  if (loading()) {
    fail("still loading '" + loadingSpec_ + "': wait for it to finish");
    return;
  }
  error.clear();
  loadingSpec_ = spec;
  progress_ = 0;
  cancel_ = false;
  DataOptions options;
  options.size = form.dataSize;
  options.channels = form.dataChannels;
  options.seed = form.seed;
  options.cancel = &cancel_;
  options.onProgress = [this](float p, const std::string&) { progress_ = p; };
  loading_ = std::async(std::launch::async, [spec, options]() -> std::shared_ptr<const Dataset> {
    return std::make_shared<const Dataset>(loadDataset(spec, options));
  });
}

void Explorer::adoptData(std::shared_ptr<const Dataset> loaded) {
  data = std::move(loaded);
  form.dataSpec = data->spec;
  form.model.channels = int(data->channels());
  form.model.height = int(data->height());
  form.model.width = int(data->width());
  report("opened " + data->name + ": " + std::to_string(data->train.size()) + " training images");
}

void Explorer::newRun() {
  if (!data) {
    fail("no data set yet: choose one and press Load");
    return;
  }
  try {
    TrainConfig config = form;
    config.dataSpec = data->spec;
    config.model.channels = int(data->channels());
    config.model.height = int(data->height());
    config.model.width = int(data->width());
    auto next = std::make_unique<Trainer>(data, config, std::filesystem::path(), guiTrainerOptions());
    trainer_ = std::move(next);  // the old trainer saves (if it had a directory) and joins
    snapshot = trainer_->snapshot();
    decoderVersion_ = -1;
    pickA = pickB = -1;
    code.assign(size_t(config.model.latent), 0.0f);
    error.clear();
    report(std::string("new ") + modelKindName(config.model.kind) + " with latent size " +
           std::to_string(config.model.latent));
  } catch (const std::exception& e) {
    fail(e.what());
  }
}

void Explorer::openRun(const std::string& dir) {
  try {
    const RunDirectory run = RunDirectory::open(dir);
    const TrainConfig config = trainConfigFromJson(run.readConfig());
    form = config;
    const bool sameData = data && data->spec == config.dataSpec && data->channels() == config.model.channels &&
                          data->height() == config.model.height && data->width() == config.model.width;
    if (!sameData) {
      runToOpen_ = dir;
      openData(config.dataSpec);
      return;
    }
    auto next = Trainer::resume(data, dir, guiTrainerOptions());
    trainer_ = std::move(next);
    snapshot = trainer_->snapshot();
    decoderVersion_ = -1;
    pickA = pickB = -1;
    code.assign(size_t(config.model.latent), 0.0f);
    error.clear();
    report(snapshot->message);
  } catch (const std::exception& e) {
    fail(e.what());  // the current run keeps going
  }
}

// Adam's usual learning rates: 1e-3 trains a VAE well, GANs need 2e-4 (DCGAN paper). Only the untouched
// default is swapped: a rate the user typed stays.
constexpr double kVaeLearningRate = 1e-3, kGanLearningRate = 2e-4;

void Explorer::chooseModel(ModelKind kind) {
  if (isGan(kind) && form.lr == kVaeLearningRate) form.lr = kGanLearningRate;
  if (!isGan(kind) && form.lr == kGanLearningRate) form.lr = kVaeLearningRate;
  form.model.kind = kind;
}

// A run is never written over another one: when saveDir already holds a run (an earlier session's), the next
// free "saveDir-2", "saveDir-3"... is used, and the field shows it.
std::string Explorer::freeSaveDir() {
  std::string dir = saveDir;
  for (int n = 2; RunDirectory::isRunDirectory(dir); ++n) dir = saveDir + "-" + std::to_string(n);
  saveDir = dir;
  return dir;
}

void Explorer::saveRun() {
  if (!trainer_) return;
  if (snapshot && !snapshot->runDir.empty()) {
    trainer_->save();
    report("saving to " + snapshot->runDir);
  } else {
    const std::string dir = freeSaveDir();
    trainer_->saveAs(dir);
    report("saving to " + dir);
  }
}

void Explorer::update() {
  if (loading_.valid() && loading_.wait_for(std::chrono::seconds(0)) == std::future_status::ready) {
    try {
      adoptData(loading_.get());
      const std::string run = std::exchange(runToOpen_, {});
      if (!run.empty()) openRun(run);
      else newRun();
    } catch (const std::exception& e) {
      runToOpen_.clear();
      fail(e.what());
    }
  }
  if (!trainer_) return;
  snapshot = trainer_->snapshot();
  if (snapshot->decoder && snapshot->decoderVersion != decoderVersion_) {
    decoder_.setWeights(snapshot->decoder);
    decoderVersion_ = snapshot->decoderVersion;
    if (int(code.size()) != decoder_.latentDims()) code.assign(size_t(decoder_.latentDims()), 0.0f);
  }
  if (autostart) {
    autostart = false;
    trainer_->start();
  }
}

void Explorer::toggleTraining() {
  if (!trainer_) return;
  if (trainer_->state() == TrainerState::Running) trainer_->pause();
  else trainer_->start();
}

void Explorer::randomCode() {
  static std::mt19937 rng(std::random_device{}());
  std::normal_distribution<float> normal;
  for (auto& v : code) v = normal(rng);
}

void Explorer::pickRandomPoints() {
  if (!snapshot || !snapshot->latents || snapshot->latents->count < 2) return;
  static std::mt19937 rng(std::random_device{}());
  std::uniform_int_distribution<int> index(0, int(snapshot->latents->count) - 1);
  pickA = index(rng);
  do pickB = index(rng);
  while (pickB == pickA);
}

void Explorer::resetCode() { std::fill(code.begin(), code.end(), 0.0f); }

std::vector<float> Explorer::pointCode(int index) const {
  if (!snapshot || !snapshot->latents || index < 0 || index >= snapshot->latents->count) return {};
  const auto& l = *snapshot->latents;
  return {l.codes.begin() + long(index) * l.dims, l.codes.begin() + long(index + 1) * l.dims};
}

void Explorer::setCodeFromPoint(int index) {
  auto point = pointCode(index);
  if (point.size() == code.size()) code = std::move(point);
}

Image Explorer::dataImage(int index) const {
  if (!data || !snapshot || !snapshot->latents || !snapshot->latents->scores.empty()) return {};
  return imageAt(data->train, index);
}

Image Explorer::decodeCode() {
  if (!decoder_.ready() || int(code.size()) != decoder_.latentDims()) return {};
  return decoder_.decodeOne(code);
}

std::filesystem::path Explorer::exportPath(const std::string& stem, const std::string& extension) {
  if (!trainer_) throw Error("no run yet");
  if (!snapshot || snapshot->runDir.empty()) {
    // Exports belong with the run that made them, so a run without a directory is saved first (to the Save
    // field's folder), rather than scattering files in a default folder nobody connects to the run later.
    const std::string dir = freeSaveDir();
    trainer_->saveAs(dir);
    trainer_->sync();
    snapshot = trainer_->snapshot();
    if (snapshot->runDir.empty()) throw Error("cannot save the run to '" + dir + "': " + snapshot->error);
  }
  return RunDirectory::open(snapshot->runDir).freshExportPath(stem, extension);
}

void Explorer::exportFile(const std::string& stem, const std::string& extension, const std::string& bytes) {
  try {
    const auto path = exportPath(stem, extension);
    writeFileAtomic(path, bytes);
    lastExport = path.string();
    report("exported " + lastExport);
  } catch (const std::exception& e) {
    fail(std::string("export failed: ") + e.what());
  }
}

void Explorer::exportImage(const std::string& stem, const Image& image) {
  if (image.empty()) fail("nothing to export yet");
  else exportFile(stem, "png", encodePng(magnify(image, 256)));
}

void Explorer::exportCurrentImage() { exportImage("image", decodeCode()); }

void Explorer::exportSampleGrid() {
  if (!decoder_.ready()) return;
  std::mt19937 rng(1234);
  std::normal_distribution<float> normal;
  std::vector<Code> codes(64, Code(size_t(decoder_.latentDims())));
  for (auto& c : codes)
    for (auto& v : c) v = normal(rng);
  exportImage("samples", makeGrid(decoder_.decode(codes), 8));
}

void Explorer::exportLossCsv() {
  if (snapshot) exportFile("loss-history", "csv", metricsCsv(snapshot->history));
}

void Explorer::exportLatentCsv() {
  if (!snapshot || !snapshot->latents) fail("no latent codes yet: they appear a few seconds after training starts");
  else exportFile("latent-codes", "csv", latentCodesCsv(*snapshot->latents));
}

void Explorer::exportEverything() {
  exportCurrentImage();
  exportSampleGrid();
  exportLossCsv();
  if (snapshot && snapshot->latents) exportLatentCsv();
}

}  // namespace latentlab
