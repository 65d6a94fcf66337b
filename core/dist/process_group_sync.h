#pragma once
// A data-parallel job on PyTorch's own engine, c10d: TCPStore rendezvous and ProcessGroupGloo on the CPU (or
// ProcessGroupNCCL on CUDA builds), behind the GradientSync interface the trainer uses. Compiled in where the
// LibTorch build has them (LATENTLAB_HAVE_GLOO, LATENTLAB_HAVE_NCCL; see CMakeLists.txt).
#include <memory>
#include <string>

namespace latentlab {

class GradientSync;

// Where this process stands in the job, as torchrun and SLURM describe it (cli/dist_args.cpp reads it).
struct DistConfig {
  int rank = 0;
  int worldSize = 1;
  int localRank = 0;
  int localWorldSize = 0;  // ranks on this host (LOCAL_WORLD_SIZE, SLURM_NTASKS_PER_NODE); 0: not known
  std::string masterAddr = "127.0.0.1";
  int masterPort = 29500;
  bool agentStore = false;     // torchrun hosts the store (TORCHELASTIC_USE_AGENT_STORE): every rank is a client
  int restartCount = 0;        // TORCHELASTIC_RESTART_COUNT: keys of each attempt are kept apart in the store
  double timeoutSeconds = 60;  // rendezvous and every collective: nothing waits longer on a missing rank
  bool cuda = false;           // NCCL on this rank's GPU (LOCAL_RANK) instead of Gloo on the CPU
  bool groupOfOne = false;     // a job of one rank still joins a process group (to try a backend on one GPU)
};

// "gloo", "gloo, nccl" or "" (this build has neither).
std::string distributedBackends();

// Joins the job: throws latentlab::Error naming the master when it cannot be reached or the ranks do not all
// arrive within the timeout, or when this build has no c10d backend for the device.
std::shared_ptr<GradientSync> connectProcessGroup(const DistConfig& config);

}  // namespace latentlab
