#pragma once
// The models LatentLab trains, in one table that the window, the CLI, config.json and validation all read: each
// model's name, family, the image sides its layers fit, Adam's usual learning rate for it and what it can do.
// No torch and no JSON here: the launcher, which loads no LibTorch, checks --model against it.
#include <string>
#include <vector>

namespace latentlab {

enum class ModelKind { VaeMlp, VaeConv, GanMlp, Dcgan };
enum class ModelFamily { Vae, Gan };

struct ModelInfo {
  ModelKind kind;
  const char* name;  // as typed on the command line and written in config.json ("vae-mlp")
  ModelFamily family;
  bool convolutional;      // square images of `sides` only; an MLP takes any size
  std::vector<int> sides;  // convolutional: the image sides its layers fit; empty: any
  double learningRate;     // a new run's Adam rate: 1e-3 trains a VAE well, a GAN needs 2e-4 (the DCGAN paper)
  const char* summary;     // one line for help texts and tooltips
  // What the model has, so forms and views show only what applies.
  bool hasEncoder() const { return family == ModelFamily::Vae; }  // images have codes: reconstructions, the scatter
  bool usesBeta() const { return family == ModelFamily::Vae; }    // a weight of the KL term
  bool usesHidden() const { return !convolutional; }              // the MLPs' hidden width
  bool fitsSide(int side) const;
  std::string sidesText() const;  // "28, 32 and 64"
};

// Every model, in the order the window's list shows them.
const std::vector<ModelInfo>& modelCatalogue();
const ModelInfo& modelInfo(ModelKind kind);
// Throws latentlab::Error listing the valid names.
const ModelInfo& modelInfo(const std::string& name);

const char* modelKindName(ModelKind kind);
ModelKind parseModelKind(const std::string& name);  // throws latentlab::Error listing the valid names
const std::vector<std::string>& modelKindNames();
std::string modelNamesText();  // "vae-mlp, vae-conv, gan-mlp or dcgan"
bool isGan(ModelKind kind);

}  // namespace latentlab
