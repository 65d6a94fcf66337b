#include "train/checkpoint.h"

#include <nlohmann/json.hpp>

#include <sstream>

#include "io/atomic_file.h"
#include "util/error.h"

namespace latentlab {
namespace {

std::string shapeText(const ModelConfig& m) {
  return std::string(modelKindName(m.kind)) + " with latent size " + std::to_string(m.latent) + " on " +
         std::to_string(m.channels) + "x" + std::to_string(m.height) + "x" + std::to_string(m.width) + " images";
}

nlohmann::json progressJson(const TrainingProgress& p, const TrainConfig& config) {
  nlohmann::json epochs = nlohmann::json::array(), events = nlohmann::json::array();
  for (const auto& e : p.epochs)
    epochs.push_back({{"step", e.step}, {"epoch", e.epoch}, {"train", e.trainLoss}, {"test", e.testLoss}});
  for (const auto& e : p.events) events.push_back({{"step", e.step}, {"text", e.text}});
  return {{"model", toJson(config)["model"]},
          {"step", p.step},
          {"total_steps", p.totalSteps},
          {"lr", p.lr},
          {"beta", p.beta},
          {"epoch_loss_sum", p.epochLossSum},
          {"epoch_images", p.epochImages},
          {"epochs", epochs},
          {"events", events}};
}

TrainingProgress progressFromJson(const nlohmann::json& j) {
  TrainingProgress p;
  p.step = j.at("step").get<int64_t>();
  p.totalSteps = j.at("total_steps").get<int64_t>();
  p.lr = j.at("lr").get<double>();
  p.beta = j.at("beta").get<double>();
  p.epochLossSum = j.at("epoch_loss_sum").get<double>();
  p.epochImages = j.at("epoch_images").get<int64_t>();
  for (const auto& e : j.at("epochs"))
    p.epochs.push_back({e.at("step").get<int64_t>(), e.at("epoch").get<int64_t>(), e.at("train").get<float>(),
                        e.at("test").get<float>()});
  for (const auto& e : j.at("events")) p.events.push_back({e.at("step").get<int64_t>(), e.at("text").get<std::string>()});
  return p;
}

}  // namespace

void saveCheckpoint(const RunDirectory& run, ModelRunner& model, const TrainConfig& config,
                    const TrainingProgress& progress, const at::Generator& noise) {
  torch::serialize::OutputArchive archive;
  model.save(archive);
  archive.write("rng", noise.get_state());
  const nlohmann::json meta = progressJson(progress, config);
  archive.write("meta", c10::IValue(meta.dump()));
  writeFileAtomicWith(run.file(kCheckpointFile), [&](const std::filesystem::path& temp) {
    archive.save_to(temp.string());
  });
}

namespace {

// Opens a LatentLab archive and checks that its recorded model is the one `config` builds; returns its record.
nlohmann::json openArchive(const std::filesystem::path& path, const TrainConfig& config,
                           torch::serialize::InputArchive& archive) {
  const std::string where = "'" + path.string() + "'";
  if (!std::filesystem::exists(path)) throw Error("no model file: " + where + " is missing");
  try {
    archive.load_from(path.string());
  } catch (const std::exception&) {  // c10::Error mostly, but LibTorch's unpickler also throws std::out_of_range
    throw Error(where + " is not a LatentLab checkpoint or is damaged (cannot be read)");
  }
  nlohmann::json meta;
  try {
    c10::IValue value;
    archive.read("meta", value);
    meta = nlohmann::json::parse(value.toStringRef());
  } catch (const std::exception&) {
    throw Error(where + " is not a LatentLab checkpoint (it has no readable training record)");
  }
  ModelConfig saved;
  try {
    saved = modelConfigFromJson(meta.at("model"), where);
  } catch (const std::exception& e) {
    throw Error(where + ": its model description is damaged (" + e.what() + ")");
  }
  const ModelConfig& want = config.model;
  if (saved.kind != want.kind || saved.latent != want.latent || saved.hidden != want.hidden ||
      saved.channels != want.channels || saved.height != want.height || saved.width != want.width)
    throw Error(where + " holds a " + shapeText(saved) + ", but this run needs a " + shapeText(want));
  return meta;
}

}  // namespace

TrainingProgress loadCheckpoint(const RunDirectory& run, ModelRunner& model, const TrainConfig& config,
                                at::Generator& noise) {
  const auto path = run.file(kCheckpointFile);
  const std::string where = "'" + path.string() + "'";
  if (!std::filesystem::exists(path)) throw Error("no checkpoint in the run directory: " + where + " is missing");
  torch::serialize::InputArchive archive;
  const nlohmann::json meta = openArchive(path, config, archive);
  try {
    model.load(archive);
    torch::Tensor rng;
    archive.read("rng", rng);
    noise.set_state(rng);
    return progressFromJson(meta);
  } catch (const c10::Error& e) {
    throw Error(where + " does not fit the model (" + std::string(e.what_without_backtrace()) + ")");
  } catch (const nlohmann::json::exception& e) {
    throw Error(where + ": its training record is damaged (" + e.what() + ")");
  }
}

std::string saveWeightsArchive(ModelRunner& model, const TrainConfig& config, int64_t step) {
  torch::serialize::OutputArchive archive;
  model.saveWeights(archive);
  const nlohmann::json meta{{"model", toJson(config)["model"]}, {"step", step}};
  archive.write("meta", c10::IValue(meta.dump()));
  std::ostringstream out;
  archive.save_to(out);
  return out.str();
}

int64_t loadWeightsFile(const std::filesystem::path& file, ModelRunner& model, const TrainConfig& config) {
  torch::serialize::InputArchive archive;
  const nlohmann::json meta = openArchive(file, config, archive);
  try {
    model.loadWeights(archive);
    return meta.at("step").get<int64_t>();
  } catch (const c10::Error& e) {
    throw Error("'" + file.string() + "' does not fit the model (" + std::string(e.what_without_backtrace()) + ")");
  } catch (const nlohmann::json::exception& e) {
    throw Error("'" + file.string() + "': its record is damaged (" + e.what() + ")");
  }
}

std::string saveModelState(ModelRunner& model) {
  torch::serialize::OutputArchive archive;
  model.save(archive);
  std::ostringstream out;
  archive.save_to(out);
  return out.str();
}

void loadModelState(ModelRunner& model, const std::string& state) {
  std::istringstream in(state);
  torch::serialize::InputArchive archive;
  archive.load_from(in);
  model.load(archive);
}

}  // namespace latentlab
