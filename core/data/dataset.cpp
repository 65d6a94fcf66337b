// loadDataset: one entry for every source (specs are parsed in data_spec.cpp), and the summary `info` prints.
#include "data/dataset.h"

#include <torch/torch.h>

#include <sstream>

#include "catalogue/data_spec.h"
#include "data/idx_dataset.h"
#include "data/image_folder.h"
#include "data/shapes.h"
#include "util/error.h"

namespace latentlab {

Dataset loadDataset(const std::string& spec, const DataOptions& options) {
  const DataSpec parsed = parseDataSpec(spec);
  Dataset data;
  try {
    switch (parsed.kind) {
      case DataSpec::Kind::FashionMnist: data = loadFashionMnist(); break;
      case DataSpec::Kind::Mnist: data = loadIdxDirectory(parsed.path); break;
      case DataSpec::Kind::Folder: data = loadImageFolder(parsed.path, options); break;
      case DataSpec::Kind::Shapes:
        data = makeShapes(options.shapesCount > 0 ? options.shapesCount : kShapesDefaultCount, options.seed, options);
        break;
    }
  } catch (const Error&) {
    throw;
  } catch (const std::bad_alloc&) {
    // Everything a loader allocates is checked against the input first, so this is a real shortage.
    throw Error(spec + ": not enough memory to load this data set");
  } catch (const std::exception& e) {
    // Anything else (filesystem, LibTorch) still reaches the user as an Error naming the data set.
    throw Error(spec + ": " + e.what());
  }
  data.spec = spec;
  if (options.onProgress) options.onProgress(1.0f, "loaded");
  return data;
}

std::string defaultDataSpec() { return fashionMnistInstalled() ? "fashion-mnist" : "shapes"; }

Image imageAt(const DataSplit& split, int64_t index) {
  if (index < 0 || index >= split.size()) return {};
  const auto chw = split.images[index];
  const int c = int(chw.size(0)), h = int(chw.size(1)), w = int(chw.size(2));
  const auto hwc = chw.permute({1, 2, 0}).contiguous();
  Image image(w, h, c);
  std::copy_n(hwc.data_ptr<uint8_t>(), image.pixels.size(), image.pixels.begin());
  return image;
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
  const int64_t total = data.train.size() + data.test.size();
  if (total == 0 || !data.train.images.defined()) return out.str() + "images:      none\n";
  out << "images:      " << total << " of " << data.channels() << " x " << data.height() << " x " << data.width()
      << " (C x H x W), uint8\n";
  out << "splits:      " << data.train.size() << " train, " << data.test.size() << " test\n";
  if (data.hasLabels()) {
    out << "labels:      " << total << " labels, " << data.classNames.size() << " classes:";
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
    out << "skipped:     " << data.skippedFiles << (data.skippedFiles == 1 ? " file" : " files");
    if (size_t(data.skippedFiles) > data.skipReasons.size())
      out << " (the first " << data.skipReasons.size() << " shown)";
    out << ":\n";
    for (const auto& reason : data.skipReasons) out << "  " << reason << "\n";
  }
  return out.str();
}

}  // namespace latentlab
