#include "test_report.h"

#include <imgui.h>
#include <nlohmann/json.hpp>

#include <map>

#include "io/atomic_file.h"

namespace latentlab {

namespace {

bool marksOn = false;
std::map<std::string, ImVec4> marks;  // name -> (min x, min y, max x, max y) in window pixels
nlohmann::json panelFacts = nlohmann::json::object();

}  // namespace

void enableItemMarks(bool on) { marksOn = on; }

bool reportsOn() { return marksOn; }

void reportFact(const char* name, const nlohmann::json& value) {
  if (marksOn) panelFacts[name] = value;
}

void markItem(const char* name) {
  if (!marksOn) return;
  const ImVec2 a = ImGui::GetItemRectMin(), b = ImGui::GetItemRectMax();
  marks[name] = ImVec4(a.x, a.y, b.x, b.y);
}

void TestReport::write(int windowX, int windowY, const std::string& factsJson) {
  nlohmann::json report = nlohmann::json::parse(factsJson);
  for (const auto& [name, value] : panelFacts.items()) report[name] = value;
  for (const auto& [name, r] : marks)
    report["items"][name] = {{"x0", windowX + r.x},
                             {"y0", windowY + r.y},
                             {"x1", windowX + r.z},
                             {"y1", windowY + r.w}};
  writeFileAtomic(path_, report.dump(1));
}

}  // namespace latentlab
