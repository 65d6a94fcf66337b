#include "run/run_directory.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "test_support.h"
#include "util/error.h"

namespace fs = std::filesystem;
using namespace latentlab;

TEST(RunDirectory, CreateWriteOpenRead) {
  test::TempDir dir;
  const auto run = RunDirectory::create(dir / "run1");
  EXPECT_TRUE(fs::is_directory(run.exportsDir()));
  EXPECT_FALSE(RunDirectory::isRunDirectory(run.root()));
  run.writeConfig({{"model", "vae-mlp"}, {"latent", 20}});
  EXPECT_TRUE(RunDirectory::isRunDirectory(run.root()));
  const auto config = RunDirectory::open(dir / "run1").readConfig();
  EXPECT_EQ(config.at("model"), "vae-mlp");
  EXPECT_EQ(config.at("latent"), 20);
}

TEST(RunDirectory, OpenRefusesMissingAndNonRuns) {
  test::TempDir dir;
  EXPECT_THROW(RunDirectory::open(dir / "absent"), Error);
  fs::create_directory(dir / "empty");
  try {
    RunDirectory::open(dir / "empty");
    FAIL();
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("config.json"), std::string::npos) << e.what();
  }
  test::writeBytes(dir / "file", "x");
  EXPECT_THROW(RunDirectory::open(dir / "file"), Error);
  EXPECT_THROW(RunDirectory::create(dir / "file"), Error);
}

TEST(RunDirectory, CorruptConfigIsAClearError) {
  test::TempDir dir;
  const auto run = RunDirectory::create(dir.path());
  test::writeBytes(run.file("config.json"), "{\"model\": \"vae-mlp\", ");
  try {
    run.readConfig();
    FAIL();
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("not valid JSON"), std::string::npos) << e.what();
  }
  test::writeBytes(run.file("config.json"), "[1, 2]");
  EXPECT_THROW(run.readConfig(), Error);
}

TEST(RunDirectory, FreshExportPathsNeverOverwrite) {
  test::TempDir dir;
  const auto run = RunDirectory::create(dir.path());
  const auto first = run.freshExportPath("samples", "png");
  EXPECT_EQ(first.filename(), "samples.png");
  test::writeBytes(first, "x");
  const auto second = run.freshExportPath("samples", "png");
  EXPECT_EQ(second.filename(), "samples-2.png");
}
