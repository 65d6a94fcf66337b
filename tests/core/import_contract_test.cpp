// Opening TorchScript models: every variant of the contract, and every bad file refused by name.
#include <gtest/gtest.h>
#include <torch/torch.h>

#include "import/imported_model.h"
#include "import/imported_model_impl.h"
#include "import/script_file.h"
#include "latent/decoder_weights.h"
#include "latent/latent_decoder.h"
#include "script_fixtures.h"
#include "synthetic_data.h"
#include "test_support.h"

namespace latentlab {
namespace {

using test::scriptedModule;

// The message of the Error that opening `bytes` throws ("" when it opens).
std::string refusal(const std::string& bytes, const ImportOptions& options = {}, const std::string& sidecar = "") {
  try {
    ImportedModel::fromBytes(bytes, "model.pt", options, sidecar);
  } catch (const Error& e) {
    return e.what();
  }
  return "";
}

TEST(ImportContract, ScriptedVaeWithLatentDimAndEncoder) {
  const auto model = ImportedModel::fromBytes(test::linearVae(6, 1, 28, true, true), "vae.pt");
  const auto& info = model.info();
  EXPECT_EQ(info.latent, 6);
  EXPECT_EQ(info.latentFrom, "module attribute");
  EXPECT_EQ(info.channels, 1);
  EXPECT_EQ(info.height, 28);
  EXPECT_EQ(info.width, 28);
  EXPECT_EQ(info.pixelRange, "logits");
  EXPECT_EQ(info.pixelRangeFrom, "module attribute");
  EXPECT_EQ(info.decodeMethod, "decode");
  EXPECT_TRUE(info.hasEncoder);
  EXPECT_TRUE(info.encoderGivesLogvar);
  EXPECT_NE(info.summary().find("vae.pt, latent 6, 1x28x28 images, pixels logits (module attribute), encoder yes"),
            std::string::npos)
      << info.summary();

  // The views' decoder gives sigmoid(decode(z)) as pixels, from its own module copy.
  LatentDecoder decoder;
  decoder.setWeights(model.decoder());
  const std::vector<float> code = {0.5f, -1, 2, 0, 0.25f, 1};
  const Image image = decoder.decodeOne(code);
  const auto z = torch::tensor(code).reshape({1, 6});
  const auto expected = toImages(torch::sigmoid(model.impl().decodeRaw(z)))[0];
  EXPECT_EQ(image.pixels, expected.pixels);
  EXPECT_TRUE(model.decoder()->decodesOnWorker());

  const auto data = test::makeSquaresDataset(20, 5);
  const auto codes = model.encode(*data, false, {0, 1, 2});
  EXPECT_EQ(codes.size(), 18u);
}

TEST(ImportContract, ForwardOnlyWithSidecar) {
  const std::string code = R"(
def forward(self, z):
    return torch.tanh(torch.mm(z, self.w)).reshape([z.size(0), 3, 8, 8])
)";
  const auto bytes = scriptedModule(code, 4, 3, 8, 0, "");
  const auto model = ImportedModel::fromBytes(bytes, "gen.pt", {}, R"({"latent_dim": 4, "pixel_range": "tanh"})");
  EXPECT_EQ(model.info().latent, 4);
  EXPECT_EQ(model.info().latentFrom, "sidecar JSON");
  EXPECT_EQ(model.info().pixelRange, "tanh");
  EXPECT_EQ(model.info().pixelRangeFrom, "sidecar JSON");
  EXPECT_EQ(model.info().decodeMethod, "forward");
  EXPECT_EQ(model.info().channels, 3);
  EXPECT_FALSE(model.info().hasEncoder);
  const auto data = test::makeSquaresDataset(8, 2);
  EXPECT_THROW(model.encode(*data, false, {0}), Error);
}

TEST(ImportContract, PixelRangeDetectedFromOutputsAndOverridable) {
  const auto module = [](const std::string& expression) {
    return scriptedModule("def forward(self, z):\n    return " + expression + ".reshape([z.size(0), 1, 4, 4])\n", 3, 1,
                          4, 3, "");
  };
  EXPECT_EQ(ImportedModel::fromBytes(module("torch.sigmoid(torch.mm(z, self.w))"), "a.pt").info().pixelRange,
            "probabilities");
  EXPECT_EQ(ImportedModel::fromBytes(module("torch.tanh(torch.mm(z, self.w))"), "b.pt").info().pixelRange, "tanh");
  const auto logits = ImportedModel::fromBytes(module("(torch.mm(z, self.w) * 10.0)"), "c.pt");
  EXPECT_EQ(logits.info().pixelRange, "logits");
  EXPECT_EQ(logits.info().pixelRangeFrom, "detected");
  ImportOptions options;
  options.pixelRange = "[-1,1]";
  const auto overridden = ImportedModel::fromBytes(module("torch.mm(z, self.w)"), "d.pt", options);
  EXPECT_EQ(overridden.info().pixelRange, "tanh");
  EXPECT_EQ(overridden.info().pixelRangeFrom, "given");
  options.pixelRange = "rainbow";
  EXPECT_NE(refusal(module("torch.mm(z, self.w)"), options).find("not one of: probabilities"), std::string::npos);
}

TEST(ImportContract, EncoderReturningMeansOnly) {
  const auto model = ImportedModel::fromBytes(test::linearVae(5, 1, 28, true, false), "m.pt");
  EXPECT_TRUE(model.info().hasEncoder);
  EXPECT_FALSE(model.info().encoderGivesLogvar);
}

TEST(ImportContract, LatentSizeUnknownUntilGiven) {
  const auto bytes =
      scriptedModule("def forward(self, z):\n    return torch.mm(z, self.w).reshape([z.size(0), 1, 4, 4])\n", 3, 1, 4,
                     0, "");
  EXPECT_THROW(ImportedModel::fromBytes(bytes, "x.pt"), LatentSizeUnknown);
  EXPECT_NE(refusal(bytes).find("no latent_dim attribute and there is no model.json"), std::string::npos)
      << refusal(bytes);
  ImportOptions options;
  options.latent = 3;
  EXPECT_EQ(ImportedModel::fromBytes(bytes, "x.pt", options).info().latent, 3);
  options.latent = 5;  // the wrong size: the module's matrix product says so, by name
  const std::string wrong = refusal(bytes, options);
  EXPECT_NE(wrong.find("forward(4 codes) failed"), std::string::npos) << wrong;
  EXPECT_NE(wrong.find("codes of size 5"), std::string::npos) << wrong;
}

TEST(ImportRefuses, FilesThatAreNotTorchScript) {
  EXPECT_NE(refusal("").find("is empty"), std::string::npos);
  EXPECT_NE(refusal("just some text\nnot a model\n").find("a text file, not a TorchScript module"), std::string::npos);
  EXPECT_NE(refusal(std::string("\x80\x02}q\x00(X\x01", 9)).find("a pickle (torch.save in the legacy format"),
            std::string::npos);
  // torch.save of a state_dict: a zip archive with data.pkl and tensors, no code/.
  const auto stateDict = test::zipArchive({{"data.pkl", "\x80\x02}q\x00."}, {"data/0", std::string(64, '\0')}});
  EXPECT_NE(refusal(stateDict).find("a file saved with torch.save (a state_dict or a pickled model)"),
            std::string::npos)
      << refusal(stateDict);
  const auto other = test::zipArchive({{"readme.txt", "hello"}});
  EXPECT_NE(refusal(other).find("a zip archive of something else"), std::string::npos) << refusal(other);
  const auto good = test::linearVae(4, 1, 8, false, false);
  EXPECT_NE(refusal(good.substr(0, good.size() / 2)).find("model.pt"), std::string::npos);  // truncated: still by name
}

TEST(ImportRefuses, ArchiveFromNewerPyTorchSaysWhichVersions) {
  const auto good = test::linearVae(4, 1, 8, false, false);
  EXPECT_GE(archiveFormatVersion(good), 1);
  const auto newer = test::withFormatVersion(good, 42);
  const std::string message = refusal(newer);
  EXPECT_NE(message.find("newer PyTorch (file format version 42)"), std::string::npos) << message;
  EXPECT_NE(message.find("LibTorch 1.13"), std::string::npos) << message;
  EXPECT_NE(message.find("reads versions 1 to"), std::string::npos) << message;
}

TEST(ImportRefuses, OutputsThatBreakTheContract) {
  const auto module = [](const std::string& body) {
    return scriptedModule("def decode(self, z):\n" + body, 3, 1, 4, 3, "");
  };
  const std::string rank = refusal(module("    return torch.mm(z, self.w)\n"));
  EXPECT_NE(rank.find("returned a tensor of shape 4x16; the contract is N x C x H x W"), std::string::npos) << rank;
  const std::string channels = refusal(module("    return torch.mm(z, self.w).reshape([z.size(0), 4, 2, 2])\n"));
  EXPECT_NE(channels.find("returned 4 channels"), std::string::npos) << channels;
  const std::string batch = refusal(module("    return torch.mm(z, self.w).reshape([1, -1, 4, 4])[:, 0:1]\n"));
  EXPECT_NE(batch.find("the contract is N x C x H x W"), std::string::npos) << batch;
  const std::string nan =
      refusal(module("    return torch.mm(z, self.w).reshape([z.size(0), 1, 4, 4]) * float('nan')\n"));
  EXPECT_NE(nan.find("NaN or infinite values"), std::string::npos) << nan;
  const std::string throws = refusal(module("    assert z.size(0) < 0, 'this decoder is broken'\n    return z\n"));
  EXPECT_NE(throws.find("decode(4 codes) failed"), std::string::npos) << throws;
  EXPECT_NE(throws.find("this decoder is broken"), std::string::npos) << throws;
  const std::string tuple =
      refusal(module("    x = torch.mm(z, self.w).reshape([z.size(0), 1, 4, 4])\n    return (x, x)\n"));
  EXPECT_NE(tuple.find("not a tensor"), std::string::npos) << tuple;
  const std::string none = refusal(scriptedModule("def other(self, z):\n    return z\n", 3, 1, 4, 3, ""));
  EXPECT_NE(none.find("has neither decode(z) nor forward(z)"), std::string::npos) << none;
}

TEST(ImportRefuses, EncoderThatDoesNotFitIsNamedAndNotUsed) {
  // encode expects flat vectors of 10 values: given the decoder's 1x4x4 images it throws.
  const std::string code = R"(
def decode(self, z):
    return torch.mm(z, self.w).reshape([z.size(0), 1, 4, 4])
def encode(self, x):
    return torch.mm(x, torch.zeros([10, 3]))
)";
  const auto model = ImportedModel::fromBytes(scriptedModule(code, 3, 1, 4, 3, "logits"), "enc.pt");
  EXPECT_FALSE(model.info().hasEncoder);
  EXPECT_NE(model.info().encoderProblem.find("encode(2 images of 1x4x4) failed"), std::string::npos)
      << model.info().encoderProblem;
  // A good encoder, but data of another shape: said with both shapes.
  const auto vae = ImportedModel::fromBytes(test::linearVae(4, 1, 8, true, true), "vae8.pt");
  const auto data = test::makeSquaresDataset(8, 2);  // 1x28x28
  try {
    vae.encode(*data, false, {0});
    FAIL() << "encoded data of another shape";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("the model makes 1x8x8 images, but"), std::string::npos) << e.what();
  }
}

TEST(ImportRefuses, MissingFileAndBadSidecar) {
  test::TempDir dir;
  try {
    ImportedModel::open(dir / "nothing.pt");
    FAIL();
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("not found"), std::string::npos);
  }
  const auto bytes =
      scriptedModule("def forward(self, z):\n    return torch.mm(z, self.w).reshape([z.size(0), 1, 4, 4])\n", 3, 1, 4,
                     0, "");
  EXPECT_NE(refusal(bytes, {}, "{latent_dim: 3").find("model.json is not valid JSON"), std::string::npos);
  EXPECT_NE(refusal(bytes, {}, R"({"latent_dim": "three"})").find("latent_dim must be a whole number"),
            std::string::npos);
  EXPECT_NE(refusal(bytes, {}, R"({"latent_dim": 0})").find("is not in 1.."), std::string::npos);
}

}  // namespace
}  // namespace latentlab
