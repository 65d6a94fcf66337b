#include "runner/gradient_sync.h"

namespace latentlab {

namespace {

class LocalSync : public GradientSync {
 public:
  int rank() const override { return 0; }
  int worldSize() const override { return 1; }
  torch::Tensor reduceStep(const std::vector<torch::Tensor>&, double, const torch::Tensor& values) override {
    return values;
  }
  torch::Tensor sum(const torch::Tensor& values) override { return values; }
  torch::Tensor max(const torch::Tensor& values) override { return values; }
  void broadcast(std::vector<torch::Tensor>&) override {}
  std::string broadcastBytes(const std::string& bytes) override { return bytes; }
};

}  // namespace

std::string GradientSync::name() const {
  return "rank " + std::to_string(rank()) + " of " + std::to_string(worldSize());
}

std::shared_ptr<GradientSync> localGradientSync() { return std::make_shared<LocalSync>(); }

}  // namespace latentlab
