#include <CLI/CLI.hpp>

#include <cstdio>

#include "commands.h"
#include "dist/process_group_sync.h"
#include "util/blas_info.h"
#include "util/runtime_info.h"

namespace latentlab::cli {

void addVersionCommand(CLI::App& app) {
  app.add_subcommand("version", "Print versions, the BLAS in use and whether CUDA is available")->callback([] {
    const RuntimeInfo info = runtimeInfo();
    std::printf("latentlab-cli %s\n", LATENTLAB_VERSION);
    std::printf("LibTorch %s, %d intra-op threads, CUDA %s\n", info.torchVersion.c_str(), info.intraOpThreads,
                info.cudaAvailable ? "available" : "not available");
    std::printf("%s\n", describeBlas(detectBlas()).c_str());
    const std::string backends = distributedBackends();
    std::printf("distributed training: %s\n", backends.empty() ? "not built in (no c10d Gloo)" : backends.c_str());
  });
}

}  // namespace latentlab::cli
