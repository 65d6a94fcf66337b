// latentlab-cli: the same work as the desktop program, for servers without a display.
#include <CLI/CLI.hpp>

#include <cstdio>

#include "util/blas_info.h"
#include "util/error.h"
#include "util/runtime_info.h"

using namespace latentlab;

static void printVersion() {
  const RuntimeInfo info = runtimeInfo();
  std::printf("latentlab-cli %s\n", LATENTLAB_VERSION);
  std::printf("LibTorch %s, %d intra-op threads, CUDA %s\n", info.torchVersion.c_str(), info.intraOpThreads,
              info.cudaAvailable ? "available" : "not available");
  std::printf("%s\n", describeBlas(detectBlas()).c_str());
}

int main(int argc, char** argv) {
  CLI::App cli{"latentlab-cli: train and explore generative models without a display"};
  cli.require_subcommand(1);
  cli.add_subcommand("version", "Print versions, the BLAS in use and whether CUDA is available")
      ->callback(printVersion);
  try {
    cli.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return cli.exit(e);
  } catch (const Error& e) {
    std::fprintf(stderr, "latentlab-cli: %s\n", e.what());
    return 2;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "latentlab-cli: unexpected error: %s\n", e.what());
    return 3;
  }
  return 0;
}
