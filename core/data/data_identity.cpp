#include "data/data_identity.h"

#include <zlib.h>

#include <cstdio>

namespace latentlab {
namespace {

uLong crcOf(uLong crc, const torch::Tensor& tensor) {
  if (!tensor.defined() || tensor.numel() == 0) return crc;
  const auto bytes = tensor.contiguous();
  const auto* data = static_cast<const Bytef*>(bytes.data_ptr());
  size_t left = size_t(bytes.numel()) * bytes.element_size();
  while (left > 0) {  // crc32 takes a uInt length
    const uInt chunk = uInt(std::min<size_t>(left, 1u << 30));
    crc = crc32(crc, data, chunk);
    data += chunk;
    left -= chunk;
  }
  return crc;
}

std::string shapeText(int64_t c, int64_t h, int64_t w) {
  return std::to_string(c) + "x" + std::to_string(h) + "x" + std::to_string(w);
}

}  // namespace

DataOptions dataOptionsOf(const TrainConfig& config) {
  DataOptions options;
  options.size = config.dataSize;
  options.channels = config.dataChannels;
  options.seed = config.dataSeed;
  return options;
}

DataIdentity identifyData(const Dataset& data) {
  uLong crc = crc32(0L, Z_NULL, 0);
  for (const DataSplit* split : {&data.train, &data.test}) {
    crc = crcOf(crc, split->images);
    crc = crcOf(crc, split->labels);
  }
  char text[32];
  std::snprintf(text, sizeof text, "crc32:%08lx", static_cast<unsigned long>(crc));
  DataIdentity identity;
  identity.trainImages = data.train.size();
  identity.testImages = data.test.size();
  identity.fingerprint = text;
  return identity;
}

std::string dataDifference(const TrainConfig& config, const Dataset& data, const DataIdentity& now) {
  const auto& m = config.model;
  if (m.channels != data.channels() || m.height != data.height() || m.width != data.width())
    return "this run was trained on " + shapeText(m.channels, m.height, m.width) + " images ('" + config.dataSpec +
           "'), but the data set '" + data.spec + "' has " + shapeText(data.channels(), data.height(), data.width()) +
           " images";
  const DataIdentity& was = config.dataIdentity;
  if (!was.known()) return "";
  std::string differences;
  if (was.trainImages != now.trainImages || was.testImages != now.testImages)
    differences = std::to_string(was.trainImages) + " + " + std::to_string(was.testImages) + " images then, " +
                  std::to_string(now.trainImages) + " + " + std::to_string(now.testImages) + " now";
  else if (was.fingerprint != now.fingerprint)
    differences =
        "the same counts but other pixels or labels (" + was.fingerprint + " then, " + now.fingerprint + " now)";
  if (differences.empty()) return "";
  return "the data set '" + data.spec + "' is not the data this run was trained on: " + differences;
}

}  // namespace latentlab
