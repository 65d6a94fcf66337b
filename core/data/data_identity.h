#pragma once
// Which pixels a run was trained on: the spec and every loader option that changes the pixels live in
// TrainConfig; this adds what the loader produced (counts and a content fingerprint), so that a run never
// continues on other data without saying so (docs/run-format.md, "config.json").
#include <cstdint>
#include <string>

#include "data/dataset.h"
#include "models/model_config.h"

namespace latentlab {

// The loader options a run's config records: the same data comes back in the GUI and the CLI.
DataOptions dataOptionsOf(const TrainConfig& config);

// Counts and a CRC-32 of every image and label of both splits ("crc32:xxxxxxxx"), about 50 ms for Fashion-MNIST.
DataIdentity identifyData(const Dataset& data);

// Empty when `data` (with identity `now`) is what `config` recorded; otherwise a sentence naming every
// difference (shape, counts, content) that a user can act on. A config without a recorded identity (format 1)
// is checked on its shape alone.
std::string dataDifference(const TrainConfig& config, const Dataset& data, const DataIdentity& now);

}  // namespace latentlab
