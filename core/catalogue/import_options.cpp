#include "catalogue/import_options.h"

#include "util/error.h"

namespace latentlab {

const std::vector<std::string>& pixelRangeNames() {
  static const std::vector<std::string> names = {"probabilities", "logits", "tanh"};
  return names;
}

std::string canonicalPixelRange(const std::string& name) {
  if (name == "probabilities" || name == "probs" || name == "[0,1]" || name == "0..1") return "probabilities";
  if (name == "logits") return "logits";
  if (name == "tanh" || name == "[-1,1]" || name == "-1..1") return "tanh";
  throw Error("pixel range '" + name +
              "' is not one of: probabilities (outputs in [0, 1]), logits (sigmoid gives "
              "pixels), tanh (outputs in [-1, 1])");
}

}  // namespace latentlab
