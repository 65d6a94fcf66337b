#pragma once
// What each fuzz target feeds its input to, shared by the libFuzzer targets (tests/fuzz/fuzz_*.cpp) and by the
// regression test that replays the inputs the fuzzers once crashed on (tests/core/fuzz_regressions_test.cpp).
// Each entry returns normally when the code under test either accepted the bytes or refused them with a
// latentlab::Error: that is the contract for damaged input. Anything else (another exception, a crash, a
// sanitizer report) is a bug.
#include <string>
#include <string_view>
#include <vector>

#include "models/model_config.h"

namespace latentlab::fuzz {

void idxFile(std::string_view bytes);          // readIdxImages and readIdxLabels (raw or gzip)
void imageFile(std::string_view bytes);        // the folder loader's per-file probe and decode
void configJson(std::string_view bytes);       // config.json: parse, then trainConfigFromJson
void checkpointFile(std::string_view bytes);   // loadCheckpoint and loadWeightsFile into a small model
void runLogs(std::string_view bytes);          // metrics.csv / events.jsonl readers, fed in appended pieces
void torchScriptFile(std::string_view bytes);  // ImportedModel::fromBytes: archive checks, load, contract checks

// The entry for a target name ("idx", "image", "config", "checkpoint", "runlog",
// "torchscript"); nullptr when unknown.
using Entry = void (*)(std::string_view);
Entry entryFor(const std::string& target);
const std::vector<std::string>& targetNames();

// The small model the checkpoint entry loads into (the checkpoint seeds are written from it).
TrainConfig tinyConfig();

}  // namespace latentlab::fuzz
