#pragma once
// CSV text for the loss history and for latent codes: metrics.csv in run directories and the GUI's exports.
#include <string>

#include "train/snapshot.h"

namespace latentlab {

// "step,name1,name2,..." then one row per step.
std::string metricsCsv(const MetricsHistory& history);
// "index,label,factor...,score,z0,z1,..." with the columns the codes have.
std::string latentCodesCsv(const LatentCodes& codes);

}  // namespace latentlab
