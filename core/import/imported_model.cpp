#include "import/imported_model.h"

#include <ATen/CPUGeneratorImpl.h>
#include <nlohmann/json.hpp>

#include <fstream>
#include <sstream>

#include "data/dataset.h"
#include "import/imported_model_impl.h"
#include "import/script_file.h"

namespace latentlab {

namespace {

constexpr int kMaxLatent = 4096, kMaxSide = 2048;

std::string shapeText(const torch::Tensor& t) {
  std::string text;
  for (int64_t d : t.sizes()) text += (text.empty() ? "" : "x") + std::to_string(d);
  return text.empty() ? "a scalar" : text;
}

std::string reasonOf(const std::exception& e) {
  if (const auto* c10 = dynamic_cast<const c10::Error*>(&e)) {
    std::string text = c10->what_without_backtrace();
    return text.size() > 400 ? text.substr(0, 400) + "..." : text;
  }
  return e.what();
}

PixelTransform transformOf(const std::string& range) {
  if (range == "logits") return PixelTransform::Sigmoid;
  if (range == "tanh") return PixelTransform::Tanh;
  return PixelTransform::Identity;
}

// Calls a method of the module and turns whatever it throws into a message naming the method.
c10::IValue call(const torch::jit::Module& module, const std::string& method, const torch::Tensor& input,
                 const std::string& what) {
  try {
    torch::NoGradGuard noGrad;
    return module.get_method(method)({input});
  } catch (const std::exception& e) {
    throw Error(method + "(" + what + ") failed: " + reasonOf(e));
  }
}

nlohmann::json parseSidecar(const std::string& text, const std::string& where) {
  if (text.empty()) return nlohmann::json::object();
  try {
    auto json = nlohmann::json::parse(text);
    if (!json.is_object()) throw Error(where + ": expected a JSON object such as {\"latent_dim\": 16}");
    return json;
  } catch (const nlohmann::json::exception& e) {
    throw Error(where + " is not valid JSON: " + std::string(e.what()));
  }
}

}  // namespace

std::string ImportedInfo::summary() const {
  std::string text = std::filesystem::path(file).filename().string() + ", latent " + std::to_string(latent) + ", " +
                     std::to_string(channels) + "x" + std::to_string(height) + "x" + std::to_string(width) +
                     " images, pixels " + pixelRange + " (" + pixelRangeFrom + "), encoder " +
                     (hasEncoder ? (encoderGivesLogvar ? "yes (mean, logvar)" : "yes (mean)") : "no");
  return text;
}

torch::Tensor ImportedModel::Impl::decodeRaw(const torch::Tensor& z) const {
  const auto out = call(module, info.decodeMethod, z, std::to_string(z.size(0)) + " codes");
  if (!out.isTensor()) throw Error(info.decodeMethod + "(z) returned a " + out.tagKind() + ", not a tensor");
  return out.toTensor().to(torch::kFloat32);
}

torch::Tensor ImportedModel::Impl::decodePixels(const torch::Tensor& z) const {
  const auto raw = decodeRaw(z);
  if (transform == PixelTransform::Sigmoid) return torch::sigmoid(raw);
  if (transform == PixelTransform::Tanh) return (raw + 1) * 0.5;
  return raw;
}

std::pair<torch::Tensor, torch::Tensor> ImportedModel::Impl::encode(const torch::Tensor& x) const {
  if (!info.hasEncoder) throw Error(info.file + " has no encode(x) method: codes of data need an encoder");
  const auto out = call(module, "encode", x, std::to_string(x.size(0)) + " images of " + shapeText(x[0]));
  if (out.isTensor()) return {out.toTensor().to(torch::kFloat32), torch::Tensor()};
  if (out.isTuple() && out.toTupleRef().elements().size() >= 2 && out.toTupleRef().elements()[0].isTensor() &&
      out.toTupleRef().elements()[1].isTensor())
    return {out.toTupleRef().elements()[0].toTensor().to(torch::kFloat32),
            out.toTupleRef().elements()[1].toTensor().to(torch::kFloat32)};
  throw Error("encode(x) returned a " + out.tagKind() +
              ": the contract is a tensor of means or a tuple (mean, logvar)");
}

ImportedModel::ImportedModel() : impl_(std::make_unique<Impl>()) {}
ImportedModel::~ImportedModel() = default;
ImportedModel::ImportedModel(ImportedModel&&) noexcept = default;
ImportedModel& ImportedModel::operator=(ImportedModel&&) noexcept = default;
const ImportedInfo& ImportedModel::info() const { return impl_->info; }

ImportedModel ImportedModel::open(const std::filesystem::path& file, const ImportOptions& options) {
  std::ifstream in(file, std::ios::binary);
  if (!in)
    throw Error(file.string() + ": cannot open the file (" +
                (std::filesystem::exists(file) ? "not readable" : "not found") + ")");
  std::stringstream bytes;
  bytes << in.rdbuf();
  std::string sidecar;
  auto sidecarPath = file;
  sidecarPath.replace_extension(".json");
  if (std::filesystem::is_regular_file(sidecarPath)) {
    std::ifstream side(sidecarPath);
    std::stringstream text;
    text << side.rdbuf();
    sidecar = text.str();
  }
  return fromBytes(bytes.str(), file.string(), options, sidecar);
}

ImportedModel ImportedModel::fromBytes(const std::string& bytes, const std::string& name, const ImportOptions& options,
                                       const std::string& sidecarJson) {
  ImportedModel model;
  Impl& m = *model.impl_;
  m.bytes = bytes;
  m.module = loadScriptModule(bytes, name);
  ImportedInfo& info = m.info;
  info.file = name;
  const std::string sidecarName = std::filesystem::path(name).replace_extension(".json").filename().string();
  const auto sidecar = parseSidecar(sidecarJson, sidecarName);

  // The latent size: the module's own attribute, else the sidecar, else what the user says.
  if (m.module.hasattr("latent_dim")) {
    const auto value = m.module.attr("latent_dim");
    if (!value.isInt()) throw Error(name + ": its latent_dim attribute is a " + value.tagKind() + ", not an int");
    info.latent = int(std::clamp<int64_t>(value.toInt(), -1, kMaxLatent + 1));
    info.latentFrom = "module attribute";
  } else if (sidecar.contains("latent_dim")) {
    if (!sidecar["latent_dim"].is_number_integer()) throw Error(sidecarName + ": latent_dim must be a whole number");
    info.latent = int(std::clamp<int64_t>(sidecar["latent_dim"].get<int64_t>(), -1, kMaxLatent + 1));
    info.latentFrom = "sidecar JSON";
  } else if (options.latent > 0) {
    info.latent = options.latent;
    info.latentFrom = "given";
  } else {
    throw LatentSizeUnknown("the latent size of " + name +
                            " is unknown: the module has no latent_dim attribute and "
                            "there is no " +
                            sidecarName + " beside it");
  }
  if (info.latent < 1 || info.latent > kMaxLatent)
    throw Error(name + ": latent size " + std::to_string(info.latent) + " (" + info.latentFrom + ") is not in 1.." +
                std::to_string(kMaxLatent));
  if (options.latent > 0 && options.latent != info.latent)
    throw Error(name + " has latent size " + std::to_string(info.latent) + " (" + info.latentFrom + "), but " +
                std::to_string(options.latent) + " was given: leave the latent size out");

  // decode(z) when there is one, else forward(z). Validated once here: rank 4, 1 or 3 channels, finite values.
  info.decodeMethod = m.module.find_method("decode") ? "decode" : "forward";
  if (!m.module.find_method(info.decodeMethod))
    throw Error(name +
                " has neither decode(z) nor forward(z): the contract is a method that maps N x latent "
                "codes to N x C x H x W images");
  auto gen = at::detail::createCPUGenerator(7);
  const auto z = torch::randn({4, info.latent}, gen, torch::kFloat32);
  torch::Tensor out;
  try {
    out = m.decodeRaw(z);
  } catch (const Error& e) {
    throw Error(name + ": " + e.what() + " (it was given 4 codes of size " + std::to_string(info.latent) + ", from " +
                info.latentFrom + ")");
  }
  if (out.dim() != 4 || out.size(0) != 4)
    throw Error(name + ": " + info.decodeMethod + "(z) of 4 codes returned a tensor of shape " + shapeText(out) +
                "; the contract is N x C x H x W images (4 x C x H x W here)");
  if (out.size(1) != 1 && out.size(1) != 3)
    throw Error(name + ": " + info.decodeMethod + "(z) returned " + std::to_string(out.size(1)) + " channels (shape " +
                shapeText(out) + "); images have 1 (gray) or 3 (RGB)");
  if (out.size(2) < 1 || out.size(2) > kMaxSide || out.size(3) < 1 || out.size(3) > kMaxSide)
    throw Error(name + ": images of " + shapeText(out) + " are out of range (sides 1.." + std::to_string(kMaxSide) +
                ")");
  if (!torch::isfinite(out).all().item<bool>())
    throw Error(name + ": " + info.decodeMethod + "(z) returned NaN or infinite values for 4 random codes");
  info.channels = int(out.size(1));
  info.height = int(out.size(2));
  info.width = int(out.size(3));

  // The pixel range: what the user says, else the module's attribute, else the sidecar, else the outputs tell.
  std::string range;
  if (!options.pixelRange.empty()) {
    range = options.pixelRange;
    info.pixelRangeFrom = "given";
  } else if (m.module.hasattr("pixel_range") && m.module.attr("pixel_range").isString()) {
    range = m.module.attr("pixel_range").toStringRef();
    info.pixelRangeFrom = "module attribute";
  } else if (sidecar.contains("pixel_range") && sidecar["pixel_range"].is_string()) {
    range = sidecar["pixel_range"].get<std::string>();
    info.pixelRangeFrom = "sidecar JSON";
  } else {
    const double low = out.min().item<double>(), high = out.max().item<double>();
    range = low >= 0 && high <= 1 ? "probabilities" : low >= -1 && high <= 1 ? "tanh" : "logits";
    info.pixelRangeFrom = "detected";
  }
  try {
    info.pixelRange = canonicalPixelRange(range);
  } catch (const Error& e) {
    throw Error(name + " (" + info.pixelRangeFrom + "): " + e.what());
  }
  m.transform = transformOf(info.pixelRange);

  // An encoder is optional; one that does not keep the contract is not used, and the window says why.
  if (m.module.find_method("encode")) {
    try {
      info.hasEncoder = true;
      const auto x = m.decodePixels(z.slice(0, 0, 2));
      const auto [mean, logvar] = m.encode(x);
      if (mean.dim() != 2 || mean.size(0) != 2 || mean.size(1) != info.latent)
        throw Error("encode(x) of 2 images returned means of shape " + shapeText(mean) + ", not 2x" +
                    std::to_string(info.latent));
      if (logvar.defined() && logvar.sizes() != mean.sizes())
        throw Error("encode(x) returned log-variances of shape " + shapeText(logvar) + ", means of " + shapeText(mean));
      if (!torch::isfinite(mean).all().item<bool>()) throw Error("encode(x) returned NaN or infinite means");
      info.encoderGivesLogvar = logvar.defined();
    } catch (const Error& e) {
      info.hasEncoder = false;
      info.encoderGivesLogvar = false;
      info.encoderProblem = std::string(e.what()) + " (given images of " + std::to_string(info.channels) + "x" +
                            std::to_string(info.height) + "x" + std::to_string(info.width) + ", what decode makes)";
    }
  }
  return model;
}

std::shared_ptr<const DecoderWeights> ImportedModel::decoder() const {
  // A private module for whichever thread decodes with it: the views' worker, apart from this model's users.
  auto own = std::make_shared<Impl>();
  own->module = loadScriptModule(impl_->bytes, impl_->info.file);
  own->info = impl_->info;
  own->transform = PixelTransform::Identity;
  const auto& i = impl_->info;
  return DecoderWeights::wrap([own](const torch::Tensor& z) { return own->decodeRaw(z); }, impl_->transform, i.latent,
                              i.channels, i.height, i.width);
}

void ImportedModel::checkDataShape(const Dataset& data) const {
  const auto& i = impl_->info;
  if (data.channels() != i.channels || data.height() != i.height || data.width() != i.width)
    throw Error("the model makes " + std::to_string(i.channels) + "x" + std::to_string(i.height) + "x" +
                std::to_string(i.width) + " images, but '" + data.spec + "' has " + std::to_string(data.channels()) +
                "x" + std::to_string(data.height()) + "x" + std::to_string(data.width()) +
                ": its encoder cannot take them (load the data at the model's size, e.g. --size " +
                std::to_string(i.height) + ")");
}

std::vector<float> ImportedModel::encode(const Dataset& data, bool testSplit,
                                         const std::vector<int64_t>& indices) const {
  if (!impl_->info.hasEncoder)
    throw Error(impl_->info.file + " has no usable encode(x)" +
                (impl_->info.encoderProblem.empty() ? std::string() : ": " + impl_->info.encoderProblem));
  checkDataShape(data);
  const int64_t latent = impl_->info.latent;
  return encodeImages(testSplit ? data.test : data.train, testSplit ? "test" : "train", indices, latent, 512,
                      [&](const torch::Tensor& batch) {
                        const auto mean = impl_->encode(batch).first;
                        if (mean.dim() != 2 || mean.size(0) != batch.size(0) || mean.size(1) != latent)
                          throw Error("encode(x) of " + std::to_string(batch.size(0)) +
                                      " images returned means of shape " + shapeText(mean));
                        return mean;
                      });
}

}  // namespace latentlab
