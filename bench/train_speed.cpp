// Training speed of our Trainer, measured the way bench/run measures the Python peers (bench/peer_*.py): the data
// in memory, a fixed number of steps at a fixed batch, the clock running from the first command to the last step
// (nothing is saved, no latent refresh, no test pass: the steps stop short of an epoch's end). Prints one JSON
// object: images per second and the mean training loss of the steps (the first series: the VAE's loss per image,
// the discriminator's loss of a GAN).
//   build/bench/latentlab_train_speed --model vae-mlp --threads 1 --steps 468 --batch 128
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <string>

#include "data/dataset.h"
#include "snapshot/snapshot.h"
#include "train/trainer.h"
#include "util/compute_threads.h"
#include "util/error.h"
#include "util/runtime_info.h"

using namespace latentlab;

int main(int argc, char** argv) {
  std::string model = "vae-mlp", data = "fashion-mnist";
  int threads = 1, batch = 128;
  long long steps = 468;  // one Fashion-MNIST epoch of whole batches of 128
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string flag = argv[i], value = argv[i + 1];
    if (flag == "--model") model = value;
    else if (flag == "--data") data = value;
    else if (flag == "--threads") threads = std::atoi(value.c_str());
    else if (flag == "--batch") batch = std::atoi(value.c_str());
    else if (flag == "--steps") steps = std::atoll(value.c_str());
    else {
      std::fprintf(stderr, "unknown flag %s\n", flag.c_str());
      return 2;
    }
  }
  try {
    const int used = configureTorchThreads(threads);
    computeOnThisThreadAlone();  // as latentlab-cli train: the trainer's thread alone computes in parallel
    auto dataset = std::make_shared<const Dataset>(loadDataset(data));
    TrainConfig config;
    config.model.kind = parseModelKind(model);
    config.model.channels = int(dataset->channels());
    config.model.height = int(dataset->height());
    config.model.width = int(dataset->width());
    config.batch = batch;
    config.steps = steps;
    config.device = "cpu";
    TrainerOptions options;
    options.latentRefreshSeconds = 0;
    options.autosaveSeconds = 0;
    Trainer trainer(dataset, config, {}, options);
    const auto start = std::chrono::steady_clock::now();
    trainer.start();
    trainer.waitWhileRunning();
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    const auto snap = trainer.snapshot();
    if (!snap->error.empty()) throw Error(snap->error.text());
    double sum = 0;
    const int64_t rows = int64_t(snap->history.rows());
    for (int64_t r = 0; r < rows; ++r) sum += double(snap->history.value(0, r));
    std::printf(
        "{\"side\": \"ours\", \"model\": \"%s\", \"threads\": %d, \"batch\": %d, \"steps\": %lld, \"seconds\": %.4f, "
        "\"images_per_second\": %.1f, \"mean_loss\": %.4f}\n",
        model.c_str(), used, batch, (long long)snap->step, seconds, double(snap->step) * batch / seconds,
        rows ? sum / double(rows) : 0.0);
    return 0;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "latentlab_train_speed: %s\n", e.what());
    return 1;
  }
}
