// app.cpp — the app's init/frame/shutdown: the main window and the status bar.
#include "app/app.h"

#include <imgui.h>

namespace pinlab::app {

void init() {}

void frame() {
    const ImGuiViewport* vp = ImGui::GetMainViewport();
    ImGui::SetNextWindowPos(vp->WorkPos);
    ImGui::SetNextWindowSize(vp->WorkSize);
    ImGui::Begin("Pinlab", nullptr,
                 ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoSavedSettings |
                     ImGuiWindowFlags_NoBringToFrontOnFocus);
    ImGui::TextUnformatted("Pinlab");
    ImGui::Separator();
    ImGui::Text("Pinlab %s", PINLAB_VERSION);
    ImGui::End();
}

void shutdown() {}

}  // namespace pinlab::app
