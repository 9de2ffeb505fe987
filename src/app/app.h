// app.h — the Pinlab UI: one state owner (AppState) and one file per view. The app never talks
// to the network itself: it asks the client (src/core) and reads results the client's pump
// delivered. The platform layer calls init/frame/shutdown.
#pragma once

namespace pinlab::app {

struct PlatformHooks;  // browser services, provided by src/platform/<name>

void init();
// Builds one ImGui frame (between ImGui::NewFrame and ImGui::Render).
void frame();
void shutdown();

}  // namespace pinlab::app
