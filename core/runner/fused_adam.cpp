#include "runner/fused_adam.h"

#include <algorithm>
#include <cmath>
#include <sstream>
#include <type_traits>
#include <vector>

#include "runner/cpu_shards.h"

namespace latentlab {

namespace {

// The key of a parameter's state: a string of its TensorImpl's address in LibTorch 1.13, the address in 2.x.
template <class StateMap>
typename StateMap::key_type stateKey(const StateMap&, const torch::Tensor& p) {
  using Key = typename StateMap::key_type;
  if constexpr (std::is_same_v<Key, std::string>) {
    std::ostringstream text;  // as c10::guts::to_string writes a pointer
    text << p.unsafeGetTensorImpl();
    return text.str();
  } else {
    return static_cast<Key>(p.unsafeGetTensorImpl());
  }
}

struct AdamScalars {
  float beta1, oneMinusBeta1, beta2, oneMinusBeta2, rootBiasCorrection2, eps, stepSize;
};

// One pass: the moments, then the parameter. GCC builds it for AVX-512, AVX2 and plain x86-64 and picks one at
// load time (the program runs on any x86-64); elsewhere it is the plain loop. Not under the sanitizers: the clone
// resolver runs during relocation, before their runtimes start, and the instrumented resolver crashes there.
#if defined(__GNUC__) && !defined(__clang__) && defined(__x86_64__) && !defined(__SANITIZE_ADDRESS__) && \
    !defined(__SANITIZE_THREAD__)
__attribute__((target_clones("avx512f", "avx2", "default")))
#endif
void adamLoop(float* __restrict p, const float* __restrict g, float* __restrict m, float* __restrict v, int64_t n,
              AdamScalars s) {
  for (int64_t i = 0; i < n; ++i) {
    const float grad = g[i];
    const float mi = m[i] * s.beta1 + grad * s.oneMinusBeta1;
    const float vi = v[i] * s.beta2 + grad * grad * s.oneMinusBeta2;
    m[i] = mi;
    v[i] = vi;
    const float denom = __builtin_sqrtf(vi) / s.rootBiasCorrection2 + s.eps;
    p[i] -= s.stepSize * (mi / denom);
  }
}

bool fusable(const torch::optim::Adam& optimizer) {
  for (const auto& group : optimizer.param_groups()) {
    const auto& o = static_cast<const torch::optim::AdamOptions&>(group.options());
    if (o.amsgrad() || o.weight_decay() != 0) return false;
    for (const auto& p : group.params()) {
      if (!p.grad().defined()) continue;
      if (!p.is_cpu() || p.scalar_type() != torch::kFloat32 || !p.is_contiguous() || !p.grad().is_contiguous() ||
          p.grad().scalar_type() != torch::kFloat32 || p.grad().is_sparse())
        return false;
    }
  }
  return true;
}

}  // namespace

void adamStep(torch::optim::Adam& optimizer) {
  if (!fusable(optimizer)) {
    optimizer.step();
    return;
  }
  torch::NoGradGuard noGrad;
  // The loops of all parameters, in pieces the intra-op threads share (one piece each is a few hundred
  // microseconds of a vae-mlp step that would otherwise leave the other cores idle).
  struct Piece {
    float *p, *g, *m, *v;
    int64_t n;
    AdamScalars s;
  };
  constexpr int64_t kPiece = 32768;
  std::vector<Piece> pieces;
  auto& states = optimizer.state();
  for (auto& group : optimizer.param_groups()) {
    const auto& o = static_cast<const torch::optim::AdamOptions&>(group.options());
    for (auto& p : group.params()) {
      if (!p.grad().defined()) continue;
      const auto key = stateKey(states, p);
      auto found = states.find(key);
      if (found == states.end()) {
        auto fresh = std::make_unique<torch::optim::AdamParamState>();
        fresh->step(0);
        fresh->exp_avg(torch::zeros_like(p, torch::MemoryFormat::Preserve));
        fresh->exp_avg_sq(torch::zeros_like(p, torch::MemoryFormat::Preserve));
        found = states.emplace(key, std::move(fresh)).first;
      }
      auto& state = static_cast<torch::optim::AdamParamState&>(*found->second);
      auto& m = state.exp_avg();
      auto& v = state.exp_avg_sq();
      if (!m.is_contiguous() || !v.is_contiguous() || m.scalar_type() != torch::kFloat32 || !m.is_cpu()) {
        m = m.to(torch::kCPU, torch::kFloat32).contiguous();  // a loaded state of another layout
        v = v.to(torch::kCPU, torch::kFloat32).contiguous();
      }
      state.step(state.step() + 1);
      const double beta1 = std::get<0>(o.betas()), beta2 = std::get<1>(o.betas());
      const double correction1 = 1 - std::pow(beta1, double(state.step()));
      const double correction2 = 1 - std::pow(beta2, double(state.step()));
      const AdamScalars s{float(beta1),
                          float(1 - beta1),
                          float(beta2),
                          float(1 - beta2),
                          float(std::sqrt(correction2)),
                          float(o.eps()),
                          float(o.lr() / correction1)};
      float *pp = p.data_ptr<float>(), *gp = p.mutable_grad().data_ptr<float>();
      float *mp = m.data_ptr<float>(), *vp = v.data_ptr<float>();
      for (int64_t at = 0; at < p.numel(); at += kPiece)
        pieces.push_back({pp + at, gp + at, mp + at, vp + at, std::min(kPiece, p.numel() - at), s});
    }
  }
  parallelTasks(int64_t(pieces.size()), [&](int64_t i) {
    const Piece& piece = pieces[size_t(i)];
    adamLoop(piece.p, piece.g, piece.m, piece.v, piece.n, piece.s);
  });
}

void zeroGradients(torch::optim::Optimizer& optimizer) {
  torch::NoGradGuard noGrad;
  for (auto& group : optimizer.param_groups())
    for (auto& p : group.params())
      if (p.grad().defined()) p.mutable_grad().zero_();
}

}  // namespace latentlab
