// Spec parsing, batchToFloat and the summary: the parts every source shares.
#include <torch/torch.h>

#include "catalogue/data_spec.h"
#include "data_test_util.h"
#include "test_support.h"

using namespace latentlab;
using namespace latentlab::test;

TEST(DataSpecs, ValidFormsParse) {
  EXPECT_EQ(parseDataSpec("fashion-mnist").kind, DataSpec::Kind::FashionMnist);
  EXPECT_EQ(parseDataSpec(" Shapes ").kind, DataSpec::Kind::Shapes);
  const DataSpec mnist = parseDataSpec("mnist:/data/mnist");
  EXPECT_EQ(mnist.kind, DataSpec::Kind::Mnist);
  EXPECT_EQ(mnist.path, "/data/mnist");
  const DataSpec folder = parseDataSpec("folder:/a:b/c");
  EXPECT_EQ(folder.kind, DataSpec::Kind::Folder);
  EXPECT_EQ(folder.path, "/a:b/c") << "only the first colon separates";
}

TEST(DataSpecs, UnknownSpecsListTheValidForms) {
  expectRefused("imagenet", {"unknown data set 'imagenet'", "fashion-mnist", "mnist:DIR", "folder:DIR", "shapes"});
  expectRefused("", {"fashion-mnist, mnist:DIR, folder:DIR or shapes"});
  expectRefused("folder:", {"names no folder", "folder:DIR"});
  expectRefused("mnist:  ", {"names no folder", "mnist:DIR"});
  expectRefused("shapes:7", {"unknown data set"});
  TempDir dir;
  expectRefused(dir.path().string(), {"folder:" + dir.path().string()});
}

TEST(DataBatch, BatchToFloatGathersAndScales) {
  const auto images = (torch::arange(0, 16, torch::kLong) * 10).to(torch::kUInt8).reshape({4, 1, 2, 2});
  const auto batch = batchToFloat(images, torch::tensor({3, 1}, torch::kLong));
  EXPECT_EQ(batch.sizes(), (std::vector<int64_t>{2, 1, 2, 2}));
  EXPECT_EQ(batch.scalar_type(), torch::kFloat32);
  EXPECT_TRUE(batch.device().is_cpu());
  EXPECT_NEAR(batch[0][0][0][0].item<float>(), 120.0f / 255.0f, 1e-6);
  EXPECT_NEAR(batch[1][0][1][1].item<float>(), 70.0f / 255.0f, 1e-6);
  EXPECT_EQ(images[3][0][0][0].item<uint8_t>(), 120) << "the source is untouched";
}

TEST(DataDescribe, SummaryNamesCountsShapeClassesAndMemory) {
  DataOptions options;
  options.shapesCount = 110;
  const Dataset data = loadDataset("shapes", options);
  const std::string text = describeDataset(data);
  for (const char* part : {"shapes", "110 of 1 x 64 x 64", "100 train, 10 test", "4 classes: square, ellipse",
                           "factors:", "memory:", "MiB"})
    EXPECT_NE(text.find(part), std::string::npos) << part << " not in:\n" << text;
  EXPECT_EQ(data.memoryBytes(), 110 * 64 * 64 + 110 * 8 + 110 * 5 * 4);
}
