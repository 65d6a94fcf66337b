#include "models/model_config.h"

#include <nlohmann/json.hpp>

#include <cmath>
#include <limits>
#include <type_traits>

#include "util/error.h"
#include "util/json_number.h"

namespace latentlab {

void chooseModel(TrainConfig& config, ModelKind kind) {
  if (config.lr == modelInfo(config.model.kind).learningRate) config.lr = modelInfo(kind).learningRate;
  config.model.kind = kind;
}

nlohmann::json toJson(const TrainConfig& c) {
  return {
      {"format", "latentlab-run-2"},
      {"model",
       {{"kind", modelKindName(c.model.kind)},
        {"latent", c.model.latent},
        {"hidden", c.model.hidden},
        {"likelihood", c.model.likelihood == Likelihood::Bernoulli ? "bernoulli" : "gaussian"},
        {"channels", c.model.channels},
        {"height", c.model.height},
        {"width", c.model.width}}},
      {"data",
       {{"spec", c.dataSpec},
        {"size", c.dataSize},
        {"channels", c.dataChannels},
        {"seed", c.dataSeed},
        {"shape", {c.model.channels, c.model.height, c.model.width}},
        {"train_images", c.dataIdentity.trainImages},
        {"test_images", c.dataIdentity.testImages},
        {"fingerprint", c.dataIdentity.fingerprint}}},
      {"batch", c.batch},
      {"lr", c.lr},
      {"beta", c.beta},
      {"seed", c.seed},
      {"epochs", c.epochs},
      {"steps", c.steps},
      {"device", c.device},
  };
}

namespace {

// A field of the configuration. Whole numbers must be written as whole numbers within the type's range:
// nlohmann's get<int>() would silently turn 20.7 into 20 and -1 into a huge seed.
template <typename T>
T field(const nlohmann::json& object, const char* key, const std::string& where) {
  if (!object.contains(key)) throw Error(where + ": missing \"" + key + "\"");
  const auto& value = object.at(key);
  if constexpr (std::is_integral_v<T> && !std::is_same_v<T, bool>) {  // get<int>() on 1e300 is UB, 2^32 + 2 wraps
    if (!value.is_number()) throw Error(where + ": \"" + key + "\" has the wrong type");
    if (const auto whole = jsonWholeNumber<T>(value)) return *whole;
    throw Error(where + ": \"" + key + "\" must be a whole number from " +
                std::to_string(std::numeric_limits<T>::min()) + " to " + std::to_string(std::numeric_limits<T>::max()) +
                ", not " + value.dump());
  }
  try {
    return value.get<T>();
  } catch (const nlohmann::json::exception&) {
    throw Error(where + ": \"" + key + "\" has the wrong type");
  }
}

}  // namespace

ModelConfig modelConfigFromJson(const nlohmann::json& model, const std::string& where) {
  if (!model.is_object()) throw Error(where + ": \"model\" is not an object");
  ModelConfig m;
  m.kind = parseModelKind(field<std::string>(model, "kind", where));
  m.latent = field<int>(model, "latent", where);
  m.hidden = field<int>(model, "hidden", where);
  const auto likelihood = field<std::string>(model, "likelihood", where);
  if (likelihood != "bernoulli" && likelihood != "gaussian")
    throw Error(where + ": likelihood must be \"bernoulli\" or \"gaussian\", not \"" + likelihood + "\"");
  m.likelihood = likelihood == "bernoulli" ? Likelihood::Bernoulli : Likelihood::Gaussian;
  m.channels = field<int>(model, "channels", where);
  m.height = field<int>(model, "height", where);
  m.width = field<int>(model, "width", where);
  return m;
}

TrainConfig trainConfigFromJson(const nlohmann::json& json) {
  const std::string where = "config.json";
  const std::string format = json.is_object() && json.contains("format") && json.at("format").is_string()
                                 ? json.at("format").get<std::string>()
                                 : "";
  if (format != "latentlab-run-1" && format != "latentlab-run-2")
    throw Error(where + ": not a LatentLab run configuration (format \"latentlab-run-2\" expected)");
  TrainConfig c;
  if (!json.contains("model")) throw Error(where + ": missing \"model\"");
  c.model = modelConfigFromJson(json.at("model"), where);
  const auto& data = json.contains("data") ? json.at("data") : throw Error(where + ": missing \"data\"");
  c.dataSpec = field<std::string>(data, "spec", where);
  c.dataSize = field<int>(data, "size", where);
  c.dataChannels = field<int>(data, "channels", where);
  if (format == "latentlab-run-2") {
    c.dataSeed = field<uint64_t>(data, "seed", where);
    c.dataIdentity.trainImages = field<int64_t>(data, "train_images", where);
    c.dataIdentity.testImages = field<int64_t>(data, "test_images", where);
    c.dataIdentity.fingerprint = field<std::string>(data, "fingerprint", where);
  }
  c.batch = field<int>(json, "batch", where);
  c.lr = field<double>(json, "lr", where);
  c.beta = field<double>(json, "beta", where);
  c.seed = field<uint64_t>(json, "seed", where);
  c.epochs = field<int64_t>(json, "epochs", where);
  c.steps = field<int64_t>(json, "steps", where);
  c.device = field<std::string>(json, "device", where);
  validate(c);
  return c;
}

void validate(const TrainConfig& c) {
  if (c.model.latent < 2 || c.model.latent > 128)
    throw Error("latent size must be between 2 and 128, not " + std::to_string(c.model.latent));
  if (c.model.hidden < 8 || c.model.hidden > 8192)
    throw Error("hidden size must be between 8 and 8192, not " + std::to_string(c.model.hidden));
  if (c.model.channels != 1 && c.model.channels != 3)
    throw Error("images must have 1 or 3 channels, not " + std::to_string(c.model.channels));
  if (c.model.height < 4 || c.model.width < 4 || c.model.height > 1024 || c.model.width > 1024)
    throw Error("image size " + std::to_string(c.model.width) + "x" + std::to_string(c.model.height) +
                " is out of range (4 to 1024 pixels)");
  const ModelInfo& model = modelInfo(c.model.kind);
  if (model.convolutional) {
    if (c.model.width != c.model.height || !model.fitsSide(c.model.height))
      throw Error(std::string(model.name) + " supports " + model.sidesText() + " pixel square images, not " +
                  std::to_string(c.model.width) + "x" + std::to_string(c.model.height) +
                  ": use --size to resize folder data, or an MLP model");
  }
  if (c.batch < 1 || c.batch > 65536) throw Error("batch size must be between 1 and 65536");
  if (!(c.lr > 0) || !std::isfinite(c.lr) || c.lr > 10) throw Error("learning rate must be in (0, 10]");
  if (!(c.beta >= 0) || !std::isfinite(c.beta) || c.beta > 1000) throw Error("beta must be in [0, 1000]");
  if (c.epochs < 0 || c.steps < 0) throw Error("epochs and steps cannot be negative");
  if (c.device != "auto" && c.device != "cpu" && c.device != "cuda")
    throw Error("device must be cpu, cuda or auto, not '" + c.device + "'");
}

}  // namespace latentlab
