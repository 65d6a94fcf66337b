#include "catalogue/model_catalogue.h"

#include "util/error.h"

namespace latentlab {

const std::vector<ModelInfo>& modelCatalogue() {
  // One model a row.
  // clang-format off
  static const std::vector<ModelInfo> models = {
      {ModelKind::VaeMlp, "vae-mlp", ModelFamily::Vae, false, {}, 1e-3,
       "variational autoencoder, fully connected: any image size"},
      {ModelKind::VaeConv, "vae-conv", ModelFamily::Vae, true, {28, 32, 64}, 1e-3,
       "variational autoencoder, convolutional"},
      {ModelKind::GanMlp, "gan-mlp", ModelFamily::Gan, false, {}, 2e-4,
       "adversarial network, fully connected: any image size"},
      {ModelKind::Dcgan, "dcgan", ModelFamily::Gan, true, {28, 64}, 2e-4, "adversarial network, convolutional"},
  };
  // clang-format on
  return models;
}

bool ModelInfo::fitsSide(int side) const {
  if (sides.empty()) return true;
  for (int s : sides)
    if (s == side) return true;
  return false;
}

std::string ModelInfo::sidesText() const {
  std::string text;
  for (size_t i = 0; i < sides.size(); ++i)
    text += (i == 0 ? "" : i + 1 == sides.size() ? " and " : ", ") + std::to_string(sides[i]);
  return text;
}

const ModelInfo& modelInfo(ModelKind kind) {
  for (const auto& model : modelCatalogue())
    if (model.kind == kind) return model;
  throw Error("unknown model kind " + std::to_string(int(kind)));
}

const ModelInfo& modelInfo(const std::string& name) {
  for (const auto& model : modelCatalogue())
    if (name == model.name) return model;
  throw Error("unknown model '" + name + "': choose " + modelNamesText());
}

const char* modelKindName(ModelKind kind) { return modelInfo(kind).name; }

ModelKind parseModelKind(const std::string& name) { return modelInfo(name).kind; }

const std::vector<std::string>& modelKindNames() {
  static const std::vector<std::string> names = [] {
    std::vector<std::string> all;
    for (const auto& model : modelCatalogue()) all.push_back(model.name);
    return all;
  }();
  return names;
}

std::string modelNamesText() {
  const auto& names = modelKindNames();
  std::string text;
  for (size_t i = 0; i < names.size(); ++i) text += (i == 0 ? "" : i + 1 == names.size() ? " or " : ", ") + names[i];
  return text;
}

bool isGan(ModelKind kind) { return modelInfo(kind).family == ModelFamily::Gan; }

}  // namespace latentlab
