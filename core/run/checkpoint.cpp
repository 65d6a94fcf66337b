#include "run/checkpoint.h"

#include <nlohmann/json.hpp>

#include <cmath>
#include <sstream>
#include <type_traits>

#include "io/atomic_file.h"
#include "io/file_seal.h"
#include "io/torch_archive.h"
#include "run/run_recovery.h"
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

// A field of the training record, refused (naming it) when it is missing, of the wrong type or out of range: a
// damaged or hand-edited checkpoint must never train with lr -1000 or from step -99.
template <typename T>
T recordField(const nlohmann::json& j, const char* key) {
  if (!j.contains(key)) throw Error(std::string("\"") + key + "\" is missing");
  const auto& value = j.at(key);
  if constexpr (std::is_integral_v<T>) {
    if (!value.is_number_integer()) throw Error(std::string("\"") + key + "\" is not a whole number");
  } else if constexpr (std::is_floating_point_v<T>) {
    if (!value.is_number()) throw Error(std::string("\"") + key + "\" is not a number");
  }
  return value.get<T>();
}

void requireRange(bool ok, const char* key, double value, const char* range) {
  if (!ok) {
    std::ostringstream text;
    text << "\"" << key << "\" is " << value << " (it must be " << range << ")";
    throw Error(text.str());
  }
}

TrainingProgress progressFromJson(const nlohmann::json& j) {
  TrainingProgress p;
  p.step = recordField<int64_t>(j, "step");
  p.totalSteps = recordField<int64_t>(j, "total_steps");
  p.lr = recordField<double>(j, "lr");
  p.beta = recordField<double>(j, "beta");
  p.epochLossSum = recordField<double>(j, "epoch_loss_sum");
  p.epochImages = recordField<int64_t>(j, "epoch_images");
  requireRange(p.step >= 0, "step", double(p.step), "0 or more");
  requireRange(p.totalSteps >= p.step, "total_steps", double(p.totalSteps), "at least the step");
  requireRange(p.lr > 0 && p.lr <= 10, "lr", p.lr, "in (0, 10]");
  requireRange(p.beta >= 0 && p.beta <= 1000, "beta", p.beta, "in [0, 1000]");
  requireRange(std::isfinite(p.epochLossSum), "epoch_loss_sum", p.epochLossSum, "finite");
  requireRange(p.epochImages >= 0, "epoch_images", double(p.epochImages), "0 or more");
  if (!j.at("epochs").is_array() || !j.at("events").is_array()) throw Error("\"epochs\" and \"events\" must be lists");
  for (const auto& e : j.at("epochs")) {
    const EpochMetric m{recordField<int64_t>(e, "step"), recordField<int64_t>(e, "epoch"),
                        recordField<float>(e, "train"), recordField<float>(e, "test")};
    requireRange(m.step >= 0, "epochs.step", double(m.step), "0 or more");
    requireRange(m.epoch >= 0, "epochs.epoch", double(m.epoch), "0 or more");
    p.epochs.push_back(m);
  }
  for (const auto& e : j.at("events")) {
    const TrainingEvent event{recordField<int64_t>(e, "step"), recordField<std::string>(e, "text")};
    requireRange(event.step >= 0, "events.step", double(event.step), "0 or more");
    p.events.push_back(event);
  }
  return p;
}

// What an exception says, without LibTorch's backtrace, on one line.
std::string shortWhat(const std::exception& e) {
  const auto* torchError = dynamic_cast<const c10::Error*>(&e);
  std::string text = torchError ? torchError->what_without_backtrace() : e.what();
  if (const auto newline = text.find('\n'); newline != std::string::npos) text.resize(newline);
  return text.size() > 200 ? text.substr(0, 200) + "..." : text;
}

// Straight into one string: through an ostringstream the bytes were held twice (its buffer and str()'s copy),
// and a checkpoint of vae-mlp with its Adam state is 8 MB. Written over `bytes`, keeping its buffer, with room
// reserved for about as many bytes as it held (a state written over the one before), so that the bytes are not
// copied to ever larger buffers as they grow. If it throws, `bytes` is left empty, never half written.
void writeArchiveOver(torch::serialize::OutputArchive& archive, std::string& bytes) {
  const size_t expected = bytes.size();
  bytes.clear();
  try {
    if (expected > 0) bytes.reserve(expected + expected / 16 + 65536);  // room for a few more bytes
    archive.save_to([&bytes](const void* data, size_t size) {
      bytes.append(static_cast<const char*>(data), size);
      return size;
    });
  } catch (...) {
    bytes.clear();
    throw;
  }
}

std::string archiveToString(torch::serialize::OutputArchive& archive) {
  std::string bytes;
  writeArchiveOver(archive, bytes);
  return bytes;
}

// Serialises in memory first: a full disk is then an error of our own write, never of the archive writer's
// destructor (which throws from a destructor and aborts the process).
std::string archiveBytes(torch::serialize::OutputArchive& archive) { return sealBytes(archiveToString(archive)); }

}  // namespace

void saveCheckpoint(const RunDirectory& run, ModelRunner& model, const TrainConfig& config,
                    const TrainingProgress& progress, const at::Generator& noise) {
  torch::serialize::OutputArchive archive;
  model.save(archive);
  archive.write("rng", noise.get_state());
  const nlohmann::json meta = progressJson(progress, config);
  archive.write("meta", c10::IValue(meta.dump()));
  writeFileAtomic(run.file(kCheckpointFile), archiveBytes(archive));
}

namespace {

// Every tensor in an archive (recursively: the model, the optimizers' state, the RNG) must be finite: a NaN in a
// weight would load and draw black images.
void requireFinite(torch::serialize::InputArchive& archive, const std::string& prefix, const std::string& where) {
  for (const auto& key : archive.keys()) {
    torch::Tensor tensor;
    torch::serialize::InputArchive nested;
    if (archive.try_read(key, tensor)) {
      if (tensor.is_floating_point() && !torch::isfinite(tensor).all().item<bool>())
        throw Error(where + " is damaged: '" + prefix + key + "' holds values that are not finite (NaN or infinity)");
    } else if (archive.try_read(key, nested)) {
      requireFinite(nested, prefix + key + "/", where);
    }
  }
}

// Opens a LatentLab archive: checks its seal (docs/run-format.md, "Checksums"), that every tensor is finite, and
// that its recorded model is the one `config` builds; returns its record. Every failure is a latentlab::Error
// naming the file: LibTorch and the JSON parser throw several kinds of exceptions on damaged input.
nlohmann::json openArchive(const std::filesystem::path& path, const TrainConfig& config,
                           torch::serialize::InputArchive& archive) {
  const std::string where = "'" + path.string() + "'";
  if (!std::filesystem::exists(path)) throw Error("no model file: " + where + " is missing");
  const std::string bytes = readFile(path);
  std::string_view payload;
  if (checkSeal(bytes, payload) == SealCheck::Damaged)
    throw Error(where +
                " is damaged: its checksum does not match its contents (restore it from a backup, or "
                "use an earlier model of the run's timeline with --step)");
  try {
    requireAttributeOnlyCode(readTorchArchive(payload));
  } catch (const ArchiveDamaged& e) {
    throw Error(where + " is damaged or is not a LatentLab checkpoint (" + e.what() + ")");
  }
  nlohmann::json meta;
  try {
    std::istringstream in{std::string(payload)};
    // Onto the CPU whatever device wrote it: a run trained on a GPU opens on a machine without one (the runners
    // move weights and optimizer state to their own device as they load them).
    archive.load_from(in, torch::Device(torch::kCPU));
  } catch (const std::exception& e) {
    throw Error(where + " is damaged or is not a LatentLab checkpoint (cannot be read: " + shortWhat(e) + ")");
  }
  try {
    c10::IValue value;
    archive.read("meta", value);
    meta = nlohmann::json::parse(value.toStringRef());
    if (!meta.is_object()) throw Error("not an object");
  } catch (const std::exception&) {
    throw Error(where + " is damaged or is not a LatentLab checkpoint (it has no readable training record)");
  }
  try {
    requireFinite(archive, "", where);
  } catch (const Error&) {
    throw;
  } catch (const std::exception& e) {
    throw Error(where + " is damaged (" + shortWhat(e) + ")");
  }
  ModelConfig saved;
  try {
    saved = modelConfigFromJson(meta.at("model"), where);
  } catch (const std::exception& e) {
    throw Error(where + " is damaged: its model description cannot be used (" + e.what() + ")");
  }
  const ModelConfig& want = config.model;
  if (saved.kind != want.kind || saved.latent != want.latent || saved.hidden != want.hidden ||
      saved.channels != want.channels || saved.height != want.height || saved.width != want.width)
    throw Error(where + " holds a " + shapeText(saved) + ", but this run needs a " + shapeText(want));
  return meta;
}

// Runs `load` (weights, optimizer state, RNG, record), turning whatever it throws into a latentlab::Error that
// names the file.
template <typename Load>
auto loadOrExplain(const std::filesystem::path& path, Load&& load) -> decltype(load()) {
  const std::string where = "'" + path.string() + "'";
  try {
    return load();
  } catch (const c10::Error& e) {
    throw Error(where + " is damaged or does not fit the model (" + shortWhat(e) + ")");
  } catch (const ModelMismatch& e) {  // intact, but its weights' shapes are not those its record describes
    throw Error(where + " does not fit the model: " + e.what());
  } catch (const Error& e) {
    throw Error(where + " is damaged: its training record is not usable: " + e.what());
  } catch (const std::exception& e) {
    throw Error(where + " is damaged (" + shortWhat(e) + ")");
  }
}

}  // namespace

TrainingProgress loadCheckpoint(const RunDirectory& run, ModelRunner& model, const TrainConfig& config,
                                at::Generator& noise) {
  const auto path = run.file(kCheckpointFile);
  if (!std::filesystem::exists(path))
    throw Error("no checkpoint in the run directory: '" + path.string() + "' is missing" +
                (isUnfinishedRun(run.root()) ? std::string(" (the run was never saved: its creation was interrupted; "
                                                           "create it again with train --out on the same directory)")
                                             : std::string()));
  torch::serialize::InputArchive archive;
  const nlohmann::json meta = openArchive(path, config, archive);
  return loadOrExplain(path, [&] {
    TrainingProgress progress = progressFromJson(meta);
    model.load(archive);
    torch::Tensor rng;
    archive.read("rng", rng);
    noise.set_state(rng);
    return progress;
  });
}

std::string saveWeightsArchive(ModelRunner& model, const TrainConfig& config, int64_t step) {
  torch::serialize::OutputArchive archive;
  model.saveWeights(archive);
  const nlohmann::json meta{{"model", toJson(config)["model"]}, {"step", step}};
  archive.write("meta", c10::IValue(meta.dump()));
  return archiveBytes(archive);
}

int64_t loadWeightsFile(const std::filesystem::path& file, ModelRunner& model, const TrainConfig& config) {
  torch::serialize::InputArchive archive;
  const nlohmann::json meta = openArchive(file, config, archive);
  return loadOrExplain(file, [&] {
    const int64_t step = recordField<int64_t>(meta, "step");
    requireRange(step >= 0, "step", double(step), "0 or more");
    model.loadWeights(archive);
    return step;
  });
}

std::string saveModelState(ModelRunner& model) {
  std::string state;
  saveModelStateInto(model, state);
  return state;
}

void saveModelStateInto(ModelRunner& model, std::string& state) {
  torch::serialize::OutputArchive archive;
  model.save(archive);
  writeArchiveOver(archive, state);
}

void loadModelState(ModelRunner& model, const std::string& state) {
  std::istringstream in(state);
  torch::serialize::InputArchive archive;
  archive.load_from(in, torch::Device(torch::kCPU));
  model.load(archive);
}

}  // namespace latentlab
