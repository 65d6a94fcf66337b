#include "panels/scatter_embedding.h"

#include <imgui.h>

#include "panels/panel_util.h"
#include "test_report.h"
#include "snapshot/snapshot.h"

namespace latentlab {

namespace {

// While training, codes change every few seconds: lay them out again at most this often (each job already
// takes longer than that on 70,000 codes).
constexpr double kMinSecondsBetweenJobs = 5.0;

const char* stateName(UmapWorker::State state) {
  switch (state) {
    case UmapWorker::State::Idle: return "idle";
    case UmapWorker::State::Neighbours: return "neighbours";
    case UmapWorker::State::Layout: return "layout";
    case UmapWorker::State::Done: return "done";
    case UmapWorker::State::Failed: return "failed";
  }
  return "?";
}

}  // namespace

void ScatterEmbedding::drawAxisChoice(int& axisX, int& axisY) {
  for (int axis : {kAxisX, kAxisY})
    if (ImGui::Selectable(axisName(axis).c_str(), axis == axisX || axis == axisY)) {
      axisX = kAxisX;
      axisY = kAxisY;
    }
  markItem("scatter_umap");
  tooltip("UMAP: a non-linear map of all the codes that keeps neighbours together, computed in the background");
}

void ScatterEmbedding::update(const LatentCodes& codes, int64_t run, bool wanted) {
  wanted_ = wanted;
  if (!wanted) {
    if (worker_.busy()) worker_.cancel();  // nobody looks: leave the cores to training
    version_ = -1;                         // asked again later: lay out the codes of then
    return;
  }
  const bool busy = worker_.busy();  // read once, before the layout: a job ending meanwhile waits a frame
  if (busy) ++framesWhileBusy_;
  const bool otherCodes = run != run_ || codes.count != count_ || codes.dims != dims_;
  if (otherCodes) {  // another run or data set: its layout means nothing here
    shown_.reset();
    ++generation_;
  }
  // Adopt the newest layout of the latest request (a cancelled job's layouts are of older codes), before any new
  // request: the final layout of a job that just ended must not be lost, and the next job starts from it.
  const UmapWorker::Layout latest = worker_.latest();
  if (latest.points && latest.ticket == ticket_ && (latest.ticket != shownTicket_ || latest.epoch != shownEpoch_) &&
      latest.points->size() == size_t(count_) * 2) {
    shown_ = latest.points;
    shownTicket_ = latest.ticket;
    shownEpoch_ = latest.epoch;
    shownFinal_ = latest.final;
    ++generation_;
    ++layoutsShown_;
  }
  const auto now = std::chrono::steady_clock::now();
  const bool due = !busy && now - requested_ > std::chrono::duration<double>(kMinSecondsBetweenJobs);
  if (codes.count > 0 && (otherCodes || (codes.version != version_ && due))) {
    UmapOptions options;
    options.seed = 42;
    // Start from the layout shown when it is of these points: the islands stay where the user saw them.
    std::vector<float> start = shown_ && !otherCodes ? *shown_ : std::vector<float>();
    ticket_ = worker_.request(codes.codes, codes.count, codes.dims, options, std::move(start));
    run_ = run, version_ = codes.version, count_ = codes.count, dims_ = codes.dims;
    requested_ = now;
  }
}

Failure ScatterEmbedding::takeNewFailure() {
  const UmapWorker::Status status = worker_.status();
  if (status.state != UmapWorker::State::Failed || status.ticket == failureSaid_) return {};
  failureSaid_ = status.ticket;
  return status.error;
}

void ScatterEmbedding::drawStatus() const {
  if (!wanted_) return;
  const UmapWorker::Status status = worker_.status();
  ImGui::SameLine();
  switch (status.state) {
    case UmapWorker::State::Neighbours: ImGui::TextDisabled("UMAP: neighbour graph..."); break;
    case UmapWorker::State::Layout: ImGui::TextDisabled("UMAP: epoch %d / %d", status.epoch, status.epochs); break;
    case UmapWorker::State::Done: ImGui::TextDisabled("UMAP: done in %.1f s", status.seconds); break;
    case UmapWorker::State::Failed:  // why: in the status line (takeNewFailure)
      ImGui::TextColored(ImVec4(1, 0.4f, 0.3f, 1), "UMAP failed");
      break;
    case UmapWorker::State::Idle: ImGui::TextDisabled("UMAP: waiting"); break;
  }
  tooltip(shown_ ? "The scatter shows the latest UMAP layout; it refines while the computation runs"
                 : "The scatter shows PCA until the first UMAP layout arrives");
}

bool ScatterEmbedding::settled() const {
  const UmapWorker::Status status = worker_.status();
  return status.finished > 0 || status.state == UmapWorker::State::Failed;
}

const std::vector<float>* ScatterEmbedding::layout(const LatentCodes& codes) const {
  if (!shown_ || codes.count != count_ || shown_->size() != size_t(codes.count) * 2) return nullptr;
  return shown_.get();
}

nlohmann::json ScatterEmbedding::facts() const {
  const UmapWorker::Status status = worker_.status();
  return {{"wanted", wanted_},
          {"state", stateName(status.state)},
          {"epoch", status.epoch},
          {"epochs", status.epochs},
          {"finished", status.finished},
          {"seconds", status.seconds},
          {"error", status.error.text()},
          {"version", version_},
          {"layouts_shown", layoutsShown_},
          {"shown_final", shownFinal_},
          {"frames_while_busy", framesWhileBusy_}};
}

}  // namespace latentlab
