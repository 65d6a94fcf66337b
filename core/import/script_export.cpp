#include "import/script_export.h"

#include <cstdio>
#include <sstream>

#include "models/up_conv.h"
#include "util/error.h"

namespace latentlab {

namespace nn = torch::nn;

namespace {

// A convolution's padding as numbers, or null for 'same' / 'valid'. The options hold a c10::variant in LibTorch
// 1.13 and a std::variant in 2.x: unqualified get_if finds whichever fits.
template <class Padding>
const torch::ExpandingArray<2>* explicitPadding(const Padding& padding) {
  using namespace std;
  using namespace c10;
  return get_if<torch::ExpandingArray<2>>(&padding);
}
// A transposed convolution's options (UpConv2d's) hold plain numbers.
const torch::ExpandingArray<2>* explicitPadding(const torch::ExpandingArray<2>& padding) { return &padding; }

std::string number(double value) {
  char text[40];
  std::snprintf(text, sizeof text, "%.17g", value);
  return text;
}

template <size_t N>
std::string list(const torch::ExpandingArray<N>& values) {
  std::string text = "[";
  for (size_t i = 0; i < N; ++i) text += (i ? ", " : "") + std::to_string((*values)[i]);
  return text + "]";
}

// Writes one Sequential as TorchScript lines over `var`, registering its tensors on `out` as prefix<i>_<name>.
class SequentialWriter {
 public:
  SequentialWriter(torch::jit::Module& out, std::string prefix, std::string var)
      : out_(out), prefix_(std::move(prefix)), var_(std::move(var)) {}

  std::string lines(const nn::Sequential& net) {
    std::string code;
    int index = 0;
    for (const auto& child : net->children()) code += "    " + var_ + " = " + layer(*child, index++) + "\n";
    return code;
  }

 private:
  std::string tensor(const torch::Tensor& t, int index, const std::string& name, bool parameter) {
    const std::string full = prefix_ + std::to_string(index) + "_" + name;
    auto copy = t.detach().to(torch::kCPU).clone();
    if (parameter) out_.register_parameter(full, copy, false);
    else out_.register_buffer(full, copy);
    return "self." + full;
  }
  std::string bias(const torch::Tensor& t, int index) {
    return t.defined() ? tensor(t, index, "bias", true) : std::string("None");
  }

  std::string layer(nn::Module& m, int i) {
    const std::string& x = var_;
    if (auto* l = dynamic_cast<nn::LinearImpl*>(&m))
      return "torch.linear(" + x + ", " + tensor(l->weight, i, "weight", true) + ", " + bias(l->bias, i) + ")";
    if (dynamic_cast<nn::ReLUImpl*>(&m)) return "torch.relu(" + x + ")";
    if (auto* l = dynamic_cast<nn::LeakyReLUImpl*>(&m))
      return "torch.leaky_relu(" + x + ", " + number(l->options.negative_slope()) + ")";
    if (dynamic_cast<nn::TanhImpl*>(&m)) return "torch.tanh(" + x + ")";
    if (dynamic_cast<nn::SigmoidImpl*>(&m)) return "torch.sigmoid(" + x + ")";
    if (auto* l = dynamic_cast<nn::FlattenImpl*>(&m))
      return "torch.flatten(" + x + ", " + std::to_string(l->options.start_dim()) + ", " +
             std::to_string(l->options.end_dim()) + ")";
    if (auto* l = dynamic_cast<nn::UnflattenImpl*>(&m)) {
      if (l->options.dim() != 1) throw Error("export: only Unflatten of dimension 1 is written");
      std::string shape = "[" + x + ".size(0)";
      for (int64_t s : l->options.sizes()) shape += ", " + std::to_string(s);
      return x + ".reshape(" + shape + "])";
    }
    if (auto* l = dynamic_cast<nn::ConvTranspose2dImpl*>(&m)) return transposedConv(*l, i);
    if (auto* l = dynamic_cast<UpConv2dImpl*>(&m)) return transposedConv(*l, i);
    if (auto* l = dynamic_cast<nn::Conv2dImpl*>(&m)) {
      const auto& o = l->options;
      const auto* padding = explicitPadding(o.padding());
      if (!padding) throw Error("export: a convolution with 'same' or 'valid' padding is not written");
      return "torch.conv2d(" + x + ", " + tensor(l->weight, i, "weight", true) + ", " + bias(l->bias, i) + ", " +
             list(o.stride()) + ", " + list(*padding) + ", " + list(o.dilation()) + ", " + std::to_string(o.groups()) +
             ")";
    }
    if (auto* l = dynamic_cast<nn::BatchNorm1dImpl*>(&m))
      return batchNorm(l->weight, l->bias, l->running_mean, l->running_var, l->options.eps(), i);
    if (auto* l = dynamic_cast<nn::BatchNorm2dImpl*>(&m))
      return batchNorm(l->weight, l->bias, l->running_mean, l->running_var, l->options.eps(), i);
    throw Error("export: cannot write a " + m.name() + " layer as TorchScript");
  }

  template <class Layer>  // nn::ConvTranspose2dImpl or our UpConv2dImpl: the same options and parameters
  std::string transposedConv(const Layer& l, int i) {
    const auto& o = l.options;
    const auto* padding = explicitPadding(o.padding());
    if (!padding) throw Error("export: a transposed convolution with 'same' or 'valid' padding is not written");
    return "torch.conv_transpose2d(" + var_ + ", " + tensor(l.weight, i, "weight", true) + ", " + bias(l.bias, i) +
           ", " + list(o.stride()) + ", " + list(*padding) + ", " + list(o.output_padding()) + ", " +
           std::to_string(o.groups()) + ", " + list(o.dilation()) + ")";
  }

  // Evaluation mode: the running statistics, never the batch's.
  std::string batchNorm(const torch::Tensor& w, const torch::Tensor& b, const torch::Tensor& mean,
                        const torch::Tensor& var, double eps, int i) {
    const std::string weight = w.defined() ? tensor(w, i, "weight", true) : "None";
    return "torch.batch_norm(" + var_ + ", " + weight + ", " + bias(b, i) + ", " +
           tensor(mean, i, "running_mean", false) + ", " + tensor(var, i, "running_var", false) + ", False, 0.0, " +
           number(eps) + ", False)";
  }

  torch::jit::Module& out_;
  std::string prefix_, var_;
};

}  // namespace

torch::jit::Module scriptModuleOf(const ModelConfig& config, const ModelRunner::Networks& networks) {
  if (!networks.decoder) throw Error("export: this model has no decoder to write");
  torch::jit::Module out("__torch__.latentlab.ExportedModel");
  out.register_attribute("latent_dim", c10::IntType::get(), int64_t(config.latent));
  out.register_attribute("pixel_range", c10::StringType::get(),
                         networks.pixels == PixelTransform::Tanh      ? "tanh"
                         : networks.pixels == PixelTransform::Sigmoid ? "logits"
                                                                      : "probabilities");
  out.register_attribute("latentlab_model", c10::StringType::get(), std::string(modelKindName(config.kind)));
  std::string code = "def decode(self, z):\n    x = z\n" + SequentialWriter(out, "dec", "x").lines(networks.decoder) +
                     "    return x\n\ndef forward(self, z):\n    return self.decode(z)\n";
  if (networks.encoder) {
    const std::string latent = std::to_string(config.latent);
    code += "\ndef encode(self, x):\n    h = x\n" + SequentialWriter(out, "enc", "h").lines(networks.encoder) +
            "    return (h[:, 0:" + latent + "], h[:, " + latent + ":])\n";
  }
  out.define(code);
  out.eval();
  return out;
}

std::string torchScriptBytes(const ModelConfig& config, const ModelRunner::Networks& networks) {
  std::ostringstream bytes;
  scriptModuleOf(config, networks).save(bytes);
  return bytes.str();
}

}  // namespace latentlab
