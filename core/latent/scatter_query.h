#pragma once
// What a person types into the scatter's search field: a point's index ("123" or "#123"), a class by name
// ("Sneaker", "sneak" when only one class starts so, any case) or by its label number ("label 7", "class 7").
#include <cstdint>
#include <string>
#include <vector>

namespace latentlab {

struct ScatterQuery {
  enum Kind { Empty, Point, Class, Invalid };
  Kind kind = Empty;
  int64_t point = -1;   // Point: the index
  int label = -1;       // Class: the label
  std::string message;  // Invalid: why, in words a user can act on
};

ScatterQuery parseScatterQuery(const std::string& text, const std::vector<std::string>& classNames, int64_t count);

}  // namespace latentlab
