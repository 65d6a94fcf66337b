#include "util/label_rows.h"

#include <gtest/gtest.h>

using namespace latentlab;

namespace {

// No two labels of a row overlap: what the loss plot's event labels promise.
void expectNoOverlap(const std::vector<LabelBox>& labels, const std::vector<int>& rows, float gap) {
  for (size_t a = 0; a < labels.size(); ++a)
    for (size_t b = a + 1; b < labels.size(); ++b) {
      if (rows[a] < 0 || rows[a] != rows[b]) continue;
      const bool apart =
          labels[a].x + labels[a].width + gap <= labels[b].x || labels[b].x + labels[b].width + gap <= labels[a].x;
      EXPECT_TRUE(apart) << "labels " << a << " and " << b << " overlap in row " << rows[a];
    }
}

}  // namespace

TEST(LabelRows, CloseLabelsStack) {
  // "paused" and "resumed training" two pixels apart, a third far to the right.
  const std::vector<LabelBox> labels{{100, 50}, {102, 110}, {400, 40}};
  const auto rows = stackLabels(labels, 3, 4);
  EXPECT_EQ(rows, (std::vector<int>{0, 1, 0}));
  expectNoOverlap(labels, rows, 4);
}

TEST(LabelRows, LabelsBeyondTheRowsAreLeftForHover) {
  const std::vector<LabelBox> labels{{10, 80}, {12, 80}, {14, 80}, {16, 80}};
  EXPECT_EQ(stackLabels(labels, 2, 4), (std::vector<int>{0, 1, -1, -1}));
  EXPECT_EQ(stackLabels(labels, 0, 4), (std::vector<int>{-1, -1, -1, -1}));
}

TEST(LabelRows, OrderOfInputDoesNotMatterOnlyPosition) {
  const std::vector<LabelBox> labels{{300, 40}, {0, 40}, {20, 40}, {45, 40}};
  const auto rows = stackLabels(labels, 3, 4);
  EXPECT_EQ(rows, (std::vector<int>{0, 0, 1, 0}));
  expectNoOverlap(labels, rows, 4);
}

TEST(LabelRows, ManyRandomLabelsNeverOverlap) {
  std::vector<LabelBox> labels;
  for (int i = 0; i < 200; ++i) labels.push_back({float((i * 7919) % 1000), float(20 + (i * 31) % 90)});
  const auto rows = stackLabels(labels, 4, 3);
  expectNoOverlap(labels, rows, 3);
}
