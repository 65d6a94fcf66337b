#include "panels/system_panel.h"

#include <cmath>

#include <imgui.h>

#include "layout.h"
#include "util/blas_info.h"
#include "util/runtime_info.h"

namespace latentlab {

SystemPanel::SystemPanel(std::string glVersion, std::string drawing, int watchedThreads, int workedThreads)
    : glVersion_(std::move(glVersion)),
      drawing_(std::move(drawing)),
      watchedThreads_(watchedThreads),
      workedThreads_(workedThreads) {
  const RuntimeInfo info = runtimeInfo();
  torchVersion_ = info.torchVersion;
  cuda_ = info.cudaAvailable;
  const BlasInfo blas = detectBlas();
  blas_ = describeBlas(blas);
  blasFast_ = blas.fast;
}

void SystemPanel::draw() {
  placeNext("System");
  if (ImGui::Begin("System")) {
    if (watchedThreads_ == workedThreads_)
      ImGui::TextWrapped("LibTorch %s, %d training thread%s, CUDA %s", torchVersion_.c_str(), watchedThreads_,
                         watchedThreads_ == 1 ? "" : "s", cuda_ ? "available" : "not available");
    else
      ImGui::TextWrapped("LibTorch %s, %d training threads (%d while you drag, scroll or type), CUDA %s",
                         torchVersion_.c_str(), watchedThreads_, workedThreads_, cuda_ ? "available" : "not available");
    if (blasFast_) ImGui::TextWrapped("%s", blas_.c_str());
    else ImGui::TextColored(ImVec4(1.0f, 0.6f, 0.2f, 1.0f), "%s", blas_.c_str());
    ImGui::TextWrapped("OpenGL %s", glVersion_.c_str());
    ImGui::TextWrapped("Frames drawn: %s", drawing_.c_str());
    // Once a second: a number that changes every frame would make every frame differ from the one on screen, and
    // each would be drawn (gl/frame_damage.h). Frames drawn, not frames looked at: repeats cost nothing.
    const double now = ImGui::GetTime();
    if (now - rateSince_ >= 1.0) {
      const double rate = double(rendered_ - renderedSince_) / (now - rateSince_);
      // Shown anew only when it moved by 2 or more: otherwise the frame drawn to show "1" would keep an idle
      // window alternating between 0 and 1 frame a second, drawing forever.
      if (std::abs(rate - shownRate_) >= 2.0) {
        shownRate_ = rate;
        const long long drawn = rendered_ - renderedSince_;
        shownShare_ = drawn > 0 ? (shareSum_ - shareSince_) / double(drawn) : 0;
      }
      rateSince_ = now;
      renderedSince_ = rendered_;
      shareSince_ = shareSum_;
    }
    ImGui::TextWrapped("%.0f frames/s drawn, %.0f%% of the window each", shownRate_, 100 * shownShare_);
  }
  ImGui::End();
}

}  // namespace latentlab
