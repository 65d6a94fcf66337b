#pragma once
// Labels along an axis that never overlap: each goes in the first row (from the top) where it clears the labels
// already there; a label that fits in none of the rows is left out, to be shown on hover. The loss plot's event
// labels (lr changes, pauses, resumes) use it: a pause and a resume a few steps apart would otherwise print over
// each other.
#include <vector>

namespace latentlab {

struct LabelBox {
  float x = 0;  // left edge
  float width = 0;
};

// The row of each label (0 = top), or -1 when it fits in none of `maxRows` rows; `gap` pixels between two
// labels of a row. Labels are placed from left to right (ties in input order), so a label's row does not depend
// on the labels to its right.
std::vector<int> stackLabels(const std::vector<LabelBox>& labels, int maxRows, float gap);

}  // namespace latentlab
