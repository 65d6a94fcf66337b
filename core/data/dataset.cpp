// Data specs, parsed in one place for the GUI and the CLI.
#include "data/dataset.h"

#include <torch/torch.h>

#include <sstream>

#include "data/idx_reader.h"
#include "data/image_folder.h"
#include "data/shapes.h"
#include "util/error.h"

namespace latentlab {
namespace fs = std::filesystem;

namespace {

// kFashionMnistDir: where Debian's dataset-fashion-mnist puts the files.
const char* kFashionMnistDir = "/usr/share/datasets/fashion-mnist";

// "train-images-idx3-ubyte" or the same with ".gz"; empty when neither exists.
fs::path findIdx(const fs::path& dir, const std::string& stem) {
  std::error_code ec;
  for (const auto& name : {stem, stem + ".gz"})
    if (fs::is_regular_file(dir / name, ec)) return dir / name;
  return {};
}

DataSplit readIdxSplit(const fs::path& dir, const std::string& prefix, bool required) {
  const fs::path images = findIdx(dir, prefix + "-images-idx3-ubyte");
  if (images.empty()) {
    if (required)
      throw Error("no " + prefix + "-images-idx3-ubyte[.gz] in '" + dir.string() +
                  "' (mnist:DIR needs the IDX images file)");
    return {};
  }
  DataSplit split;
  split.images = readIdxImages(images);
  const fs::path labels = findIdx(dir, prefix + "-labels-idx1-ubyte");
  if (!labels.empty()) {
    split.labels = readIdxLabels(labels);
    if (split.labels.size(0) != split.images.size(0))
      throw Error("'" + labels.string() + "' has " + std::to_string(split.labels.size(0)) + " labels but '" +
                  images.string() + "' has " + std::to_string(split.images.size(0)) + " images");
  }
  return split;
}

// The last tenth of the train split becomes the test split (deterministic: files in order).
void holdOutTenth(Dataset& data) {
  const int64_t n = data.train.size(), test = std::max<int64_t>(1, n / 10);
  if (n < 2) return;
  auto cut = [&](const torch::Tensor& t, bool head) {
    return !t.defined() ? t : (head ? t.slice(0, 0, n - test) : t.slice(0, n - test)).contiguous();
  };
  data.test = {cut(data.train.images, false), cut(data.train.labels, false), cut(data.train.factors, false)};
  data.train = {cut(data.train.images, true), cut(data.train.labels, true), cut(data.train.factors, true)};
}

Dataset loadIdxDirectory(const fs::path& dir) {
  std::error_code ec;
  if (!fs::exists(dir, ec)) throw Error("folder not found: '" + dir.string() + "'");
  if (!fs::is_directory(dir, ec)) throw Error("'" + dir.string() + "' is a file; mnist:DIR needs the folder");
  Dataset data;
  data.train = readIdxSplit(dir, "train", true);
  data.test = readIdxSplit(dir, "t10k", false);
  if (data.test.size() == 0) holdOutTenth(data);
  else if (data.test.images.sizes().slice(1) != data.train.images.sizes().slice(1))
    throw Error("the t10k and train images in '" + dir.string() + "' differ in size");
  if (data.train.labels.defined() != data.test.labels.defined()) {
    data.train.labels = torch::Tensor();
    data.test.labels = torch::Tensor();
  }
  if (data.train.labels.defined()) {
    const int64_t classes = std::max(data.train.labels.max().item<int64_t>(),
                                     data.test.labels.defined() && data.test.size() ? data.test.labels.max().item<int64_t>()
                                                                                    : 0) + 1;
    for (int64_t c = 0; c < classes; ++c) data.classNames.push_back(std::to_string(c));
  }
  data.name = dir.filename().empty() ? dir.parent_path().filename().string() : dir.filename().string();
  return data;
}

}  // namespace

Dataset loadDataset(const std::string& spec, const DataOptions& options) {
  const auto colon = spec.find(':');
  const std::string kind = spec.substr(0, colon), arg = colon == std::string::npos ? "" : spec.substr(colon + 1);
  Dataset data;
  if (kind == "fashion-mnist" && arg.empty()) {
    if (findIdx(kFashionMnistDir, "train-images-idx3-ubyte").empty())
      throw Error(std::string("Fashion-MNIST is not installed (no files in ") + kFashionMnistDir +
                  "): install the Debian package dataset-fashion-mnist, or use another data set such as 'shapes'");
    data = loadIdxDirectory(kFashionMnistDir);
    data.name = "Fashion-MNIST";
    data.classNames = {"T-shirt/top", "Trouser", "Pullover", "Dress", "Coat",
                       "Sandal",      "Shirt",   "Sneaker",  "Bag",   "Ankle boot"};
  } else if (kind == "mnist" && !arg.empty()) {
    data = loadIdxDirectory(arg);
  } else if (kind == "folder" && !arg.empty()) {
    data = loadImageFolder(arg, options);
  } else if (kind == "shapes" && arg.empty()) {
    data = makeShapes(options.shapesCount > 0 ? options.shapesCount : kShapesDefaultCount, options.seed, options);
  } else {
    throw Error("unknown data set '" + spec + "': use fashion-mnist, mnist:DIR, folder:DIR or shapes");
  }
  data.spec = spec;
  if (options.onProgress) options.onProgress(1.0f, "loaded");
  return data;
}

std::string defaultDataSpec() {
  return findIdx(kFashionMnistDir, "train-images-idx3-ubyte").empty() ? "shapes" : "fashion-mnist";
}

int64_t Dataset::memoryBytes() const {
  int64_t bytes = 0;
  for (const DataSplit* split : {&train, &test})
    for (const auto* t : {&split->images, &split->labels, &split->factors})
      if (t->defined()) bytes += t->numel() * int64_t(t->element_size());
  return bytes;
}

std::string describeDataset(const Dataset& data) {
  std::ostringstream out;
  out << data.name << " (" << data.spec << ")\n";
  out << "images:      " << data.train.size() + data.test.size() << " of " << data.channels() << " x "
      << data.height() << " x " << data.width() << " (C x H x W)\n";
  out << "splits:      " << data.train.size() << " train, " << data.test.size() << " test\n";
  if (data.hasLabels()) {
    out << "labels:      " << data.classNames.size() << " classes:";
    for (size_t i = 0; i < data.classNames.size(); ++i) out << (i ? ", " : " ") << data.classNames[i];
    out << "\n";
  } else {
    out << "labels:      none\n";
  }
  if (!data.factorNames.empty()) {
    out << "factors:    ";
    for (const auto& f : data.factorNames) out << " " << f;
    out << "\n";
  }
  out << "memory:      " << std::fixed;
  out.precision(1);
  out << double(data.memoryBytes()) / (1024.0 * 1024.0) << " MiB\n";
  if (data.skippedFiles > 0) {
    out << "skipped:     " << data.skippedFiles << " files that could not be read, for example:\n";
    for (const auto& reason : data.skipReasons) out << "  " << reason << "\n";
  }
  return out.str();
}

}  // namespace latentlab
