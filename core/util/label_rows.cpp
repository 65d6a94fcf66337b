#include "util/label_rows.h"

#include <algorithm>
#include <cmath>
#include <numeric>

namespace latentlab {

std::vector<int> stackLabels(const std::vector<LabelBox>& labels, int maxRows, float gap) {
  std::vector<int> rows(labels.size(), -1);
  std::vector<size_t> order(labels.size());
  std::iota(order.begin(), order.end(), size_t(0));
  std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) { return labels[a].x < labels[b].x; });
  std::vector<float> rowEnd(size_t(std::max(maxRows, 0)), -INFINITY);  // right edge of each row's last label
  for (size_t i : order) {
    for (size_t r = 0; r < rowEnd.size(); ++r)
      if (labels[i].x >= rowEnd[r] + gap) {
        rows[i] = int(r);
        rowEnd[r] = labels[i].x + labels[i].width;
        break;
      }
  }
  return rows;
}

}  // namespace latentlab
