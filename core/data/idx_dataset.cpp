#include "data/idx_dataset.h"

#include <torch/torch.h>

#include <exception>
#include <thread>

#include "data/idx_reader.h"
#include "util/error.h"

namespace latentlab {
namespace fs = std::filesystem;

const char* const kFashionMnistDir = "/usr/share/datasets/fashion-mnist";

namespace {

// "train-images-idx3-ubyte" or the same with ".gz"; empty when neither exists. Whether a file really is gzip is
// decided by its magic bytes when it is read, not by this name.
fs::path findIdx(const fs::path& dir, const std::string& stem) {
  std::error_code ec;
  for (const auto& name : {stem, stem + ".gz"})
    if (fs::is_regular_file(dir / name, ec)) return dir / name;
  return {};
}

struct IdxFiles {
  fs::path images, labels;  // empty when absent
};

IdxFiles findSplit(const fs::path& dir, const std::string& prefix) {
  return {findIdx(dir, prefix + "-images-idx3-ubyte"), findIdx(dir, prefix + "-labels-idx1-ubyte")};
}

DataSplit readSplit(const IdxFiles& files) {
  DataSplit split;
  split.images = readIdxImages(files.images);
  if (!files.labels.empty()) {
    split.labels = readIdxLabels(files.labels);
    if (split.labels.size(0) != split.images.size(0))
      throw Error(files.labels.string() + ": holds " + std::to_string(split.labels.size(0)) + " labels but " +
                  files.images.string() + " holds " + std::to_string(split.images.size(0)) +
                  " images; the two files must belong together");
  }
  return split;
}

// Every tenth image (9, 19, ...) becomes the test split: deterministic, and fair even when the file is sorted.
void holdOutEveryTenth(Dataset& data) {
  const int64_t n = data.train.size();
  if (n < 2) return;
  const auto all = torch::arange(n, torch::kLong);
  const auto isTest = all.remainder(10).eq(9);
  auto testIndex = all.masked_select(isTest), trainIndex = all.masked_select(isTest.logical_not());
  if (testIndex.numel() == 0) testIndex = torch::tensor({n - 1}, torch::kLong), trainIndex = all.slice(0, 0, n - 1);
  auto pick = [](const torch::Tensor& t, const torch::Tensor& index) {
    return t.defined() ? t.index_select(0, index) : t;
  };
  const DataSplit train = data.train;
  data.train = {pick(train.images, trainIndex), pick(train.labels, trainIndex), pick(train.factors, trainIndex)};
  data.test = {pick(train.images, testIndex), pick(train.labels, testIndex), pick(train.factors, testIndex)};
}

}  // namespace

bool fashionMnistInstalled() { return !findIdx(kFashionMnistDir, "train-images-idx3-ubyte").empty(); }

Dataset loadIdxDirectory(const fs::path& dir) {
  std::error_code ec;
  if (!fs::exists(dir, ec)) throw Error(dir.string() + ": folder not found");
  if (!fs::is_directory(dir, ec))
    throw Error(dir.string() + ": is a file; mnist:DIR needs the folder that holds train-images-idx3-ubyte[.gz]");
  IdxFiles trainFiles = findSplit(dir, "train"), testFiles = findSplit(dir, "t10k");
  if (trainFiles.images.empty())
    throw Error(dir.string() +
                ": no train-images-idx3-ubyte or train-images-idx3-ubyte.gz in this folder "
                "(mnist:DIR needs at least that IDX images file)");
  Dataset data;
  // Labels must exist for both splits or for neither: a labelled train split wins over unlabelled t10k images.
  if (!testFiles.images.empty() && !trainFiles.labels.empty() && testFiles.labels.empty()) {
    data.skippedFiles = 1;
    data.skipReasons.push_back(testFiles.images.filename().string() +
                               ": not used, no t10k labels beside it; every tenth training image is the test split");
    testFiles = {};
  } else if (!testFiles.labels.empty() && trainFiles.labels.empty()) {
    data.skippedFiles = 1;
    data.skipReasons.push_back(testFiles.labels.filename().string() + ": not used, the training images have no labels");
    testFiles.labels.clear();
  }

  // The two splits are independent files: read (and decompress) them on both cores.
  std::exception_ptr testError;
  std::thread testReader;
  if (!testFiles.images.empty()) {
    testReader = std::thread([&] {
      try {
        data.test = readSplit(testFiles);
      } catch (...) {
        testError = std::current_exception();
      }
    });
  }
  try {
    data.train = readSplit(trainFiles);
  } catch (...) {
    if (testReader.joinable()) testReader.join();
    throw;
  }
  if (testReader.joinable()) testReader.join();
  if (testError) std::rethrow_exception(testError);

  if (data.test.size() == 0) {
    holdOutEveryTenth(data);
  } else if (data.test.images.sizes().slice(1) != data.train.images.sizes().slice(1)) {
    throw Error(testFiles.images.string() + ": images of " + std::to_string(data.test.images.size(2)) + "x" +
                std::to_string(data.test.images.size(3)) + " but the training images are " +
                std::to_string(data.train.images.size(2)) + "x" + std::to_string(data.train.images.size(3)));
  }
  if (data.hasLabels()) {
    int64_t maxLabel = data.train.labels.max().item<int64_t>();
    if (data.test.labels.defined() && data.test.size() > 0)
      maxLabel = std::max(maxLabel, data.test.labels.max().item<int64_t>());
    for (int64_t c = 0; c <= maxLabel; ++c) data.classNames.push_back(std::to_string(c));
  }
  const fs::path clean = dir.lexically_normal();
  data.name = clean.filename().empty() ? clean.parent_path().filename().string() : clean.filename().string();
  return data;
}

Dataset loadFashionMnist() {
  if (!fashionMnistInstalled())
    throw Error(std::string("Fashion-MNIST is not installed (no train-images-idx3-ubyte.gz in ") + kFashionMnistDir +
                "): install it with 'sudo apt install dataset-fashion-mnist', or use another data set such as "
                "'shapes'");
  Dataset data = loadIdxDirectory(kFashionMnistDir);
  data.name = "Fashion-MNIST";
  if (data.classNames.size() > 10)
    throw Error(std::string(kFashionMnistDir) +
                ": a labels file holds values above 9; reinstall dataset-fashion-mnist");
  data.classNames = {"T-shirt/top", "Trouser", "Pullover", "Dress", "Coat",
                     "Sandal",      "Shirt",   "Sneaker",  "Bag",   "Ankle boot"};
  return data;
}

}  // namespace latentlab
