#include "latent/scatter_query.h"

#include <algorithm>
#include <cctype>

namespace latentlab {

namespace {

std::string lower(std::string s) {
  for (char& c : s) c = char(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

std::string trim(const std::string& s) {
  const auto begin = s.find_first_not_of(" \t");
  if (begin == std::string::npos) return "";
  return s.substr(begin, s.find_last_not_of(" \t") - begin + 1);
}

bool allDigits(const std::string& s) {
  return !s.empty() && s.size() <= 18 && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

ScatterQuery invalid(std::string message) {
  ScatterQuery q;
  q.kind = ScatterQuery::Invalid;
  q.message = std::move(message);
  return q;
}

}  // namespace

ScatterQuery parseScatterQuery(const std::string& text, const std::vector<std::string>& classNames, int64_t count) {
  ScatterQuery q;
  std::string t = trim(text);
  if (t.empty()) return q;
  if (t[0] == '#') t = trim(t.substr(1));
  if (allDigits(t)) {
    const int64_t index = std::stoll(t);
    if (index >= count) return invalid("no point " + t + " (points are 0 to " + std::to_string(count - 1) + ")");
    q.kind = ScatterQuery::Point;
    q.point = index;
    return q;
  }
  const std::string l = lower(t);
  for (const std::string prefix : {"label", "class"}) {
    if (l.rfind(prefix, 0) != 0) continue;
    const std::string number = trim(l.substr(prefix.size()));
    const std::string digits =
        !number.empty() && (number[0] == ':' || number[0] == '=') ? trim(number.substr(1)) : number;
    if (!allDigits(digits)) break;  // maybe a class whose name starts with "label"
    const int64_t label = std::stoll(digits);
    if (label >= int64_t(classNames.size()))
      return invalid("no label " + digits +
                     (classNames.empty() ? " (these points have no labels)"
                                         : " (labels are 0 to " + std::to_string(classNames.size() - 1) + ")"));
    q.kind = ScatterQuery::Class;
    q.label = int(label);
    return q;
  }
  int prefixMatch = -1, prefixMatches = 0;
  for (size_t c = 0; c < classNames.size(); ++c) {
    const std::string name = lower(classNames[c]);
    if (name == l) {
      q.kind = ScatterQuery::Class;
      q.label = int(c);
      return q;
    }
    if (name.rfind(l, 0) == 0) {
      prefixMatch = int(c);
      ++prefixMatches;
    }
  }
  if (prefixMatches == 1) {
    q.kind = ScatterQuery::Class;
    q.label = prefixMatch;
    return q;
  }
  if (prefixMatches > 1)
    return invalid("'" + t + "' starts " + std::to_string(prefixMatches) + " class names: type more");
  return invalid(classNames.empty() ? "type a point's index (these points have no labels)"
                                    : "no point or class '" + t + "': type an index, a class name or 'label N'");
}

}  // namespace latentlab
