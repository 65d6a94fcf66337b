#include "dist_args.h"

#include <CLI/CLI.hpp>

#include <cstdlib>

#include "util/error.h"

namespace latentlab::cli {

namespace {

std::string env(const char* name) {
  const char* value = std::getenv(name);
  return value ? value : "";
}

int wholeNumber(const std::string& text, const std::string& what) {
  try {
    size_t used = 0;
    const long value = std::stol(text, &used);
    if (used == text.size() && value >= 0 && value <= (1 << 20)) return int(value);
  } catch (const std::exception&) {}
  throw Error(what + " must be a whole number, not '" + text + "'");
}

// The first set variable of `names`, or "".
std::string firstOf(std::initializer_list<const char*> names, std::string* which = nullptr) {
  for (const char* name : names)
    if (auto value = env(name); !value.empty()) {
      if (which) *which = name;
      return value;
    }
  return "";
}

}  // namespace

void addDistOptions(CLI::App& command, DistArgs& args) {
  auto* group = command.add_option_group("Distributed", "Data-parallel training on several processes or machines");
  group->add_option("--world-size", args.worldSize, "Ranks in the job (default: WORLD_SIZE or SLURM_NTASKS)")
      ->check(CLI::Range(1, 1 << 20));
  group->add_option("--rank", args.rank, "This process's rank (default: RANK or SLURM_PROCID)")
      ->check(CLI::Range(0, 1 << 20));
  group->add_option("--master", args.master, "Rank 0's HOST:PORT (default: MASTER_ADDR:MASTER_PORT)");
  group->add_option("--nproc", args.nproc, "Start this many ranks on this host and wait for them")
      ->check(CLI::Range(1, 256));
  group
      ->add_option("--dist-timeout", args.timeoutSeconds,
                   "Seconds a rank waits for the others (rendezvous, each exchange) before it gives up")
      ->check(CLI::Range(1.0, 86400.0));
}

DistConfig resolveDistConfig(const DistArgs& args) {
  DistConfig config;
  config.timeoutSeconds = args.timeoutSeconds;
  std::string worldFrom = "--world-size", rankFrom = "--rank";
  const std::string worldText =
      args.worldSize > 0 ? std::to_string(args.worldSize) : firstOf({"WORLD_SIZE", "SLURM_NTASKS"}, &worldFrom);
  const std::string rankText =
      args.rank >= 0 ? std::to_string(args.rank) : firstOf({"RANK", "SLURM_PROCID"}, &rankFrom);
  if (worldText.empty()) {
    if (!rankText.empty() && args.rank >= 0) throw Error("--rank needs --world-size (or WORLD_SIZE)");
    return config;  // alone
  }
  config.worldSize = wholeNumber(worldText, worldFrom);
  if (config.worldSize < 1) throw Error(worldFrom + " must be at least 1");
  // A job of one needs no process group, except to try a backend where only one device is at hand (NCCL cannot
  // put two ranks on one GPU): LATENTLAB_GROUP_OF_ONE=1.
  config.groupOfOne = config.worldSize == 1 && env("LATENTLAB_GROUP_OF_ONE") == "1";
  if (config.worldSize == 1 && !config.groupOfOne) return config;
  if (rankText.empty())
    throw Error("a job of " + worldText + " ranks (" + worldFrom +
                ") needs this process's rank: "
                "--rank, RANK or SLURM_PROCID");
  config.rank = wholeNumber(rankText, rankFrom);
  if (config.rank >= config.worldSize)
    throw Error(rankFrom + " " + rankText + " is outside a job of " + worldText + " ranks (0 to " +
                std::to_string(config.worldSize - 1) + ")");
  const std::string local = firstOf({"LOCAL_RANK", "SLURM_LOCALID"});
  config.localRank = local.empty() ? 0 : wholeNumber(local, "LOCAL_RANK");
  const std::string localWorld = firstOf({"LOCAL_WORLD_SIZE", "SLURM_NTASKS_PER_NODE"});
  config.localWorldSize = localWorld.empty() ? 0 : wholeNumber(localWorld, "LOCAL_WORLD_SIZE");
  std::string host = env("MASTER_ADDR"), port = env("MASTER_PORT");
  if (!args.master.empty()) {
    const auto colon = args.master.rfind(':');
    if (colon == std::string::npos || colon == 0) throw Error("--master must be HOST:PORT, not '" + args.master + "'");
    host = args.master.substr(0, colon);
    port = args.master.substr(colon + 1);
  }
  if (host.empty() || port.empty())
    throw Error("a job of " + worldText +
                " ranks needs rank 0's address: --master HOST:PORT, or MASTER_ADDR and "
                "MASTER_PORT (SLURM scripts set them from the first node of the job)");
  config.masterAddr = host;
  config.masterPort = wholeNumber(port, "the master port");
  if (config.masterPort < 1 || config.masterPort > 65535)
    throw Error("the master port must be 1 to 65535, not " + port);
  config.agentStore = env("TORCHELASTIC_USE_AGENT_STORE") == "True";
  const std::string restarts = env("TORCHELASTIC_RESTART_COUNT");
  config.restartCount = restarts.empty() ? 0 : wholeNumber(restarts, "TORCHELASTIC_RESTART_COUNT");
  return config;
}

}  // namespace latentlab::cli
