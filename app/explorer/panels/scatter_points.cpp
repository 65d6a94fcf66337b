// The scatter's points: coordinates on the chosen axes, colours, and which classes are shown. Every point of the
// codes is placed; hiding a class leaves its points out of what the renderer draws, never out of the data.
#include <algorithm>
#include <cmath>

#include "latent/categorical_factor.h"
#include "panels/scatter_colours.h"
#include "panels/scatter_panel.h"
#include "snapshot/snapshot.h"

namespace latentlab {

bool ScatterPanel::categorical(const LatentCodes& codes) const {
  if (!codes.scores.empty() || labels_.empty()) return false;
  return colourBy_ == 0 || (size_t(colourBy_ - 1) < factorIsLabel_.size() && factorIsLabel_[size_t(colourBy_ - 1)]);
}

void ScatterPanel::rebuild(const LatentCodes& codes) {
  const int dims = codes.dims;
  const int64_t n = codes.count;
  const std::vector<float>* umap = embedding_.layout(codes);  // UMAP axes: null until a layout arrives, PCA meanwhile
  auto needsPca = [&](int axis) { return axis == -1 || axis == -2 || (ScatterEmbedding::isAxis(axis) && !umap); };
  std::vector<float> projected;
  pca_ = {};
  if (needsPca(axisX_) || needsPca(axisY_)) {
    pca_ = principalAxes(codes.codes, dims, 2);
    projected = project(codes.codes, dims, pca_);
  }
  auto coordinate = [&](int64_t i, int axis) {
    if (ScatterEmbedding::isAxis(axis)) {
      const size_t c = size_t(ScatterEmbedding::component(axis));
      return umap ? (*umap)[size_t(i) * 2 + c] : projected[size_t(i) * 2 + c];
    }
    if (axis >= 0) return codes.codes[size_t(i) * size_t(dims) + size_t(std::min(axis, dims - 1))];
    return projected[size_t(i) * 2 + size_t(-axis - 1)];
  };
  labels_ = codes.labels.size() == size_t(n) ? codes.labels : std::vector<int32_t>{};
  classCount_ = int(codes.classNames.size());
  for (int32_t l : labels_) classCount_ = std::max(classCount_, int(l) + 1);
  classSizes_.assign(size_t(classCount_), 0);
  for (int32_t l : labels_)
    if (l >= 0) ++classSizes_[size_t(l)];
  if (classShown_.size() != size_t(classCount_)) classShown_.assign(size_t(classCount_), true);

  // A factor that equals the label everywhere (the shapes' `shape`) is a class, not a number: it gets names.
  const size_t factorCount = codes.factorNames.size();
  const bool haveFactors = factorCount > 0 && codes.factors.size() == size_t(n) * factorCount;
  factorIsLabel_.assign(factorCount, false);
  for (size_t f = 0; haveFactors && f < factorCount; ++f)
    factorIsLabel_[f] = factorIsLabel(codes.factors, factorCount, f, labels_);
  const bool byFactor = haveFactors && colourBy_ > 0 && size_t(colourBy_) <= factorCount && !categorical(codes);
  factorMin_ = INFINITY, factorMax_ = -INFINITY;
  for (int64_t i = 0; byFactor && i < n; ++i) {
    const float f = codes.factors[size_t(i) * factorCount + size_t(colourBy_ - 1)];
    factorMin_ = std::min(factorMin_, f);
    factorMax_ = std::max(factorMax_, f);
  }

  auto points = std::make_shared<std::vector<ScatterPoint>>(size_t(n));  // a new vector: the renderer's worker may
  xs_.resize(size_t(n));                                                 // still be drawing the old one
  ys_.resize(size_t(n));
  for (int64_t i = 0; i < n; ++i) {
    ScatterPoint& p = (*points)[size_t(i)];
    p.x = xs_[size_t(i)] = coordinate(i, axisX_);
    p.y = ys_[size_t(i)] = coordinate(i, axisY_);
    if (!codes.scores.empty()) {
      viridis(codes.scores[size_t(i)], p.r, p.g, p.b);
    } else if (byFactor) {
      const float f = codes.factors[size_t(i) * factorCount + size_t(colourBy_ - 1)];
      viridis((f - factorMin_) / std::max(factorMax_ - factorMin_, 1e-6f), p.r, p.g, p.b);
    } else {
      const float* c = labelColour(labels_.empty() ? 0 : labels_[size_t(i)]);
      p.r = c[0], p.g = c[1], p.b = c[2];
    }
  }
  points_ = std::move(points);
  codesStep_ = codes.step;
  codesCount_ = n;
  upload();
  // Fit the view to the central 99% of the points, so a few outliers do not shrink the cloud to a dot.
  // Two selections, not a sort: a million points every time the codes change would take a frame's budget ten times.
  auto range = [](std::vector<float> v, float& lo, float& hi) {
    if (v.empty()) return;
    const auto low = v.begin() + ptrdiff_t(double(v.size()) * 0.005);
    const auto high = v.begin() + ptrdiff_t(std::min(v.size() - 1, size_t(double(v.size()) * 0.995)));
    std::nth_element(v.begin(), low, v.end());
    lo = *low;
    std::nth_element(low, high, v.end());
    hi = *high;
  };
  range(xs_, minX_, maxX_);
  range(ys_, minY_, maxY_);
}

void ScatterPanel::upload() {
  const bool all = labels_.empty() || std::all_of(classShown_.begin(), classShown_.end(), [](bool b) { return b; });
  ++shownVersion_;
  if (all) {
    pointShown_.clear();
    shownCount_ = int64_t(points_->size());
    renderer_->setPoints(points_);
    return;
  }
  pointShown_.assign(points_->size(), false);
  auto shown = std::make_shared<std::vector<ScatterPoint>>();
  for (size_t i = 0; i < points_->size(); ++i) {
    const int32_t l = labels_[i];
    if (l >= 0 && size_t(l) < classShown_.size() && classShown_[size_t(l)]) {
      pointShown_[i] = true;
      shown->push_back((*points_)[i]);
    }
  }
  shownCount_ = int64_t(shown->size());
  renderer_->setPoints(std::move(shown));
}

bool ScatterPanel::projectCode(const std::vector<float>& code, float& x, float& y) const {
  const int dims = int(code.size());
  if (dims == 0) return false;
  std::vector<float> projected;
  if (axisX_ < 0 || axisY_ < 0) {
    if (pca_.axes.size() != 2 || int(pca_.mean.size()) != dims) return false;
    projected = project(code, dims, pca_);
  }
  auto coordinate = [&](int axis, float& out) {
    if (axis >= 0 && axis < dims) out = code[size_t(axis)];
    else if (axis == -1 || axis == -2) out = projected[size_t(-axis - 1)];
    else return false;  // an axis a code cannot be put on (a non-linear map of the points)
    return true;
  };
  return coordinate(axisX_, x) && coordinate(axisY_, y);
}

void ScatterPanel::isolateClass(int label) {
  if (label < 0 || label >= classCount_) return;
  const bool alone = classShown_[size_t(label)] && std::count(classShown_.begin(), classShown_.end(), true) == 1;
  if (alone) {
    showAll();
    return;
  }
  classShown_.assign(size_t(classCount_), false);
  classShown_[size_t(label)] = true;
  upload();
}

void ScatterPanel::hideClass(int label) {
  if (label < 0 || label >= classCount_) return;
  classShown_[size_t(label)] = !classShown_[size_t(label)];
  upload();
}

void ScatterPanel::showAll() {
  classShown_.assign(size_t(classCount_), true);
  upload();
}

}  // namespace latentlab
