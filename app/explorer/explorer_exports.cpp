// The Explorer's exports: what the views show, as PNG and CSV, into the run's exports/ (or, for a run this process
// does not write and for an imported model, exports/<name>/ under the working directory).
#include "explorer.h"
#include "io/atomic_file.h"
#include "io/magnify.h"
#include "run/run_directory.h"
#include "latent/prior_codes.h"
#include "train/metrics_csv.h"
#include "util/error.h"

namespace latentlab {

// Where an export goes is decided on the frame (it depends on the source shown); the file is named, encoded and
// written on the export thread (app/explorer/export_queue.h).
std::function<std::filesystem::path()> Explorer::exportFolder() const {
  if (!snapshot_ || !source_) throw Error("no run yet");
  const std::string runDir = snapshot_->runDir;
  if (source_->trainer()) {
    if (runDir.empty()) throw Error("this run has no directory");  // every run gets one at creation
    return [runDir] { return RunDirectory::open(runDir).exportsDir(); };
  }
  // A source this process does not write stays untouched: its exports go to exports/<run name>/ here, or
  // exports/<model file's stem>/ for a model file.
  std::filesystem::path name;
  if (!runDir.empty()) name = std::filesystem::path(runDir).filename();
  else if (const auto info = source_->modelFileInfo()) name = std::filesystem::path(info->file).stem();
  else throw Error("nothing names this model's exports yet: wait until it is open");
  const auto folder = std::filesystem::absolute("exports") / name;
  return [folder] { return folder; };
}

void Explorer::exportFile(const std::string& stem, const std::string& extension, std::function<std::string()> bytes) {
  try {
    exports_.post([folder = exportFolder(), stem, extension, bytes = std::move(bytes)] {
      const std::string contents = bytes();
      const auto path = freshPathIn(folder(), stem, extension);
      writeFileAtomic(path, contents);
      return std::filesystem::absolute(path).string();  // what the message lists: a path that works from anywhere
    });
  } catch (const std::exception& e) {
    status_.fail(std::string("export failed: ") + e.what());
  }
}

void Explorer::collectExports() {
  for (const auto& done : exports_.collect()) {
    if (!done.ok) {
      status_.fail("export failed: " + done.text);
      continue;
    }
    exported_.last = done.text;
    exported_.batch.push_back(done.text);
  }
  // Exports asked for together (Ctrl+E) are listed together, each by its absolute path, once all are written.
  if (exported_.batch.empty() || exports_.busy() || !pendingExports_.empty()) return;
  const size_t n = exported_.batch.size();
  std::string message = n == 1 ? "exported " : "exported " + std::to_string(n) + " files: ";
  for (size_t i = 0; i < n; ++i) message += (i ? ", " : "") + exported_.batch[i];
  exported_.files = std::exchange(exported_.batch, {});
  status_.say(message);
}

void Explorer::exportImage(const std::string& stem, const Image& image) {
  if (image.empty()) status_.fail("nothing to export yet");
  else {
    // The factor follows one data_ image (the decoder's output), so grids and strips are magnified as one image is.
    const int factor = decoder_.ready() ? exportMagnification(decoder_.width(), decoder_.height())
                                        : exportMagnification(image.width, image.height);
    exportFile(stem, "png", [image, factor] { return encodePng(magnify(image, factor)); });
  }
}

void Explorer::exportCurrentImage() {
  if (decoder_.decodesOnWorker()) exportOnWorker(kExportImageSlot, "image", {decodedCode()}, 0);
  else exportImage("image", decodeCode());
}

void Explorer::exportSampleGrid() {
  if (!decoder_.ready()) return;
  // Seeds 1 to 64: the grid `latentlab-cli sample` draws by default (--seed 1 --n 64), truncated as the sliders are.
  std::vector<Code> codes = codesFromSeeds(1, 64, decoder_.latentDims());
  if (truncates())
    for (auto& c : codes) c = truncateCode(c, codes_.truncation());
  if (decoder_.decodesOnWorker()) exportOnWorker(kExportGridSlot, "samples", std::move(codes), 8);
  else exportImage("samples", makeGrid(decoder_.decode(codes), 8));
}

// An imported model decodes on the worker: the file is written once its images are back (finishExports).
void Explorer::exportOnWorker(DecodeSlot slot, const std::string& stem, std::vector<Code> codes, int columns) {
  if (!decoder_.ready() || codes.empty() || int(codes.front().size()) != decoder_.latentDims()) {
    status_.fail("nothing to export yet");
    return;
  }
  pendingExports_[slot] = {decodes_.request(slot, decoder_.weights(), std::move(codes)), stem, columns};
  status_.say("decoding " + stem + " for the export...");
}

void Explorer::finishExports() {
  for (auto it = pendingExports_.begin(); it != pendingExports_.end();) {
    auto decoded = decodes_.take(it->first);
    if (!decoded || decoded->ticket != it->second.ticket) {
      ++it;
      continue;
    }
    const PendingExport wanted = it->second;
    it = pendingExports_.erase(it);
    if (!decoded->error.empty()) status_.fail({"export failed", decoded->error.why, ""});
    else if (wanted.columns == 0) exportImage(wanted.stem, decoded->images.front());
    else exportImage(wanted.stem, makeGrid(decoded->images, wanted.columns));
  }
}

void Explorer::exportLossCsv() {
  if (snapshot_)
    exportFile("loss-history", "csv",
               [shown = snapshot_] { return lossExportCsv(shown->history, shown->epochs, shown->events); });
}

void Explorer::exportLatentCsv() {
  if (!snapshot_ || !snapshot_->latents)
    status_.fail("no latent codes yet: they appear a few seconds after training starts");
  else exportFile("latent-codes", "csv", [codes = snapshot_->latents] { return latentCodesCsv(*codes); });
}

void Explorer::exportEverything() {
  exportCurrentImage();
  exportSampleGrid();
  exportLossCsv();
  if (snapshot_ && snapshot_->latents) exportLatentCsv();
}

}  // namespace latentlab
