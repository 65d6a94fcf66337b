#include "script_fixtures.h"

#include <caffe2/serialize/inline_container.h>
#include <torch/script.h>

#include <sstream>

namespace latentlab::test {

std::string scriptedModule(const std::string& code, int latent, int channels, int side, int latentDim,
                           const std::string& pixelRange) {
  torch::jit::Module m("__torch__.Fixture");
  torch::manual_seed(3);
  m.register_parameter("w", torch::randn({latent, int64_t(channels) * side * side}) * 0.5, false);
  m.register_attribute("channels", c10::IntType::get(), int64_t(channels));
  m.register_attribute("side", c10::IntType::get(), int64_t(side));
  if (latentDim > 0) m.register_attribute("latent_dim", c10::IntType::get(), int64_t(latentDim));
  if (!pixelRange.empty()) m.register_attribute("pixel_range", c10::StringType::get(), pixelRange);
  m.define(code);
  std::ostringstream out;
  m.save(out);
  return out.str();
}

std::string linearVae(int latent, int channels, int side, bool withEncoder, bool logvar) {
  std::string code = R"(
def decode(self, z):
    return torch.mm(z, self.w).reshape([z.size(0), self.channels, self.side, self.side])
)";
  if (withEncoder && logvar)
    code += R"(
def encode(self, x):
    mean = torch.mm(x.reshape([x.size(0), -1]), self.w.t()) * 0.01
    return (mean, torch.zeros_like(mean) - 1.0)
)";
  else if (withEncoder)
    code += R"(
def encode(self, x):
    return torch.mm(x.reshape([x.size(0), -1]), self.w.t()) * 0.01
)";
  return scriptedModule(code, latent, channels, side, latent, "logits");
}

std::string withFormatVersion(const std::string& scriptBytes, uint64_t version) {
  std::istringstream in(scriptBytes);
  caffe2::serialize::PyTorchStreamReader reader(&in);
  std::string out;
  {
    caffe2::serialize::PyTorchStreamWriter writer([&out](const void* data, size_t size) {
      out.append(static_cast<const char*>(data), size);
      return size;
    });
    writer.setMinVersion(version);
    for (const auto& name : reader.getAllRecords()) {
      if (name == "version" || name == ".data/version") continue;  // the writer writes its own
      auto [data, size] = reader.getRecord(name);
      writer.writeRecord(name, data.get(), size);
    }
    writer.writeEndOfFile();
  }
  return out;
}

std::string zipArchive(const std::vector<std::pair<std::string, std::string>>& records) {
  std::string out;
  {
    caffe2::serialize::PyTorchStreamWriter writer([&out](const void* data, size_t size) {
      out.append(static_cast<const char*>(data), size);
      return size;
    });
    for (const auto& [name, bytes] : records) writer.writeRecord(name, bytes.data(), bytes.size());
    writer.writeEndOfFile();
  }
  return out;
}

}  // namespace latentlab::test
