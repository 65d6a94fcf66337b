#pragma once
// Human-readable durations for progress lines and the training panel: "4m 07s", "1h 12m".
#include <string>

namespace latentlab {

std::string formatDuration(double seconds);

}  // namespace latentlab
