// app.cpp — the app's init/frame/shutdown: the main window and the status bar.
#include "app/app.h"

#include <imgui.h>

#include "app/platform.h"
#include "app/theme.h"

namespace pinlab::app {

namespace {
Platform* g_platform = nullptr;
bool g_drawn = false;
}  // namespace

void init(Platform& platform) { g_platform = &platform; }

void set_scale(float scale) { apply_theme(Theme::Dark, scale); }

bool wants_frames() { return false; }

bool first_useful_frame_drawn() { return g_drawn; }

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
    g_drawn = true;
}

void shutdown() {}

}  // namespace pinlab::app
