#pragma once
// What the trainer publishes for the GUI and the CLI: immutable CPU-side copies, swapped in under a mutex every
// few hundred milliseconds. Readers take a shared_ptr and never see it change. No torch here on purpose: panels
// include this header.
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "io/image.h"
#include "models/model_config.h"
#include "snapshot/metrics_history.h"
#include "util/failure.h"

namespace latentlab {

class DecoderWeights;  // an opaque deep copy of the decoder (generator); see latent/latent_decoder.h

enum class TrainerState { Idle, Running, Paused, Stopping, Finished };
const char* trainerStateName(TrainerState state);

struct EpochMetric {  // once per epoch
  int64_t step = 0;
  int64_t epoch = 0;
  float trainLoss = 0;  // mean train loss over the epoch (VAE: per image; GAN: mean G loss)
  float testLoss = 0;   // VAE: negative test-set ELBO per image; GAN: mean D loss on test images
};

struct TrainingEvent {  // hyperparameter changes, pauses, NaN rollbacks, resumes: marked on the curves
  int64_t step = 0;
  std::string text;
};

// Latent codes of the whole data set (VAE: posterior means of the train split; GAN: fixed sampled codes).
struct LatentCodes {
  int64_t version = 0;  // increases each refresh
  int64_t step = 0;     // training step they were computed at
  // Codes seen in training (train/seen_codes.h) come from the steps [oldestStep, step]; -1: all from `step`.
  int64_t oldestStep = -1;
  int dims = 0;
  int64_t count = 0;
  int64_t trainCount = 0;       // codes [0, trainCount) are the training images', the rest the test images'
  std::vector<float> codes;     // count x dims, row-major
  std::vector<int32_t> labels;  // count, or empty (GAN: none)
  std::vector<float> factors;   // count x factorNames.size() (shapes), or empty
  std::vector<float> scores;    // GAN: discriminator probability per code; empty for a VAE
  std::vector<std::string> classNames;
  std::vector<std::string> factorNames;
};

// The outcome of the latest save, so that whoever asked can say when it is done and where, or why it failed.
struct SaveReport {
  int64_t sequence = 0;  // increases with every save attempt (0: none yet)
  bool ok = false;
  int64_t step = 0;  // the step saved
  std::string path;  // the run directory
  Failure error;     // why it failed (the earlier save is intact); empty when ok
};

// One model at one step as the views show it (docs/architecture.md, "Sources"): immutable, shared.
struct ModelView {
  int64_t step = -1;
  std::shared_ptr<const DecoderWeights> decoder;
  std::vector<Image> originals;        // 16 fixed test images
  std::vector<Image> reconstructions;  // their reconstructions (VAE) or 16 fixed-noise samples (GAN)
  std::vector<float> klPerDim;         // VAE only
};

// Where a snapshot comes from: the trainer in this process, a run another process writes (followed), a run
// nobody writes now (saved), or a TorchScript model trained elsewhere (imported). Only a live source can be trained
// from here.
enum class SourceKind { Live, Followed, Saved, Imported };
const char* sourceKindName(SourceKind kind);

// Latent dimensions whose mean KL is above 0.01 nats: the ones that carry information.
int countActiveDims(const std::vector<float>& klPerDim);

struct SourceStatus {
  SourceKind kind = SourceKind::Live;
  std::string writer;        // who writes the run ("latentlab-cli train (pid 12 on host)"); empty: nobody
  double heartbeatAge = -1;  // seconds since the writer's last heartbeat; -1 when unknown
  double dataAge = -1;       // seconds since new metrics were last seen (followed runs); -1 when unknown
  std::string note;          // e.g. "took over from ..." or "the writer stopped: continue here"
};

struct Snapshot {
  int64_t version = 0;  // increases with every publish
  TrainConfig config;   // current hyperparameters (lr, beta reflect live changes)
  TrainerState state = TrainerState::Idle;
  std::string runDir;  // empty when the run is not saved anywhere yet
  SourceStatus source;
  std::vector<int64_t> timeline;  // steps of the run's model timeline, oldest first
  int64_t modelStep = -1;         // the step of the model the decoded views show
  std::string message;            // last notable message (saved, resumed, ...)
  Failure error;                  // last failure (NaN rollback, save failure), empty when none
  SaveReport lastSave;

  int64_t step = 0;   // optimizer steps done
  int64_t epoch = 0;  // whole epochs done
  int64_t stepsPerEpoch = 0;
  int64_t totalSteps = 0;  // the planned end of training
  double imagesPerSecond = 0;
  int computeThreads = 0;  // the threads training's last step computed with (0: not trained here)
  double etaSeconds = 0;   // to totalSteps at the current speed; 0 when unknown

  MetricsHistory history;  // VAE: loss, recon, kl; GAN: d_loss, g_loss, d_real, d_fake. Copies share it
  std::vector<EpochMetric> epochs;
  std::vector<TrainingEvent> events;

  std::vector<float> klPerDim;  // VAE: mean KL per latent dimension on a test batch; empty for a GAN
  int activeDims = 0;           // dimensions with KL above 0.01 nats

  std::vector<Image> originals;        // 16 fixed test images
  std::vector<Image> reconstructions;  // their reconstructions (VAE) or 16 fixed-noise samples (GAN)

  std::shared_ptr<const LatentCodes> latents;     // may be null before the first refresh
  std::shared_ptr<const DecoderWeights> decoder;  // deep copy, never the training module
  int64_t decoderVersion = 0;
};

// Puts a model's view into the snapshot's model fields (decoder, images, KL per dimension, step).
void showModel(Snapshot& snapshot, const ModelView& view);

}  // namespace latentlab
