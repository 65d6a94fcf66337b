#pragma once
// Where `latentlab-cli train` stands in a data-parallel job: from the flags (--world-size, --rank, --master), else
// from the launcher's environment (torchrun: RANK, WORLD_SIZE, LOCAL_RANK, MASTER_ADDR, MASTER_PORT,
// TORCHELASTIC_*; SLURM: SLURM_PROCID, SLURM_NTASKS, SLURM_LOCALID), else alone. `--nproc N` starts N local ranks
// (local_ranks.cpp) that find their place in the environment it gives them.
#include <string>
#include <vector>

#include "dist/process_group_sync.h"

namespace CLI {
class App;
}

namespace latentlab::cli {

struct DistArgs {
  int worldSize = 0;   // 0: not given
  int rank = -1;       // -1: not given
  std::string master;  // HOST:PORT
  int nproc = 0;       // start this many local ranks
  double timeoutSeconds = 60;
};

void addDistOptions(CLI::App& command, DistArgs& args);

// Throws latentlab::Error for an incomplete or contradictory description (a rank without a world size, ...).
DistConfig resolveDistConfig(const DistArgs& args);

// Starts `nproc` ranks of this very command line (without --nproc) on this host and waits for them all. When one
// fails, the others are stopped, and the Error names the rank and how it ended.
void runLocalRanks(int nproc, double timeoutSeconds);

}  // namespace latentlab::cli
