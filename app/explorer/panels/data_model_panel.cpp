#include "panels/data_model_panel.h"

#include <imgui.h>
#include <nlohmann/json.hpp>
#include <imgui_stdlib.h>

#include <algorithm>

#include "catalogue/data_spec.h"
#include "explorer.h"
#include "layout.h"
#include "panels/panel_util.h"
#include "test_report.h"

namespace latentlab {

namespace {

// A field's width: `preferred` where the panel has room for it and its label, less in a narrow panel, so the label
// is never cut at the panel's edge.
float fieldWidth(float preferred, const char* label = "") {
  const float label_ =
      label[0] ? ImGui::CalcTextSize(label, nullptr, true).x + ImGui::GetStyle().ItemInnerSpacing.x : 0;
  return std::max(40.0f, std::min(preferred, ImGui::GetContentRegionAvail().x - label_));
}

// The index of a spec's kind in dataSpecKinds(), and its folder; a spec that does not parse shows the first kind.
int kindOf(const std::string& spec, std::string& path) {
  try {
    const DataSpec parsed = parseDataSpec(spec);
    const auto& kinds = dataSpecKinds();
    for (size_t i = 0; i < kinds.size(); ++i)
      if (kinds[i].kind == parsed.kind) {
        if (kinds[i].takesPath) path = parsed.path;
        return int(i);
      }
  } catch (const std::exception&) {  // "folder:" with no folder yet: its kind all the same
    const std::string name = spec.substr(0, spec.find(':'));
    const auto& kinds = dataSpecKinds();
    for (size_t i = 0; i < kinds.size(); ++i)
      if (name == kinds[i].name) return int(i);
  }
  return 0;
}

// The item just drawn, hovered: one line for each entry of a catalogue list.
template <typename Item, typename Line>
void listTooltip(const std::vector<Item>& items, Line line) {
  if (!ImGui::IsItemHovered()) return;
  std::string help;
  for (const auto& item : items) help += (help.empty() ? "" : "\n") + line(item);
  ImGui::SetTooltip("%s", help.c_str());
}

// ImGui's combo reads the items' names through this.
template <typename Item>
bool nameOf(void* items, int index, const char** name) {
  *name = (*static_cast<const std::vector<Item>*>(items))[size_t(index)].name;
  return true;
}
template <>
bool nameOf<DataSpecKind>(void* items, int index, const char** name) {
  *name = (*static_cast<const std::vector<DataSpecKind>*>(items))[size_t(index)].form;
  return true;
}

// How long training goes: a number of epochs or of steps (TrainConfig: steps > 0 overrides epochs). Shown as
// what it is, so that New run uses exactly what the form shows.
void drawTarget(TrainConfig& form, int64_t stepsPerEpoch) {
  int mode = form.steps > 0 ? 1 : 0;
  if (ImGui::RadioButton("epochs", mode == 0)) form.steps = 0;
  markItem("target_epochs");
  tooltip("Train for a number of passes over the training images");
  ImGui::SameLine();
  if (ImGui::RadioButton("steps", mode == 1) && mode == 0)
    form.steps = std::max<int64_t>(1, stepsPerEpoch > 0 ? form.epochs * stepsPerEpoch : 1000);
  markItem("target_steps");
  tooltip("Train for a number of optimizer steps (batches)");
  sameLineIfRoom(110);
  ImGui::SetNextItemWidth(fieldWidth(110));
  mode = form.steps > 0 ? 1 : 0;
  int value = int(mode == 1 ? form.steps : form.epochs);
  if (ImGui::InputInt("##target", &value, mode == 1 ? 100 : 1)) {
    if (mode == 1) form.steps = std::max(value, 1);
    else form.epochs = std::max(value, 1);
  }
  markItem("target_count");
  tooltip("How long Start trains (and Start after the end trains as long again)");
}

}  // namespace

// A TorchScript model trained elsewhere (README.md, "Bring your own model"): its path, what its outputs are
// when the module does not say, and its latent size when neither the module nor a sidecar JSON says.
void DataModelPanel::drawImport(Explorer& ex) {
  ImGui::Separator();
  ImGui::TextDisabled("IMPORTED MODEL");
  ImGui::SetNextItemWidth(-110);
  ImGui::InputTextWithHint("##model_file", "TorchScript file, .pt (or drop one on the window)", &ex.form().modelFile);
  markItem("model_file");
  tooltip("A decoder or generator saved with torch.jit.save: decode(z) or forward(z) gives N x C x H x W images");
  ImGui::SameLine();
  ImGui::BeginDisabled(ex.opening());
  if (ImGui::Button("Open model")) {
    ex.form().import.latent = 0;  // a size typed for another file is not this one's
    ex.openModel(ex.form().modelFile);
  }
  markItem("open_model");
  tooltip("Explore the model with every view; with encode(x) and data of its image shape, the scatter too");
  ImGui::EndDisabled();
  const char* ranges[] = {"pixels: from the module", "probabilities", "logits", "tanh"};
  int range = 0;
  for (int i = 1; i < 4; ++i)
    if (ex.form().import.pixelRange == ranges[i]) range = i;
  ImGui::SetNextItemWidth(fieldWidth(200));
  if (ImGui::Combo("##pixel_range", &range, ranges, 4)) ex.form().import.pixelRange = range == 0 ? "" : ranges[range];
  tooltip(
      "What the outputs are: probabilities ([0, 1]), logits (sigmoid gives pixels) or tanh ([-1, 1]). "
      "Default: the module's pixel_range, the sidecar JSON, or detected from the outputs. Open again to apply.");
  if (ex.needsLatentSize()) {
    ImGui::TextColored(ImVec4(1.0f, 0.75f, 0.4f, 1.0f), "Its latent size is unknown: type it");
    ImGui::SetNextItemWidth(fieldWidth(120, "latent size##import"));
    ImGui::InputInt("latent size##import", &latentAsked_);
    latentAsked_ = std::clamp(latentAsked_, 1, 4096);
    markItem("import_latent");
    ImGui::SameLine();
    if (ImGui::Button("Open with this size")) ex.reopenWithLatentSize(latentAsked_);
    markItem("import_latent_open");
  }
}

void DataModelPanel::draw(Explorer& ex) {
  placeNext("Data & model");
  if (!ImGui::Begin("Data & model")) {
    ImGui::End();
    return;
  }
  // Follow the data actually opened (command line, a dropped folder, a run's data), not only this form.
  // A load that failed keeps its spec here (the typed path stays in the field), with its error below.
  const auto& failed = ex.failedData();
  const std::string& openSpec = ex.loading()           ? ex.loadingSpec()
                                : !failed.spec.empty() ? failed.spec
                                                       : ex.form().settings.dataSpec;
  if (openSpec != shownSpec_) {
    shownSpec_ = openSpec;
    kind_ = kindOf(openSpec, path_);
  }

  ImGui::TextDisabled("DATA");
  ImGui::SetNextItemWidth(fieldWidth(150));
  const auto& kinds = dataSpecKinds();
  ImGui::Combo("##kind", &kind_, nameOf<DataSpecKind>, const_cast<std::vector<DataSpecKind>*>(&kinds),
               int(kinds.size()));
  listTooltip(kinds, [](const DataSpecKind& k) { return std::string(k.form) + ": " + k.summary; });
  const DataSpecKind& kind = kinds[size_t(kind_)];
  if (kind.takesPath) {
    // A line of its own, the panel's whole width: beside the kind it was cut to a few characters.
    ImGui::SetNextItemWidth(-1);
    ImGui::InputTextWithHint("##path", "folder path (or drop a folder on the window)", &path_);
    markItem("data_path");
    if (ImGui::IsItemHovered() && !path_.empty()) ImGui::SetTooltip("%s", path_.c_str());
    else tooltip("The folder to read. You can also drop a folder onto the window.");
  }
  if (!failed.spec.empty() && failed.spec == shownSpec_ && !ex.loading()) {
    ImGui::PushStyleColor(ImGuiCol_Text, ImVec4(1.0f, 0.45f, 0.35f, 1.0f));
    ImGui::TextWrapped("%s", failed.error.text().c_str());
    ImGui::PopStyleColor();
  }
  if (kind.kind == DataSpec::Kind::Folder) {
    ImGui::SetNextItemWidth(fieldWidth(100, "size"));
    ImGui::InputInt("size", &ex.form().settings.dataSize, 4);
    tooltip("Side of the square images folder data is resized to (0: 28 for small images, 64 otherwise)");
    sameLineIfRoom(170);
    ImGui::SetNextItemWidth(fieldWidth(100, "channels"));
    ImGui::InputInt("channels", &ex.form().settings.dataChannels);
    tooltip("1 = gray, 3 = RGB, 0 = chosen by the data");
  }
  ImGui::BeginDisabled(ex.loading());
  ImGui::BeginDisabled(ex.opening());
  if (ImGui::Button("Load data")) ex.openData(formatDataSpec({kind.kind, kind.takesPath ? path_ : ""}));
  tooltip("Load this data set and create a new run on it");
  ImGui::EndDisabled();
  ImGui::EndDisabled();
  if (ex.loading()) {
    ImGui::SameLine();
    ImGui::ProgressBar(ex.loadProgress(), ImVec2(-1, 0), ("loading " + ex.loadingSpec()).c_str());
  } else if (ex.data()) {
    ImGui::TextWrapped("%s: %lld + %lld images, %lldx%lldx%lld", ex.data()->name.c_str(),
                       (long long)ex.data()->train.size(), (long long)ex.data()->test.size(),
                       (long long)ex.data()->channels(), (long long)ex.data()->height(), (long long)ex.data()->width());
  }

  ImGui::Separator();
  ImGui::TextDisabled("MODEL");
  const auto& models = modelCatalogue();
  int model = 0;
  for (size_t i = 0; i < models.size(); ++i)
    if (models[i].kind == ex.form().settings.model.kind) model = int(i);
  ImGui::SetNextItemWidth(fieldWidth(150, "model"));
  if (ImGui::Combo("model", &model, nameOf<ModelInfo>, const_cast<std::vector<ModelInfo>*>(&models),
                   int(models.size())))
    ex.chooseModel(models[size_t(model)].kind);
  listTooltip(models, [](const ModelInfo& m) { return std::string(m.name) + ": " + m.summary; });
  const ModelInfo& chosen = modelInfo(ex.form().settings.model.kind);
  ImGui::SetNextItemWidth(fieldWidth(150, "latent"));
  ImGui::SliderInt("latent", &ex.form().settings.model.latent, 2, 128);
  tooltip("Size of the latent space (2 to 128)");
  if (chosen.usesHidden()) {
    ImGui::SetNextItemWidth(fieldWidth(150, "hidden"));
    ImGui::InputInt("hidden", &ex.form().settings.model.hidden, 32);
    tooltip("Hidden layer width of the MLP models");
  }
  ImGui::SetNextItemWidth(fieldWidth(150, "batch"));
  ImGui::InputInt("batch", &ex.form().settings.batch, 16);
  tooltip("Images per training step");
  ImGui::SetNextItemWidth(fieldWidth(150, "learning rate"));
  ImGui::InputDouble("learning rate", &ex.form().settings.lr, 0, 0, "%.6f");
  tooltip("Adam learning rate (a new run's default is the model's: 0.001 for a VAE, 0.0002 for a GAN)");
  if (chosen.usesBeta()) {  // a GAN has no KL term to weigh
    ImGui::SetNextItemWidth(fieldWidth(150, "beta"));
    ImGui::InputDouble("beta", &ex.form().settings.beta, 0.1, 1.0, "%.3f");
    markItem("beta_form");
    tooltip("VAE: weight of the KL term (1 = the ELBO; more gives smoother, more disentangled codes)");
  }
  reportFact("beta_field", chosen.usesBeta());
  ImGui::SetNextItemWidth(fieldWidth(150, "seed"));
  int seed = int(ex.form().settings.seed);
  if (ImGui::InputInt("seed", &seed)) ex.form().settings.seed = uint64_t(std::max(seed, 0));
  tooltip("Random seed for the weights, the batches and the noise");
  drawTarget(ex.form().settings, ex.snapshot() ? ex.snapshot()->stepsPerEpoch : 0);
  ImGui::BeginDisabled(ex.opening());
  if (ImGui::Button("New run")) ex.newRun();
  markItem("new_run");
  tooltip(
      "A fresh model with these settings on the loaded data, in a new folder under runs/ (the current run is "
      "saved where it is)");
  ImGui::EndDisabled();

  ImGui::Separator();
  ImGui::TextDisabled("RUN");
  ImGui::SetNextItemWidth(-70);
  ImGui::InputTextWithHint("##open", "run directory (or drop one on the window)", &ex.form().runDir);
  markItem("open_dir");
  tooltip("A run directory written by LatentLab or latentlab-cli");
  ImGui::SameLine();
  ImGui::BeginDisabled(ex.opening());
  if (ImGui::Button("Open")) ex.openRun(ex.form().runDir);
  markItem("open");
  tooltip("Open the run: followed live while another process trains it, else shown as saved (Start continues it here)");
  ImGui::EndDisabled();
  if (ex.opening()) {
    ImGui::TextDisabled("opening run...");
  } else if (ex.snapshot() && !ex.snapshot()->runDir.empty()) {
    ImGui::BeginDisabled(!ex.trainer());
    if (ImGui::Button("Save")) ex.saveRun();
    markItem("save");
    tooltip(
        "Save the run now (Ctrl+S): config, checkpoint, metrics. It is also saved every minute, on Pause and "
        "Stop, and when the window closes.");
    ImGui::EndDisabled();
    ImGui::SameLine();
    ImGui::TextWrapped("%s", ex.snapshot()->runDir.c_str());
    tooltip("This run's directory: open it later here or with latentlab-cli");
  }
  if (ex.closing() > 0) ImGui::TextDisabled("closing the previous run (saving)...");
  drawImport(ex);
  ImGui::End();
}

}  // namespace latentlab
