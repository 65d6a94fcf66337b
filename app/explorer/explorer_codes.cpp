// The Explorer's side of the code under the sliders (code_state.h holds the code itself): what the model shown
// makes of it. A GAN's images decode the code truncated towards the prior's mean.
#include "explorer.h"

namespace latentlab {

bool Explorer::truncates() const { return snapshot_ && isGan(snapshot_->config.model.kind); }

Code Explorer::decodedCode() const { return truncates() ? codes_.truncated() : codes_.code(); }

Image Explorer::decodeCode() {
  if (!decoder_.ready() || codes_.dims() != decoder_.latentDims()) return {};
  return decoder_.decodeOne(decodedCode());
}

void Explorer::setCodeFromPoint(int index) {
  auto point = pointCode(index);
  if (int(point.size()) == codes_.dims()) codes_.set(std::move(point), "point " + std::to_string(index));
}

}  // namespace latentlab
