// Every input a fuzzer once crashed or hung on (tests/fuzz/regressions/TARGET/*), replayed through the same
// entry the fuzzer used: it must now be accepted or refused with a clean latentlab::Error, nothing else.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>

#include "fuzz_entries.h"

namespace fs = std::filesystem;

namespace {

std::string readAll(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

class FuzzRegressions : public ::testing::TestWithParam<std::string> {};

}  // namespace

TEST_P(FuzzRegressions, KeptInputsAreAcceptedOrRefusedCleanly) {
  const auto entry = latentlab::fuzz::entryFor(GetParam());
  ASSERT_NE(entry, nullptr);
  const fs::path dir = fs::path(LATENTLAB_FUZZ_REGRESSIONS) / GetParam();
  if (!fs::is_directory(dir)) GTEST_SKIP() << "no kept inputs for " << GetParam();
  std::vector<fs::path> inputs;
  for (const auto& file : fs::directory_iterator(dir))
    if (file.is_regular_file()) inputs.push_back(file.path());
  std::sort(inputs.begin(), inputs.end());
  for (const auto& input : inputs) {
    SCOPED_TRACE(input.string());
    EXPECT_NO_THROW(entry(readAll(input)));
  }
}

INSTANTIATE_TEST_SUITE_P(Targets, FuzzRegressions, ::testing::ValuesIn(latentlab::fuzz::targetNames()),
                         [](const auto& target) { return target.param; });
