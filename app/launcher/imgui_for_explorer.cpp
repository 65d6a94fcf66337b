// Dear ImGui comes as a static archive (Debian's libimgui.a), and the linker takes from it only the parts the
// launcher calls. The explorer library uses the executable's Dear ImGui (one context, one set of backends), so
// the parts only it calls are named here to be linked in and exported too. A part missing here makes the explorer
// fail to load, by name, in the window and on stderr (explorer_loader.cpp loads with RTLD_NOW).
#include <imgui.h>
#include <imgui_stdlib.h>

namespace latentlab {

// InputText on a std::string (imgui_stdlib.o): the Data & model panel's path fields.
extern const void* const kImGuiPartsForTheExplorer[];
const void* const kImGuiPartsForTheExplorer[] = {
    reinterpret_cast<const void*>(
        static_cast<bool (*)(const char*, std::string*, ImGuiInputTextFlags, ImGuiInputTextCallback, void*)>(
            &ImGui::InputText)),
};

}  // namespace latentlab
