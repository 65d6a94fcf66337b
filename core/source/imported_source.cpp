#include "source/imported_source.h"

#include "import/imported_runner.h"
#include "runner/model_views.h"
#include "util/thread_priority.h"

namespace latentlab {

ImportedSource::ImportedSource(std::filesystem::path file, ImportOptions options, std::shared_ptr<const Dataset> data,
                               int64_t maxLatentPoints)
    : file_(std::move(file)), options_(std::move(options)), data_(data), maxLatentPoints_(maxLatentPoints) {
  auto first = std::make_shared<Snapshot>();
  first->source.kind = SourceKind::Imported;
  first->source.note = "opening " + file_.string() + "...";
  snapshot_ = std::move(first);
  thread_ = std::thread([this, data = std::move(data), maxLatentPoints] { run(data, maxLatentPoints); });
}

ImportedSource::~ImportedSource() {
  quit_ = true;
  thread_.join();
}

std::shared_ptr<const Snapshot> ImportedSource::snapshot() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return snapshot_;
}

std::optional<ImportedInfo> ImportedSource::modelFileInfo() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return info_;
}

SourceAbilities ImportedSource::abilities() const {
  std::lock_guard<std::mutex> lock(mutex_);
  SourceAbilities can;
  can.encode = info_ && info_->hasEncoder && data_;  // hasEncoder is false where encode(x) does not fit
  return can;
}

std::unique_ptr<Source> ImportedSource::withData(std::shared_ptr<const Dataset> data) const {
  return std::make_unique<ImportedSource>(file_, options_, std::move(data), maxLatentPoints_);
}

std::unique_ptr<Source> ImportedSource::withImportOptions(const ImportOptions& options) const {
  return std::make_unique<ImportedSource>(file_, options, data_, maxLatentPoints_);
}

void ImportedSource::publish(std::shared_ptr<const Snapshot> next) {
  std::lock_guard<std::mutex> lock(mutex_);
  snapshot_ = std::move(next);
}

void ImportedSource::run(std::shared_ptr<const Dataset> data, int64_t maxLatentPoints) {
  nameThisThread("ll-import");
  torch::NoGradGuard noGrad;  // thread-local: this worker only evaluates
  auto snap = std::make_shared<Snapshot>(*snapshot());
  try {
    auto model = std::make_shared<const ImportedModel>(ImportedModel::open(file_, options_));
    const ImportedInfo& info = model->info();
    {
      std::lock_guard<std::mutex> lock(mutex_);
      info_ = info;
    }
    auto& m = snap->config.model;
    m.kind = info.hasEncoder ? ModelKind::VaeMlp : ModelKind::GanMlp;  // which views apply: codes need an encoder
    m.latent = info.latent;
    m.channels = info.channels;
    m.height = info.height;
    m.width = info.width;
    snap->config.dataSpec = data ? data->spec : "";
    snap->version = 1;
    snap->modelStep = 0;
    snap->source.note = info.summary();
    snap->message = info.encoderProblem.empty() ? "" : "encode(x) is not used: " + info.encoderProblem;
    auto runner = makeImportedRunner(model);
    snap->decoder = runner->decoderCopy();
    publish(std::make_shared<const Snapshot>(*snap));  // the sliders work from here on
    if (!data || quit_) {
      busy_ = false;
      return;
    }
    if (info.hasEncoder) model->checkDataShape(*data);  // a generator's samples are shown beside any data
    const ViewInputs inputs = makeViewInputs(snap->config, *data, torch::kCPU, maxLatentPoints);
    ModelView view = computeModelView(*runner, inputs, 0);
    view.decoder = snap->decoder;
    showModel(*snap, view);
    ++snap->version;
    publish(std::make_shared<const Snapshot>(*snap));
    if (!info.hasEncoder || quit_) {
      busy_ = false;
      return;
    }
    snap->latents = computeLatentCodes(*runner, inputs, *data, snap->config, 0, maxLatentPoints, torch::kCPU);
    ++snap->version;
  } catch (const LatentSizeUnknown& e) {
    snap->error = {"", e.what(), "type its latent size"};
    snap->source.note = "needs its latent size: type it under Data & model";
    needsLatent_ = true;
  } catch (const std::exception& e) {
    snap->error = failureOf("", e);
    // The note says where it stands; why is in the status line.
    if (snap->version == 0) snap->source.note = "could not open " + file_.filename().string();
  }
  publish(std::make_shared<const Snapshot>(*snap));
  busy_ = false;
}

}  // namespace latentlab
