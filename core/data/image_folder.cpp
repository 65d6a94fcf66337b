#include "data/image_folder.h"

#include <stb/stb_image.h>
#include <stb/stb_image_resize.h>
#include <torch/torch.h>

#include <algorithm>
#include <cerrno>
#include <atomic>
#include <chrono>
#include <climits>
#include <cstring>
#include <fstream>
#include <map>
#include <thread>

#include "data/image_checks.h"
#include "util/error.h"
#include "util/fnv_hash.h"

namespace latentlab {
namespace fs = std::filesystem;

namespace {

// kMaxDataBytes: the whole decoded set.
constexpr int64_t kMaxDataBytes = int64_t(8) << 30;
constexpr size_t kShownReasons = 5;    // skip reasons kept for the user
constexpr unsigned kThreads = 2;       // the target machines have two cores
constexpr size_t kProgressFrom = 200;  // files; smaller folders load too fast to need progress

struct Entry {
  fs::path path;
  std::string relative;  // to the root, for messages and the holdout hash
  int label = -1;        // -1: no class folder
  // Filled by the header pass:
  int width = 0, height = 0, components = 0;
  bool pnm16 = false;  // a 16-bit PNM: decoded with its own channels (see isPnm16)
  std::string reason;  // why the file is skipped; empty while it is fine
};

// A fixed hash, so the holdout is the same everywhere.
uint64_t pathHash(const std::string& text) { return fnv1a(text.data(), text.size()); }

bool hidden(const fs::path& path) {
  const std::string name = path.filename().string();
  return !name.empty() && name[0] == '.';
}

void throwIfCancelled(const DataOptions& options) {
  if (options.cancel && options.cancel->load()) throw Error("cancelled");
}

// Why a directory entry that is neither a regular file nor a folder is skipped.
std::string notAFileReason(const fs::directory_entry& entry) {
  std::error_code ec;
  const auto own = entry.symlink_status(ec).type();
  if (own == fs::file_type::symlink) {
    const auto target = fs::status(entry.path(), ec);
    if (ec && ec.value() == ELOOP) return "a symbolic link loop";
    if (ec || target.type() == fs::file_type::not_found) return "a broken symbolic link";
    return "a symbolic link to something that is not a file";
  }
  switch (own) {
    case fs::file_type::fifo: return "a named pipe (FIFO), not a file";
    case fs::file_type::socket: return "a socket, not a file";
    case fs::file_type::block:
    case fs::file_type::character: return "a device, not a file";
    default: return "not a regular file";
  }
}

std::vector<Entry> listFiles(const fs::path& root, std::vector<std::string>& classNames, const DataOptions& options) {
  std::vector<Entry> entries;
  std::error_code ec;
  auto it = fs::recursive_directory_iterator(root, fs::directory_options::skip_permission_denied, ec);
  for (; !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
    std::error_code entryError;  // a broken link must not end the listing: only the iterator's own errors do
    if (hidden(it->path())) {
      if (it->is_directory(entryError)) it.disable_recursion_pending();  // .git, .thumbnails, ...
      continue;
    }
    const bool file = it->is_regular_file(entryError);
    if (file || !it->is_directory(entryError)) {
      Entry entry;
      entry.path = it->path();
      entry.relative = it->path().lexically_relative(root).string();
      // Everything that is not a folder is listed, so that the user learns why it was not used. Named pipes and
      // devices are never opened (opening a FIFO would wait for a writer forever).
      if (!file) entry.reason = notAFileReason(*it);
      entries.push_back(std::move(entry));
    }
    if (entries.size() % 4096 == 0) throwIfCancelled(options);
  }
  if (ec) throw Error(root.string() + ": cannot list the folder: " + ec.message());
  std::sort(entries.begin(), entries.end(), [](const Entry& a, const Entry& b) { return a.relative < b.relative; });

  std::map<std::string, int> classes;  // sorted by name
  for (const auto& entry : entries) {
    const fs::path relative(entry.relative);
    if (std::next(relative.begin()) != relative.end()) classes.emplace(relative.begin()->string(), 0);
  }
  for (auto& [name, index] : classes) {
    index = int(classNames.size());
    classNames.push_back(name);
  }
  bool loose = false;
  for (auto& entry : entries) {
    const fs::path relative(entry.relative);
    const bool nested = std::next(relative.begin()) != relative.end();
    loose = loose || !nested;
    entry.label = nested ? classes[relative.begin()->string()] : -1;
  }
  if (!classNames.empty() && loose) {
    for (auto& entry : entries)
      if (entry.label < 0) entry.label = int(classNames.size());
    classNames.push_back("(top level)");
  }
  return entries;
}

// Runs work(i) for i in [0, n) on kThreads threads. Reports progress from the calling thread only (the GUI
// hands it to its own queue), stops early on cancel, and turns any exception into the entry's skip reason so a
// worker thread can never take the program down.
template <typename Work, typename Fail>
void parallelEach(size_t n, const DataOptions& options, float from, float to, const char* message, Work work,
                  Fail fail) {
  std::atomic<size_t> next{0}, done{0};
  std::atomic<bool> stop{false};
  auto run = [&](bool reporter) {
    auto lastReport = std::chrono::steady_clock::now();
    for (size_t i = next++; i < n && !stop; i = next++) {
      if (options.cancel && options.cancel->load()) {
        stop = true;
        break;
      }
      try {
        work(i);
      } catch (const std::exception& e) {
        fail(i, std::string("cannot read: ") + e.what());
      } catch (...) {
        fail(i, "cannot read: unknown error");
      }
      ++done;
      if (reporter && options.onProgress && n >= kProgressFrom &&
          std::chrono::steady_clock::now() - lastReport > std::chrono::milliseconds(100)) {
        lastReport = std::chrono::steady_clock::now();
        try {
          options.onProgress(from + (to - from) * float(done) / float(n), message);
        } catch (...) {
          stop = true;  // a failing progress callback must not leave the helper thread running
        }
      }
    }
  };
  if (options.onProgress && n >= kProgressFrom) options.onProgress(from, message);  // each phase announces itself
  std::vector<std::thread> helpers;
  for (unsigned t = 1; t < std::min<size_t>(kThreads, n); ++t) helpers.emplace_back(run, false);
  run(true);
  for (auto& helper : helpers) helper.join();
  throwIfCancelled(options);
}

// stbi__convert_format's conversions between the channel counts a PNM holds: gray (1) and RGB (3).
std::vector<stbi_uc> convertPnmChannels(const stbi_uc* in, int w, int h, int from, int to) {
  const size_t count = size_t(w) * size_t(h);
  std::vector<stbi_uc> out(count * size_t(to));
  for (size_t p = 0; p < count; ++p) {
    const stbi_uc* src = in + p * size_t(from);
    stbi_uc* dst = out.data() + p * size_t(to);
    if (from == 1)
      for (int c = 0; c < to; ++c) dst[c] = src[0];
    else  // RGB to gray with stb's weights (stbi__compute_y)
      dst[0] = stbi_uc((src[0] * 77 + src[1] * 150 + 29 * src[2]) >> 8);
  }
  return out;
}

// Centre-crops decoded pixels (w x h, `channels` interleaved) to a square, resizes to side x side and stores
// planar (C x H x W) at `out`. Returns the reason it failed, or empty.
std::string cropAndResize(const stbi_uc* pixels, int w, int h, int channels, int side, uint8_t* out) {
  if (int64_t(w) * h > kMaxPixels || w <= 0 || h <= 0)  // the file changed since its header was read
    return "the image is " + std::to_string(w) + "x" + std::to_string(h) + " pixels, absurdly large";
  const int crop = std::min(w, h), x0 = (w - crop) / 2, y0 = (h - crop) / 2;
  std::vector<uint8_t> resized(size_t(side) * side * channels);
  const stbi_uc* start = pixels + (size_t(y0) * w + x0) * channels;
  if (!stbir_resize_uint8(start, crop, crop, w * channels, resized.data(), side, side, 0, channels))
    return "cannot resize (out of memory?)";
  const size_t plane = size_t(side) * side;
  for (int c = 0; c < channels; ++c)
    for (size_t p = 0; p < plane; ++p) out[size_t(c) * plane + p] = resized[p * channels + c];
  return {};
}

// First pass: the header only. Sets width/height/components, or the reason the file is skipped.
void probe(Entry& entry) {
  if (!entry.reason.empty()) return;  // not a file (listFiles)
  char head[4096] = {};  // enough for any real PNM header (pnmClaimReason); a PNG's size is in its first 24
  {
    std::ifstream in(entry.path, std::ios::binary);
    if (!in) {
      entry.reason = "cannot open the file";
      return;
    }
    in.read(head, sizeof head);
    const size_t got = size_t(in.gcount());
    entry.reason = pngClaimReason(head, got);
    if (entry.reason.empty()) entry.reason = pnmClaimReason(head, got, in.eof());
    if (entry.reason.empty() && isPng(head, got)) {
      std::error_code ec;
      const uint64_t size = fs::file_size(entry.path, ec);
      in.clear();
      entry.reason =
          pngChunkReason([&](uint64_t at, char* out) { return bool(in.seekg(std::streamoff(at)).read(out, 8)); },
                         ec ? 0 : size);
    }
    if (!entry.reason.empty()) return;
    entry.pnm16 = isPnm16(head, got, true) && stbi_is_16_bit(entry.path.c_str());
  }
  ImageHeader header;
  const bool readable = stbi_info(entry.path.c_str(), &header.width, &header.height, &header.components) != 0;
  entry.width = header.width;
  entry.height = header.height;
  entry.components = header.components;
  std::error_code ec;
  const uint64_t fileBytes = fs::file_size(entry.path, ec);
  entry.reason = headerReason(readable, header, ec ? 0 : fileBytes);
}

// Decodes with `load(requestedChannels, &w, &h, &stored)` (stbi_load or stbi_load_from_memory), centre-crops to a
// square, resizes to side x side and stores planar (C x H x W) at `out`. Returns why it failed, or empty.
template <typename Load>
std::string decodeWith(Load load, bool pnm16, int channels, int side, uint8_t* out) {
  int w = 0, h = 0, stored = 0;
  stbi_uc* pixels = load(pnm16 ? 0 : channels, &w, &h, &stored);
  if (!pixels) return std::string("cannot decode (") + stbi_failure_reason() + ")";
  std::unique_ptr<stbi_uc, void (*)(void*)> owner(pixels, stbi_image_free);
  if (!pnm16 || stored == channels) return cropAndResize(pixels, w, h, channels, side, out);
  if (int64_t(w) * h > kMaxPixels || w <= 0 || h <= 0 || (stored != 1 && stored != 3))
    return "the image is " + std::to_string(w) + "x" + std::to_string(h) + " pixels with " + std::to_string(stored) +
           " channels, not a PNM stb can convert";
  const auto converted = convertPnmChannels(pixels, w, h, stored, channels);
  return cropAndResize(converted.data(), w, h, channels, side, out);
}

// Second pass: decode, centre-crop to a square, resize to side x side and store planar (C x H x W) at `out`.
void decode(Entry& entry, int channels, int side, uint8_t* out) {
  const std::string file = entry.path.string();
  entry.reason = decodeWith([&](int request, int* w, int* h,
                                int* stored) { return stbi_load(file.c_str(), w, h, stored, request); },
                            entry.pnm16, channels, side, out);
}

// Channels and side of the set: the options, else from the images not skipped so far (any colour image makes it
// RGB; small images give 28 px, larger ones 64 px).
std::pair<int, int> chooseShape(const std::vector<Entry>& entries, const DataOptions& options) {
  bool anyColour = false;
  int largest = 0;
  for (const auto& entry : entries) {
    if (!entry.reason.empty()) continue;
    anyColour = anyColour || entry.components >= 3;
    largest = std::max({largest, entry.width, entry.height});
  }
  return {options.channels ? options.channels : (anyColour ? 3 : 1),
          options.size ? options.size : (largest <= 32 ? 28 : 64)};
}

}  // namespace

ImageHeader probeImage(std::string_view bytes) {
  ImageHeader header;
  header.reason = pngClaimReason(bytes.data(), std::min<size_t>(bytes.size(), 24));
  if (header.reason.empty()) header.reason = pnmClaimReason(bytes.data(), bytes.size(), true);
  if (header.reason.empty() && isPng(bytes.data(), bytes.size()))
    header.reason = pngChunkReason(
        [&](uint64_t at, char* out) {
          std::memcpy(out, bytes.data() + at, 8);  // at + 8 <= size: pngChunkReason checks
          return true;
        },
        bytes.size());
  if (!header.reason.empty()) return header;
  if (bytes.size() > size_t(INT_MAX)) {
    header.reason = "too large to read from memory";
    return header;
  }
  const bool readable = stbi_info_from_memory(reinterpret_cast<const stbi_uc*>(bytes.data()), int(bytes.size()),
                                              &header.width, &header.height, &header.components) != 0;
  header.reason = headerReason(readable, header, bytes.size());
  return header;
}

std::string decodeImage(std::string_view bytes, int channels, int side, uint8_t* out) {
  if (bytes.size() > size_t(INT_MAX)) return "too large to read from memory";
  const auto* data = reinterpret_cast<const stbi_uc*>(bytes.data());
  const int size = int(bytes.size());
  const bool pnm16 = isPnm16(bytes.data(), bytes.size(), stbi_is_16_bit_from_memory(data, size) != 0);
  return decodeWith([&](int request, int* w, int* h,
                        int* stored) { return stbi_load_from_memory(data, size, w, h, stored, request); },
                    pnm16, channels, side, out);
}

Dataset loadImageFolder(const fs::path& root, const DataOptions& options) {
  std::error_code ec;
  if (!fs::exists(root, ec)) throw Error(root.string() + ": folder not found");
  if (!fs::is_directory(root, ec)) throw Error(root.string() + ": is a file; folder:DIR needs a folder of images");
  if (options.channels != 0 && options.channels != 1 && options.channels != 3)
    throw Error("channels must be 1 (gray) or 3 (RGB), not " + std::to_string(options.channels));
  if (options.size != 0 && (options.size < 4 || options.size > 1024))
    throw Error("image size must be between 4 and 1024 pixels, not " + std::to_string(options.size));

  Dataset data;
  auto entries = listFiles(root, data.classNames, options);
  if (entries.empty()) throw Error(root.string() + ": the folder holds no files (hidden ones are not counted)");

  parallelEach(
      entries.size(), options, 0.0f, 0.1f, "reading image headers", [&](size_t i) { probe(entries[i]); },
      [&](size_t i, const std::string& reason) { entries[i].reason = reason; });
  // The images that decode decide the size and colour: a file whose header reads but whose pixels do not (a
  // damaged 100x100 RGB PNG in a folder of 28 px gray ones) must not. The headers decide first; when an image
  // that swayed the decision fails to decode, the decision is made again without it and the rest decoded again.
  std::vector<size_t> readable;
  torch::Tensor all;
  int channels = 0, side = 0;
  for (int attempt = 0;; ++attempt) {
    const auto [wantChannels, wantSide] = chooseShape(entries, options);
    if (attempt > 0 && wantChannels == channels && wantSide == side) break;
    if (attempt == 3) break;  // a folder whose files keep changing under us: keep the last decode
    channels = wantChannels;
    side = wantSide;
    readable.clear();
    for (size_t i = 0; i < entries.size(); ++i)
      if (entries[i].reason.empty()) readable.push_back(i);
    const int64_t imageBytes = int64_t(channels) * side * side;
    if (int64_t(readable.size()) * imageBytes > kMaxDataBytes)
      throw Error(root.string() + ": " + std::to_string(readable.size()) + " images of " + std::to_string(channels) +
                  "x" + std::to_string(side) + "x" + std::to_string(side) + " would need more than " +
                  std::to_string(kMaxDataBytes >> 30) + " GiB; choose a smaller size or fewer images");
    // Decode straight into one tensor, slot k for readable[k]; the order never depends on thread timing.
    all = torch::empty({int64_t(readable.size()), channels, side, side}, torch::kUInt8);
    uint8_t* base = all.data_ptr<uint8_t>();
    parallelEach(
        readable.size(), options, 0.1f, 1.0f, "decoding images",
        [&](size_t k) { decode(entries[readable[k]], channels, side, base + int64_t(k) * imageBytes); },
        [&](size_t k, const std::string& reason) { entries[readable[k]].reason = reason; });
  }

  std::vector<int64_t> train, test;
  for (size_t k = 0; k < readable.size(); ++k)
    if (entries[readable[k]].reason.empty())
      (pathHash(entries[readable[k]].relative) % 10 == 0 ? test : train).push_back(int64_t(k));
  for (const auto& entry : entries) {
    if (entry.reason.empty()) continue;
    ++data.skippedFiles;
    if (data.skipReasons.size() < kShownReasons) data.skipReasons.push_back(entry.relative + ": " + entry.reason);
  }
  if (train.empty() && test.empty())
    throw Error(root.string() + ": no readable image among " + std::to_string(entries.size()) + " files" +
                (data.skipReasons.empty() ? "" : " (first: " + data.skipReasons[0] + ")"));
  // Tiny folders: keep at least one image in each split when there are two.
  if (train.empty()) std::swap(train, test);
  if (test.empty() && train.size() > 1) {
    test.push_back(train.back());
    train.pop_back();
  }

  const bool labelled = !data.classNames.empty();
  auto makeSplit = [&](const std::vector<int64_t>& slots) {
    DataSplit split;
    if (slots.empty()) return split;
    const auto index = torch::tensor(slots, torch::kLong);
    split.images = all.index_select(0, index);
    if (labelled) {
      std::vector<int64_t> labels;
      for (int64_t k : slots) labels.push_back(entries[readable[size_t(k)]].label);
      split.labels = torch::tensor(labels, torch::kLong);
    }
    return split;
  };
  data.train = makeSplit(train);
  data.test = makeSplit(test);
  if (data.test.size() == 0) {  // one image in all: an empty test split with the right shape
    data.test.images = all.slice(0, 0, 0).clone();
    if (labelled) data.test.labels = torch::empty({0}, torch::kLong);
  }
  const fs::path clean = root.lexically_normal();
  data.name = clean.filename().empty() ? clean.parent_path().filename().string() : clean.filename().string();
  return data;
}

}  // namespace latentlab
