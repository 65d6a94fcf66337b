#include "synthetic_data.h"

#include <torch/torch.h>

#include <random>

namespace latentlab::test {

namespace {

DataSplit makeSplit(int64_t count, int channels, int side, std::mt19937_64& rng) {
  DataSplit split;
  split.images = torch::zeros({count, channels, side, side}, torch::kUInt8);
  split.labels = torch::zeros({count}, torch::kLong);
  auto pixels = split.images.accessor<uint8_t, 4>();
  auto labels = split.labels.accessor<int64_t, 1>();
  for (int64_t i = 0; i < count; ++i) {
    const int label = int(rng() % 3), size = side / 6 + label * side / 6;
    const int x0 = int(rng() % uint64_t(side - size)), y0 = int(rng() % uint64_t(side - size));
    for (int c = 0; c < channels; ++c)
      for (int y = y0; y < y0 + size; ++y)
        for (int x = x0; x < x0 + size; ++x) pixels[i][c][y][x] = uint8_t(255 - 60 * c);
    labels[i] = label;
  }
  return split;
}

}  // namespace

std::shared_ptr<const Dataset> makeSquaresDataset(int64_t trainCount, int64_t testCount, int channels, int side,
                                                  uint64_t seed) {
  std::mt19937_64 rng(seed);
  auto data = std::make_shared<Dataset>();
  data->spec = "test:squares";
  data->name = "squares";
  data->train = makeSplit(trainCount, channels, side, rng);
  data->test = makeSplit(testCount, channels, side, rng);
  data->classNames = {"small", "medium", "large"};
  return data;
}

TrainConfig smallConfig(ModelKind kind, const Dataset& data, int64_t steps) {
  TrainConfig config;
  config.dataSpec = data.spec;
  config.model.kind = kind;
  config.model.latent = 4;
  config.model.hidden = 64;
  config.model.channels = int(data.channels());
  config.model.height = int(data.height());
  config.model.width = int(data.width());
  config.batch = 32;
  config.lr = isGan(kind) ? 2e-4 : 1e-3;
  config.steps = steps;
  config.device = "cpu";
  return config;
}

TrainerOptions quietOptions() {
  TrainerOptions options;
  options.publishIntervalSeconds = 0.05;
  options.latentRefreshSeconds = 0;
  options.autosaveSeconds = 0;
  return options;
}

TrainerOptions watchedOptions(double refreshSeconds) {
  auto options = quietOptions();
  options.latentRefreshSeconds = refreshSeconds;
  return options;
}

}  // namespace latentlab::test
