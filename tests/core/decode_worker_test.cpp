// DecodeWorker: decodes on its own thread, the latest request of a slot wins, errors come back as messages.
#include <gtest/gtest.h>
#include <torch/torch.h>

#include <atomic>
#include <chrono>
#include <thread>

#include "latent/decode_worker.h"
#include "latent/decoder_weights.h"

namespace latentlab {
namespace {

// A 2-latent "decoder" whose 1x1 image is sigmoid(z0); each decode takes `delayMs` and is counted.
std::shared_ptr<const DecoderWeights> slowDecoder(std::atomic<int>& calls, int delayMs) {
  return DecoderWeights::wrap(
      [&calls, delayMs](const torch::Tensor& z) {
        ++calls;
        std::this_thread::sleep_for(std::chrono::milliseconds(delayMs));
        return z.slice(1, 0, 1).reshape({-1, 1, 1, 1});
      },
      PixelTransform::Sigmoid, 2, 1, 1, 1);
}

DecodeWorker::Result waitFor(DecodeWorker& worker, int slot) {
  for (int i = 0; i < 500; ++i) {
    if (auto result = worker.take(slot)) return *result;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  ADD_FAILURE() << "no result in 5 s";
  return {};
}

TEST(DecodeWorker, LatestRequestOfASlotWins) {
  std::atomic<int> calls{0};
  const auto weights = slowDecoder(calls, 100);
  EXPECT_TRUE(weights->decodesOnWorker());
  DecodeWorker worker;
  worker.request(0, weights, {{0.0f, 0.0f}});  // starts at once
  std::this_thread::sleep_for(std::chrono::milliseconds(20));
  for (int i = 1; i <= 20; ++i) worker.request(0, weights, {{float(i), 0.0f}});  // each replaces the one before
  const uint64_t last = worker.request(0, weights, {{-5.0f, 0.0f}, {5.0f, 0.0f}});
  DecodeWorker::Result result;
  do result = waitFor(worker, 0);
  while (result.ticket != last && !HasFailure());
  ASSERT_EQ(result.images.size(), 2u);
  EXPECT_LT(result.images[0].pixels[0], 5);    // sigmoid(-5) * 255
  EXPECT_GT(result.images[1].pixels[0], 250);  // sigmoid(5) * 255
  EXPECT_LE(calls.load(), 3);                  // the first, perhaps one in between, the last: never all 22
  EXPECT_FALSE(worker.busy(0));
}

TEST(DecodeWorker, SlotsAreIndependentAndErrorsAreSaid) {
  std::atomic<int> calls{0};
  const auto weights = slowDecoder(calls, 1);
  DecodeWorker worker;
  const uint64_t a = worker.request(1, weights, {{1.0f, 0.0f}});
  const uint64_t b = worker.request(2, weights, {{1.0f, 2.0f, 3.0f}});  // 3 values for a latent of 2
  const auto first = waitFor(worker, 1), second = waitFor(worker, 2);
  EXPECT_EQ(first.ticket, a);
  EXPECT_EQ(first.images.size(), 1u);
  EXPECT_EQ(second.ticket, b);
  EXPECT_TRUE(second.images.empty());
  EXPECT_NE(second.error.text().find("the decoder takes 2"), std::string::npos) << second.error;
  EXPECT_FALSE(worker.take(1).has_value());  // each result is taken once
}

}  // namespace
}  // namespace latentlab
