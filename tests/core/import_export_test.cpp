// Our models written as TorchScript (import/script_export.h) and opened again as imported models: the same
// images, for every model kind; and an imported model as a source of snapshots for the window.
#include <gtest/gtest.h>
#include <torch/torch.h>

#include <thread>

#include "import/imported_model.h"
#include "import/imported_model_impl.h"
#include "import/script_export.h"
#include "latent/decoder_weights.h"
#include "script_fixtures.h"
#include "source/imported_source.h"
#include "synthetic_data.h"
#include "test_support.h"
#include "runner/model_runner.h"

namespace latentlab {
namespace {

// Batch norm's running statistics start at 0 and 1: give them other values so the export must carry them.
void randomiseBuffers(ModelRunner& runner) {
  torch::NoGradGuard noGrad;
  for (auto& t : runner.stateTensors())
    if (t.dim() == 1 && t.is_floating_point()) t.copy_(torch::rand_like(t) + 0.5);
}

class ImportExportRoundTrip : public ::testing::TestWithParam<ModelKind> {};

TEST_P(ImportExportRoundTrip, ExportedThenImportedDecodesTheSameImages) {
  TrainConfig config;
  config.model.kind = GetParam();
  config.model.latent = 6;
  config.model.hidden = 32;
  torch::manual_seed(11);
  auto runner = ModelRunner::create(config, torch::kCPU);
  randomiseBuffers(*runner);
  const std::string bytes = torchScriptBytes(config.model, runner->networks());
  const auto imported = ImportedModel::fromBytes(bytes, "exported.pt");
  EXPECT_EQ(imported.info().latent, 6);
  EXPECT_EQ(imported.info().latentFrom, "module attribute");
  EXPECT_EQ(imported.info().pixelRange, isGan(config.model.kind) ? "tanh" : "logits");
  EXPECT_EQ(imported.info().hasEncoder, !isGan(config.model.kind));
  EXPECT_EQ(imported.info().height, 28);

  const auto z = torch::randn({5, 6});
  const auto ours = runner->decoderCopy()->decode(z);
  const auto theirs = imported.decoder()->decode(z);
  ASSERT_EQ(ours.sizes(), theirs.sizes());
  EXPECT_LT((ours - theirs).abs().max().item<float>(), 1e-5f) << modelKindName(config.model.kind);
  EXPECT_GT(ours.std().item<float>(), 1e-4f);  // images that differ from each other: the comparison means something

  if (!isGan(config.model.kind)) {
    const auto x = torch::rand({3, 1, 28, 28});
    const auto [mean, logvar] = imported.impl().encode(x);
    EXPECT_LT((mean - runner->encodeMeans(x)).abs().max().item<float>(), 1e-5f);
    EXPECT_EQ(logvar.sizes(), mean.sizes());
  }
}

INSTANTIATE_TEST_SUITE_P(EveryModelKind, ImportExportRoundTrip,
                         ::testing::Values(ModelKind::VaeMlp, ModelKind::VaeConv, ModelKind::GanMlp, ModelKind::Dcgan),
                         [](const auto& kind) {
                           std::string name = modelKindName(kind.param);
                           name.erase(std::remove(name.begin(), name.end(), '-'), name.end());
                           return name;
                         });

std::shared_ptr<const Snapshot> waitForSource(const ImportedSource& source) {
  for (int i = 0; i < 600 && source.busy(); ++i) std::this_thread::sleep_for(std::chrono::milliseconds(50));
  EXPECT_FALSE(source.busy());
  return source.snapshot();
}

TEST(ImportedSource, WithEncoderAndDataShowsCodesReconstructionsAndKl) {
  test::TempDir dir;
  test::writeBytes(dir / "vae.pt", test::linearVae(4, 1, 28, true, true));
  const auto data = test::makeSquaresDataset(300, 40);
  ImportedSource source(dir / "vae.pt", {}, data);
  const auto snap = waitForSource(source);
  EXPECT_TRUE(snap->error.empty()) << snap->error;
  EXPECT_EQ(snap->source.kind, SourceKind::Imported);
  EXPECT_NE(snap->source.note.find("vae.pt, latent 4"), std::string::npos) << snap->source.note;
  ASSERT_TRUE(snap->decoder);
  EXPECT_EQ(snap->config.model.latent, 4);
  ASSERT_TRUE(snap->latents);
  EXPECT_EQ(snap->latents->count, 340);
  EXPECT_EQ(snap->latents->labels.size(), 340u);
  EXPECT_EQ(snap->reconstructions.size(), 16u);
  EXPECT_EQ(snap->klPerDim.size(), 4u);
}

TEST(ImportedSource, BadFilesAndShapesAreSaidInTheSnapshot) {
  test::TempDir dir;
  test::writeBytes(dir / "state_dict.pt", test::zipArchive({{"data.pkl", "\x80\x02}q\x00."}}));
  ImportedSource bad(dir / "state_dict.pt", {}, nullptr);
  EXPECT_NE(waitForSource(bad)->error.text().find("a file saved with torch.save"), std::string::npos);
  EXPECT_FALSE(bad.needsLatentSize());

  test::writeBytes(dir / "small.pt", test::linearVae(4, 1, 8, true, true));
  ImportedSource mismatch(dir / "small.pt", {}, test::makeSquaresDataset(20, 5));
  const auto snap = waitForSource(mismatch);
  EXPECT_NE(snap->error.text().find("the model makes 1x8x8 images"), std::string::npos) << snap->error;
  EXPECT_TRUE(snap->decoder);  // the sliders still work

  // Without an encoder the data's shape does not matter: 16 samples are shown beside its images.
  test::writeBytes(dir / "gen.pt", test::linearVae(4, 1, 8, false, false));
  ImportedSource generator(dir / "gen.pt", {}, test::makeSquaresDataset(20, 5));
  const auto samples = waitForSource(generator);
  EXPECT_TRUE(samples->error.empty()) << samples->error;
  EXPECT_EQ(samples->reconstructions.size(), 16u);
  EXPECT_FALSE(samples->latents);

  test::writeBytes(
      dir / "nolatent.pt",
      test::scriptedModule("def forward(self, z):\n    return torch.mm(z, self.w).reshape([z.size(0), 1, 4, 4])\n", 3,
                           1, 4, 0, ""));
  ImportedSource unknown(dir / "nolatent.pt", {}, nullptr);
  waitForSource(unknown);
  EXPECT_TRUE(unknown.needsLatentSize());
  ImportedSource given(dir / "nolatent.pt", {3, ""}, nullptr);
  EXPECT_EQ(waitForSource(given)->config.model.latent, 3);
}

}  // namespace
}  // namespace latentlab
