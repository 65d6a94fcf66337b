#pragma once
// "Data & model": choose a data set (four kinds), the model and its hyperparameters, create a run, open or save one,
// open a TorchScript model trained elsewhere.
#include <string>

namespace latentlab {

class Explorer;

class DataModelPanel {
 public:
  void draw(Explorer& explorer);
  const std::string& typedPath() const { return path_; }  // the path field (GUI tests)

 private:
  void drawImport(Explorer& explorer);
  int latentAsked_ = 16;  // the latent size typed for a model that does not say its own
  int kind_ = 0;          // an index into dataSpecKinds()
  std::string path_;
  std::string shownSpec_;  // the spec kind_ and path_ were taken from
};

}  // namespace latentlab
