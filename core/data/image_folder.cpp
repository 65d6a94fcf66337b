#include "data/image_folder.h"

#include <stb/stb_image.h>
#include <stb/stb_image_resize.h>
#include <torch/torch.h>

#include <algorithm>
#include <atomic>
#include <map>
#include <mutex>
#include <thread>

#include "io/atomic_file.h"
#include "util/error.h"

namespace latentlab {
namespace fs = std::filesystem;

namespace {

// kMaxPixels: refuse images whose header claims more than this many pixels (a 100000 x 100000 "PNG" would
// otherwise ask for 30 GB before failing).
constexpr int64_t kMaxPixels = int64_t(1) << 26;
// kShownReasons: how many skip reasons are kept for the user.
constexpr size_t kShownReasons = 5;

struct Entry {
  fs::path path;
  int label = -1;  // -1: directly in the root, no class
  bool test = false;
};

// FNV-1a of the relative path: the holdout does not change when files are added elsewhere.
uint64_t pathHash(const std::string& text) {
  uint64_t h = 1469598103934665603ull;
  for (unsigned char c : text) h = (h ^ c) * 1099511628211ull;
  return h;
}

std::vector<Entry> listImages(const fs::path& root, std::vector<std::string>& classNames) {
  std::vector<fs::path> files;
  std::error_code ec;
  for (auto it = fs::recursive_directory_iterator(root, fs::directory_options::skip_permission_denied, ec);
       !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
    if (it->is_regular_file(ec) && it->path().filename().string()[0] != '.') files.push_back(it->path());
  }
  if (ec) throw Error("cannot list '" + root.string() + "': " + ec.message());
  std::sort(files.begin(), files.end());
  std::map<std::string, int> classes;
  for (const auto& file : files) {
    const auto relative = fs::relative(file, root);
    if (std::distance(relative.begin(), relative.end()) > 1) classes.emplace(relative.begin()->string(), 0);
  }
  int next = 0;
  for (auto& [name, index] : classes) {
    index = next++;
    classNames.push_back(name);
  }
  std::vector<Entry> entries;
  for (const auto& file : files) {
    const auto relative = fs::relative(file, root);
    Entry entry{file};
    if (std::distance(relative.begin(), relative.end()) > 1) entry.label = classes[relative.begin()->string()];
    entry.test = pathHash(relative.string()) % 10 == 0;
    entries.push_back(entry);
  }
  return entries;
}

struct Decoded {
  std::vector<uint8_t> pixels;  // side x side x channels, or empty when skipped
  std::string reason;
};

// Centre square crop, then resize to side x side.
Decoded decodeOne(const fs::path& path, int channels, int side) {
  Decoded out;
  std::string bytes;
  try {
    bytes = readFile(path);
  } catch (const Error& e) {
    out.reason = e.what();
    return out;
  }
  const auto* data = reinterpret_cast<const stbi_uc*>(bytes.data());
  int w = 0, h = 0, comp = 0;
  // stb_image refuses huge PNGs too, but then reports "unknown image type"; say what is really wrong.
  if (bytes.size() >= 24 && bytes.compare(0, 8, "\x89PNG\r\n\x1a\n") == 0) {
    auto be = [&](size_t at) {
      return int64_t(uint8_t(bytes[at])) << 24 | int64_t(uint8_t(bytes[at + 1])) << 16 |
             int64_t(uint8_t(bytes[at + 2])) << 8 | int64_t(uint8_t(bytes[at + 3]));
    };
    if (be(16) * be(20) > kMaxPixels) {
      out.reason = "declared size " + std::to_string(be(16)) + "x" + std::to_string(be(20)) + " is absurd; refused";
      return out;
    }
  }
  if (!stbi_info_from_memory(data, int(bytes.size()), &w, &h, &comp)) {
    out.reason = std::string("not a readable image (") + stbi_failure_reason() + ")";
    return out;
  }
  if (w <= 0 || h <= 0 || int64_t(w) * h > kMaxPixels) {
    out.reason = "declared size " + std::to_string(w) + "x" + std::to_string(h) + " is absurd; refused";
    return out;
  }
  int dw = 0, dh = 0, dc = 0;
  stbi_uc* pixels = stbi_load_from_memory(data, int(bytes.size()), &dw, &dh, &dc, channels);
  if (!pixels) {
    out.reason = std::string("cannot decode: ") + stbi_failure_reason();
    return out;
  }
  const int crop = std::min(dw, dh), x0 = (dw - crop) / 2, y0 = (dh - crop) / 2;
  out.pixels.resize(size_t(side) * side * channels);
  const stbi_uc* start = pixels + (size_t(y0) * dw + x0) * channels;
  stbir_resize_uint8(start, crop, crop, dw * channels, out.pixels.data(), side, side, 0, channels);
  stbi_image_free(pixels);
  return out;
}

}  // namespace

Dataset loadImageFolder(const fs::path& root, const DataOptions& options) {
  std::error_code ec;
  if (!fs::exists(root, ec)) throw Error("folder not found: '" + root.string() + "'");
  if (!fs::is_directory(root, ec)) throw Error("'" + root.string() + "' is a file; folder:DIR needs a folder");
  Dataset data;
  const auto entries = listImages(root, data.classNames);
  if (entries.empty()) throw Error("folder '" + root.string() + "' holds no files");

  // First pass: headers only, to choose the channel count and the default size.
  bool anyColour = false;
  int largest = 0;
  for (const auto& entry : entries) {
    int w = 0, h = 0, comp = 0;
    if (stbi_info(entry.path.c_str(), &w, &h, &comp)) {
      anyColour = anyColour || comp >= 3;
      largest = std::max({largest, w, h});
    }
  }
  const int channels = options.channels ? options.channels : (anyColour ? 3 : 1);
  const int side = options.size ? options.size : (largest <= 32 ? 28 : 64);
  if (channels != 1 && channels != 3) throw Error("--channels must be 1 or 3");

  // Decode on every core; results land in their slot so the order never depends on timing.
  std::vector<Decoded> decoded(entries.size());
  std::atomic<size_t> nextIndex{0}, done{0};
  std::atomic<bool> cancelled{false};
  auto worker = [&] {
    for (size_t i = nextIndex++; i < entries.size(); i = nextIndex++) {
      if (options.cancel && options.cancel->load()) {
        cancelled = true;
        return;
      }
      decoded[i] = decodeOne(entries[i].path, channels, side);
      ++done;
    }
  };
  const unsigned threads = std::max(1u, std::min(std::thread::hardware_concurrency(), 8u));
  std::vector<std::thread> pool;
  for (unsigned t = 1; t < threads; ++t) pool.emplace_back(worker);
  if (options.onProgress && entries.size() > 500) {
    std::thread progress([&] {
      while (done < entries.size() && !cancelled) {
        options.onProgress(float(done) / float(entries.size()), "decoding images");
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
      }
    });
    worker();
    for (auto& t : pool) t.join();
    progress.join();
  } else {
    worker();
    for (auto& t : pool) t.join();
  }
  if (cancelled) throw Error("cancelled");

  std::vector<size_t> train, test;
  for (size_t i = 0; i < entries.size(); ++i) {
    if (decoded[i].pixels.empty()) {
      ++data.skippedFiles;
      if (data.skipReasons.size() < kShownReasons)
        data.skipReasons.push_back(fs::relative(entries[i].path, root).string() + ": " + decoded[i].reason);
      continue;
    }
    (entries[i].test ? test : train).push_back(i);
  }
  if (train.empty() && test.empty())
    throw Error("folder '" + root.string() + "' has no readable image (" + std::to_string(data.skippedFiles) +
                " files tried" + (data.skipReasons.empty() ? "" : "; first: " + data.skipReasons[0]) + ")");
  if (train.empty()) std::swap(train, test);
  if (test.empty() && train.size() > 1) {
    test.push_back(train.back());
    train.pop_back();
  }
  const bool labelled = !data.classNames.empty();
  auto makeSplit = [&](const std::vector<size_t>& indices) {
    DataSplit split;
    split.images = torch::empty({int64_t(indices.size()), channels, side, side}, torch::kUInt8);
    if (labelled) split.labels = torch::empty({int64_t(indices.size())}, torch::kLong);
    uint8_t* out = split.images.data_ptr<uint8_t>();
    int64_t* labels = labelled ? split.labels.data_ptr<int64_t>() : nullptr;
    const size_t plane = size_t(side) * side;
    for (size_t k = 0; k < indices.size(); ++k) {
      const auto& pixels = decoded[indices[k]].pixels;  // interleaved HWC -> planar CHW
      for (size_t p = 0; p < plane; ++p)
        for (int c = 0; c < channels; ++c) out[(k * channels + size_t(c)) * plane + p] = pixels[p * channels + c];
      if (labels) labels[k] = std::max(entries[indices[k]].label, 0);
    }
    return split;
  };
  data.train = makeSplit(train);
  data.test = makeSplit(test);
  if (labelled && std::any_of(entries.begin(), entries.end(), [](const Entry& e) { return e.label < 0; })) {
    // Loose files beside class folders: they form a class of their own rather than being mislabelled.
    data.classNames.push_back("(top level)");
    const int64_t loose = int64_t(data.classNames.size()) - 1;
    auto relabel = [&](DataSplit& split, const std::vector<size_t>& indices) {
      int64_t* labels = split.labels.data_ptr<int64_t>();
      for (size_t k = 0; k < indices.size(); ++k)
        if (entries[indices[k]].label < 0) labels[k] = loose;
    };
    relabel(data.train, train);
    relabel(data.test, test);
  }
  data.name = root.filename().empty() ? root.parent_path().filename().string() : root.filename().string();
  return data;
}

}  // namespace latentlab
