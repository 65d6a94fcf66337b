// Writes each fuzz target's seed corpus, made by the code itself from tiny real inputs, so nothing binary is
// committed: latentlab_fuzz_seeds DIR writes DIR/idx, DIR/image, DIR/config, DIR/checkpoint, DIR/runlog and DIR/torchscript.
#include <ATen/CPUGeneratorImpl.h>
#include <nlohmann/json.hpp>
#include <zlib.h>

#include <cstdio>
#include <fstream>
#include <iostream>
#include <sstream>

#include "fuzz_entries.h"
#include "io/image.h"
#include "run/run_directory.h"
#include "run/run_log.h"
#include "import/script_export.h"
#include "run/checkpoint.h"
#include "util/error.h"

using namespace latentlab;
using latentlab::fuzz::tinyConfig;
namespace fs = std::filesystem;

namespace {

void put(const fs::path& path, const std::string& bytes) {
  fs::create_directories(path.parent_path());
  std::ofstream out(path, std::ios::binary);
  out << bytes;
  if (!out.flush()) throw Error("cannot write " + path.string());
}

std::string gzip(const std::string& bytes) {
  z_stream z{};
  if (deflateInit2(&z, Z_BEST_COMPRESSION, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) != Z_OK)
    throw Error("zlib init");
  std::string out(deflateBound(&z, uLong(bytes.size())) + 32, '\0');
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(bytes.data()));
  z.avail_in = uInt(bytes.size());
  z.next_out = reinterpret_cast<Bytef*>(out.data());
  z.avail_out = uInt(out.size());
  const int rc = deflate(&z, Z_FINISH);
  out.resize(z.total_out);
  deflateEnd(&z);
  if (rc != Z_STREAM_END) throw Error("zlib deflate");
  return out;
}

std::string bigEndian(uint32_t v) { return {char(v >> 24), char(v >> 16 & 0xff), char(v >> 8 & 0xff), char(v & 0xff)}; }

void idxSeeds(const fs::path& dir) {
  std::string images = bigEndian(0x803) + bigEndian(3) + bigEndian(4) + bigEndian(4);
  for (int i = 0; i < 3 * 16; ++i) images += char(i * 5);
  const std::string labels = bigEndian(0x801) + bigEndian(3) + std::string("\x01\x00\x09", 3);
  put(dir / "images-idx3-ubyte", images);
  put(dir / "labels-idx1-ubyte", labels);
  put(dir / "images-idx3-ubyte.gz", gzip(images));
  put(dir / "labels-idx1-ubyte.gz", gzip(labels));
}

void imageSeeds(const fs::path& dir) {
  Image gray(5, 3, 1), rgb(6, 6, 3), rgba(2, 7, 4);
  for (auto* image : {&gray, &rgb, &rgba})
    for (size_t i = 0; i < image->pixels.size(); ++i) image->pixels[i] = uint8_t(i * 37);
  put(dir / "gray.png", encodePng(gray));
  put(dir / "rgb.png", encodePng(rgb));
  put(dir / "rgba.png", encodePng(rgba));
  put(dir / "gray.pgm", std::string("P5\n3 2\n255\n") + std::string("\x00\x40\x80\xc0\xff\x10", 6));
  put(dir / "rgb.ppm", std::string("P6\n1 2\n255\n") + std::string("\xff\x00\x00\x00\xff\x00", 6));
}

void configSeeds(const fs::path& dir) {
  TrainConfig config = tinyConfig();
  put(dir / "tiny.json", toJson(config).dump(2));
  config.model.kind = ModelKind::Dcgan;
  config.model.latent = 100;
  config.dataSpec = "folder:/tmp/images";
  config.dataIdentity = {60000, 10000, "crc32:0123abcd"};
  put(dir / "dcgan.json", toJson(config).dump());
}

void checkpointSeeds(const fs::path& dir) {
  const TrainConfig config = tinyConfig();
  auto model = ModelRunner::create(config, torch::kCPU);
  auto noise = at::detail::createCPUGenerator(7);
  const fs::path runDir = dir / "run.tmp";
  fs::remove_all(runDir);
  TrainingProgress progress;
  progress.step = 3;
  progress.totalSteps = 10;
  progress.epochs.push_back({2, 1, 0.5f, 0.6f});
  progress.events.push_back({1, "lr 0.001 -> 0.0005"});
  saveCheckpoint(RunDirectory::create(runDir), *model, config, progress, noise);
  fs::copy_file(runDir / kCheckpointFile, dir / "checkpoint.pt", fs::copy_options::overwrite_existing);
  fs::remove_all(runDir);
  put(dir / "weights.pt", saveWeightsArchive(*model, config, 3));
}

// Our own export of the tiny model (decode, encode, latent_dim, pixel_range) and a bare forward(z) module.
void torchScriptSeeds(const fs::path& dir) {
  const TrainConfig config = tinyConfig();
  auto model = ModelRunner::create(config, torch::kCPU);
  put(dir / "exported-vae.pt", torchScriptBytes(config.model, model->networks()));
  torch::jit::Module bare("Generator");
  bare.register_parameter("weight", torch::randn({16, 2}), false);
  bare.define(R"(
    def forward(self, z):
        return torch.sigmoid(torch.matmul(z, self.weight.t())).view(-1, 1, 4, 4)
  )");
  std::ostringstream out;
  bare.save(out);
  put(dir / "forward-only.pt", out.str());
}

void runlogSeeds(const fs::path& dir) {
  const float values[3] = {1.5f, 0.25f, -3e-8f};
  std::string metrics = metricsHeader({"loss", "recon", "kl"});
  for (int64_t step : {1, 2, 3, 2, 4}) metrics += metricsRow(step, values, 3) + "\n";
  std::string events = epochLine({2, 1, 0.5f, 0.75f}) + "\n" + eventLine({3, "lr 0.001 -> 0.0005"}, false) + "\n" +
                       eventLine({1, "resumed"}, true) + "\n";
  put(dir / "metrics-small-pieces", "\x02" + metrics);
  put(dir / "metrics-replaced", "\x90" + metrics + metrics);
  put(dir / "events-small-pieces", "\x05" + events);
  put(dir / "events-replaced", "\xbf" + events + events);
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 2) {
    std::cerr << "usage: latentlab_fuzz_seeds DIR\n";
    return 2;
  }
  try {
    const fs::path out = argv[1];
    idxSeeds(out / "idx");
    imageSeeds(out / "image");
    configSeeds(out / "config");
    checkpointSeeds(out / "checkpoint");
    runlogSeeds(out / "runlog");
    torchScriptSeeds(out / "torchscript");
  } catch (const std::exception& e) {
    std::cerr << "latentlab_fuzz_seeds: " << e.what() << "\n";
    return 1;
  }
  return 0;
}
