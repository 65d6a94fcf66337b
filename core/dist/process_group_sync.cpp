// GradientSync on c10d. The bucketed allreduce follows what DistributedDataParallel does (and pytorch/examples'
// cpp/distributed): gradients live in flat buckets of about 25 MB (gradient_buckets.h), one allreduce per bucket,
// all in flight at once.
#include "dist/process_group_sync.h"

#include "dist/gradient_buckets.h"

#include "runner/gradient_sync.h"
#include "util/error.h"

#if defined(LATENTLAB_HAVE_GLOO) || defined(LATENTLAB_HAVE_NCCL)
#define LATENTLAB_HAVE_C10D
#include <torch/csrc/distributed/c10d/PrefixStore.hpp>
#include <torch/csrc/distributed/c10d/TCPStore.hpp>
#endif
#ifdef LATENTLAB_HAVE_GLOO
#include <torch/csrc/distributed/c10d/ProcessGroupGloo.hpp>
#endif
#ifdef LATENTLAB_HAVE_NCCL
#include <torch/csrc/distributed/c10d/ProcessGroupNCCL.hpp>
#endif

#include <chrono>
#include <cstdlib>
#include <cstring>

namespace latentlab {

std::string distributedBackends() {
  std::string names;
#ifdef LATENTLAB_HAVE_GLOO
  names += "gloo";
#endif
#ifdef LATENTLAB_HAVE_NCCL
  names += std::string(names.empty() ? "" : ", ") + "nccl";
#endif
  return names;
}

#ifdef LATENTLAB_HAVE_C10D
namespace {

std::string errorText(const std::exception& e) {
  if (const auto* c10 = dynamic_cast<const c10::Error*>(&e)) return c10->what_without_backtrace();
  return e.what();
}

bool isLoopback(const std::string& host) { return host == "localhost" || host.rfind("127.", 0) == 0 || host == "::1"; }

// PG: c10d::ProcessGroupGloo or c10d::ProcessGroupNCCL (the same calls in LibTorch 1.13 and 2.x).
template <class PG>
class ProcessGroupSync : public GradientSync {
 public:
  ProcessGroupSync(c10::intrusive_ptr<PG> group, const DistConfig& config, torch::Device device)
      : group_(std::move(group)), config_(config), device_(device), buckets_(device) {}

  int rank() const override { return config_.rank; }
  int worldSize() const override { return config_.worldSize; }

  torch::Tensor reduceStep(const std::vector<torch::Tensor>& params, double share,
                           const torch::Tensor& values) override {
    auto& flats = buckets_.gather(params, values);
    std::vector<c10::intrusive_ptr<c10d::Work>> works;
    for (auto& flat : flats) {
      flat.mul_(share);
      std::vector<torch::Tensor> one{flat};
      works.push_back(run("the gradient allreduce", [&] { return group_->allreduce(one); }));
    }
    for (auto& w : works) wait(w, "the gradient allreduce");
    return buckets_.scatter(values);
  }

  torch::Tensor sum(const torch::Tensor& values) override { return reduce(values, c10d::ReduceOp::SUM); }
  torch::Tensor max(const torch::Tensor& values) override { return reduce(values, c10d::ReduceOp::MAX); }

  void broadcast(std::vector<torch::Tensor>& tensors) override {
    for (auto& t : tensors) {
      std::vector<torch::Tensor> one{t.detach()};
      wait(run("a broadcast", [&] { return group_->broadcast(one); }), "a broadcast");
    }
  }

  std::string broadcastBytes(const std::string& bytes) override {
    std::vector<torch::Tensor> size{torch::tensor({int64_t(bytes.size())}, torch::kLong).to(device_)};
    wait(run("a broadcast", [&] { return group_->broadcast(size); }), "a broadcast");
    const int64_t n = size[0].to(torch::kCPU).item<int64_t>();
    auto buffer = torch::empty({n}, torch::kUInt8);
    if (rank() == 0) std::memcpy(buffer.data_ptr<uint8_t>(), bytes.data(), bytes.size());
    std::vector<torch::Tensor> data{buffer.to(device_)};
    wait(run("a broadcast", [&] { return group_->broadcast(data); }), "a broadcast");
    const auto received = data[0].to(torch::kCPU).contiguous();
    return std::string(reinterpret_cast<const char*>(received.data_ptr<uint8_t>()), size_t(n));
  }

 private:
  torch::Tensor reduce(const torch::Tensor& values, c10d::ReduceOp op) {
    std::vector<torch::Tensor> t{values.to(device_, /*non_blocking=*/false, /*copy=*/true)};
    c10d::AllreduceOptions options;
    options.reduceOp = op;
    wait(run("an allreduce", [&] { return group_->allreduce(t, options); }), "an allreduce");
    return t[0].to(values.device());
  }

  template <class F>
  c10::intrusive_ptr<c10d::Work> run(const char* what, F&& start) {
    try {
      return start();
    } catch (const std::exception& e) {
      throw lost(what, e);
    }
  }

  void wait(const c10::intrusive_ptr<c10d::Work>& work, const char* what) {
    try {
      work->wait(std::chrono::milliseconds(int64_t(config_.timeoutSeconds * 1000)));
    } catch (const std::exception& e) {
      throw lost(what, e);
    }
  }

  // A collective fails when a peer died (its sockets close at once) or stopped answering (the timeout).
  Error lost(const char* what, const std::exception& e) const {
    const std::string other = worldSize() == 2 ? "rank " + std::to_string(1 - rank()) : "another rank";
    return Error(name() + ": " + other + " stopped or lost contact during " + what + " (" + errorText(e) +
                 "); the job ends here");
  }

  c10::intrusive_ptr<PG> group_;
  DistConfig config_;
  torch::Device device_;
  GradientBuckets buckets_;
};

c10::intrusive_ptr<c10d::Store> connectStore(const DistConfig& config, std::chrono::milliseconds timeout) {
  c10d::TCPStoreOptions options;
  options.port = uint16_t(config.masterPort);
  options.isServer = config.rank == 0 && !config.agentStore;
  options.numWorkers = size_t(config.worldSize);
  options.waitWorkers = false;  // the process group's rendezvous waits for every rank, under the same timeout
  options.timeout = timeout;
  const std::string master = config.masterAddr + ":" + std::to_string(config.masterPort);
  try {
    auto store = c10::make_intrusive<c10d::TCPStore>(config.masterAddr, options);
    if (!config.agentStore) return store;
    // torchrun's agent store outlives restarts: each attempt keeps its keys apart, as torch.distributed does.
    return c10::make_intrusive<c10d::PrefixStore>("/worker/attempt_" + std::to_string(config.restartCount), store);
  } catch (const std::exception& e) {
    if (options.isServer)
      throw Error("rank 0 cannot host the job's store at " + master + " (" + errorText(e) +
                  "): is the port free on this host (MASTER_PORT)?");
    throw Error("rank " + std::to_string(config.rank) + " cannot reach the job's master at " + master + " within " +
                std::to_string(int(config.timeoutSeconds)) + " s (" + errorText(e) +
                "): check MASTER_ADDR/MASTER_PORT (--master) and that rank 0 runs there");
  }
}

#ifdef LATENTLAB_HAVE_GLOO
std::shared_ptr<::gloo::transport::Device> glooDevice(const DistConfig& config) {
  if (const char* interface = std::getenv("GLOO_SOCKET_IFNAME"); interface && *interface)
    return c10d::ProcessGroupGloo::createDeviceForInterface(interface);
  if (isLoopback(config.masterAddr)) return c10d::ProcessGroupGloo::createDeviceForHostname("127.0.0.1");
  return c10d::ProcessGroupGloo::createDefaultDevice();
}
#endif

}  // namespace
#endif  // LATENTLAB_HAVE_C10D

std::shared_ptr<GradientSync> connectProcessGroup(const DistConfig& config) {
  if (config.worldSize < 1 || config.rank < 0 || config.rank >= config.worldSize)
    throw Error("rank " + std::to_string(config.rank) + " is outside a job of " + std::to_string(config.worldSize) +
                " ranks (RANK must be 0 to WORLD_SIZE - 1)");
  if (config.worldSize == 1 && !config.groupOfOne) return localGradientSync();
#ifdef LATENTLAB_HAVE_C10D
  const auto timeout = std::chrono::milliseconds(int64_t(config.timeoutSeconds * 1000));
  const std::string master = config.masterAddr + ":" + std::to_string(config.masterPort);
  auto store = connectStore(config, timeout);
  try {
    if (config.cuda) {
#ifdef LATENTLAB_HAVE_NCCL
      auto options = c10d::ProcessGroupNCCL::Options::create();
      options->timeout = timeout;
      auto group = c10::make_intrusive<c10d::ProcessGroupNCCL>(store, config.rank, config.worldSize, options);
      return std::make_shared<ProcessGroupSync<c10d::ProcessGroupNCCL>>(group, config,
                                                                        torch::Device(torch::kCUDA, config.localRank));
#else
      throw Error("--device cuda in a distributed job needs NCCL, and this LibTorch build has none: use --device cpu");
#endif
    }
#ifdef LATENTLAB_HAVE_GLOO
    auto options = c10d::ProcessGroupGloo::Options::create(timeout);
    options->devices.push_back(glooDevice(config));
    options->threads = 2;
    auto group = c10::make_intrusive<c10d::ProcessGroupGloo>(store, config.rank, config.worldSize, options);
    return std::make_shared<ProcessGroupSync<c10d::ProcessGroupGloo>>(group, config, torch::kCPU);
#else
    throw Error(
        "training on the CPU in a distributed job needs Gloo, and this build has none (this LibTorch "
        "lacks it, or gloo's headers were not found: libgloo-dev): use --device cuda");
#endif
  } catch (const Error&) {
    throw;
  } catch (const std::exception& e) {
    throw Error("rank " + std::to_string(config.rank) + " of " + std::to_string(config.worldSize) +
                ": the job's ranks did not all meet at " + master + " within " +
                std::to_string(int(config.timeoutSeconds)) + " s (" + errorText(e) + ")");
  }
#else
  (void)config;
  throw Error(
      "this LatentLab was built without distributed training (neither LibTorch's c10d Gloo with "
      "libgloo-dev nor NCCL was found; install libgloo-dev with scripts/setup and rebuild)");
#endif
}

}  // namespace latentlab
