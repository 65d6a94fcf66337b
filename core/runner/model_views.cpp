#include "runner/model_views.h"

#include <ATen/CPUGeneratorImpl.h>

namespace latentlab {

ViewInputs makeViewInputs(const TrainConfig& config, const Dataset& data, torch::Device device,
                          int64_t maxLatentPoints) {
  ViewInputs in;
  const auto& m = config.model;
  const auto& viewSplit = data.test.size() > 0 ? data.test : data.train;
  const int64_t shown = std::min<int64_t>(16, viewSplit.size());
  auto viewGen = at::detail::createCPUGenerator(config.seed + 17);
  const auto shownIdx = torch::randperm(viewSplit.size(), viewGen, torch::kLong).slice(0, 0, shown);
  in.fixedImages = batchToFloat(viewSplit.images, shownIdx, device);
  in.fixedNoise = torch::randn({16, m.latent}, viewGen, torch::kFloat32).to(device);
  const int64_t klCount = std::min<int64_t>(512, viewSplit.size());
  in.klImages = batchToFloat(viewSplit.images,
                             torch::randperm(viewSplit.size(), viewGen, torch::kLong).slice(0, 0, klCount), device);
  if (isGan(m.kind))
    in.ganCodes = torch::randn({std::min<int64_t>(5000, maxLatentPoints), m.latent}, viewGen, torch::kFloat32);
  in.originals = toImages(in.fixedImages);
  return in;
}

ModelView computeModelView(ModelRunner& model, const ViewInputs& inputs, int64_t step) {
  ModelView view;
  view.step = step;
  view.originals = inputs.originals;
  view.reconstructions = toImages(model.reconstruct(inputs.fixedImages, inputs.fixedNoise));
  view.klPerDim = model.klPerDimension(inputs.klImages);
  view.decoder = model.decoderCopy();
  return view;
}

std::shared_ptr<LatentCodes> computeLatentCodes(ModelRunner& model, const ViewInputs& inputs, const Dataset& data,
                                                const TrainConfig& config, int64_t step, int64_t maxPoints,
                                                torch::Device device, const std::atomic<bool>* cancel) {
  auto codes = std::make_shared<LatentCodes>();
  codes->step = step;
  codes->dims = config.model.latent;
  codes->classNames = data.classNames;
  if (isGan(config.model.kind)) {
    const auto& gan = inputs.ganCodes;
    const auto scores = model.scoreCodes(gan.to(device)).to(torch::kCPU).contiguous();
    codes->count = codes->trainCount = gan.size(0);
    codes->codes.assign(gan.data_ptr<float>(), gan.data_ptr<float>() + gan.numel());
    codes->scores.assign(scores.data_ptr<float>(), scores.data_ptr<float>() + scores.numel());
    return codes;
  }
  // Both splits, the training images first: the scatter shows the whole data set (70,000 Fashion-MNIST images).
  const int64_t trainCount = std::min<int64_t>(data.train.size(), maxPoints);
  const int64_t testCount = std::min<int64_t>(data.test.size(), maxPoints - trainCount);
  codes->codes.reserve(size_t(trainCount + testCount) * size_t(codes->dims));
  const bool labelled = data.train.labels.defined() && (testCount == 0 || data.test.labels.defined());
  const bool withFactors = data.train.factors.defined() && (testCount == 0 || data.test.factors.defined());
  for (const auto& [split, count] :
       {std::pair<const DataSplit*, int64_t>{&data.train, trainCount}, {&data.test, testCount}}) {
    constexpr int64_t kChunk = 512;  // 2048 held 10 MB more at the window's peak RSS, for no speed
    for (int64_t begin = 0; begin < count; begin += kChunk) {
      if (cancel && cancel->load()) return nullptr;
      const auto idx = torch::arange(begin, std::min(count, begin + kChunk), torch::kLong);
      const auto mu = model.encodeMeans(batchToFloat(split->images, idx, device)).to(torch::kCPU).contiguous();
      codes->codes.insert(codes->codes.end(), mu.data_ptr<float>(), mu.data_ptr<float>() + mu.numel());
    }
    if (count > 0 && labelled) {
      const auto labels = split->labels.slice(0, 0, count).to(torch::kInt32).contiguous();
      codes->labels.insert(codes->labels.end(), labels.data_ptr<int32_t>(), labels.data_ptr<int32_t>() + count);
    }
    if (count > 0 && withFactors) {
      const auto factors = split->factors.slice(0, 0, count).to(torch::kFloat32).contiguous();
      codes->factors.insert(codes->factors.end(), factors.data_ptr<float>(),
                            factors.data_ptr<float>() + factors.numel());
    }
  }
  codes->count = trainCount + testCount;
  codes->trainCount = trainCount;
  if (withFactors) codes->factorNames = data.factorNames;
  return codes;
}

}  // namespace latentlab
