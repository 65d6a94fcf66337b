#pragma once
// CSV text for the loss history and for latent codes: metrics.csv in run directories and the GUI's exports.
#include <string>

#include "snapshot/snapshot.h"

namespace latentlab {

// "step,name1,name2,..." then one row per step.
std::string metricsCsv(const MetricsHistory& history);
// The loss export: the history's columns, then test_loss (at each epoch's last step) and event (lr and beta
// changes, pauses, NaN rollbacks, quoted), one row per step any of them has, in step order; empty cells where a
// row has no such value. metrics.csv keeps metricsCsv's format: the run readers parse it.
std::string lossExportCsv(const MetricsHistory& history, const std::vector<EpochMetric>& epochs,
                          const std::vector<TrainingEvent>& events);
// "split,index,label,class,factor...,d_score,z0,z1,..." with the columns the codes have; split is train or test
// (index: the image's in that split), or sample for a GAN's codes.
std::string latentCodesCsv(const LatentCodes& codes);

}  // namespace latentlab
