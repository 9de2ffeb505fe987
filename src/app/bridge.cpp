// bridge.cpp — collects labelled item rectangles during a frame (see bridge.h for the labels).
#include "app/bridge.h"

#include <imgui.h>
#include <imgui_internal.h>

#include <algorithm>

#include "app/state.h"
#include "app/theme.h"
#include "app/views.h"
#include "core/json.h"

namespace pinlab::app {

void Bridge::rect(const std::string& label, float x0, float y0, float x1, float y1) {
    ImGuiWindow* w = ImGui::GetCurrentWindow();
    if (w) {  // only what can be clicked: the part inside the window's clip rectangle
        const ImRect& c = w->ClipRect;
        x0 = std::max(x0, c.Min.x);
        y0 = std::max(y0, c.Min.y);
        x1 = std::min(x1, c.Max.x);
        y1 = std::min(y1, c.Max.y);
    }
    if (x1 - x0 < 1 || y1 - y0 < 1) return;
    float s = ui_scale() > 0 ? ui_scale() : 1.0f;
    items_.push_back(BridgeItem{label, x0 / s, y0 / s, (x1 - x0) / s, (y1 - y0) / s});
}

void Bridge::item(const std::string& label) {
    const ImGuiContext& g = *GImGui;
    if (g.NavId && !g.NavDisableHighlight && ImGui::GetItemID() == g.NavId) focused_ = label;
    if (g.ActiveId && ImGui::GetItemID() == g.ActiveId) active_ = label;
    if (!ImGui::IsItemVisible()) return;
    ImVec2 a = ImGui::GetItemRectMin(), b = ImGui::GetItemRectMax();
    rect(label, a.x, a.y, b.x, b.y);
}

std::string bridge_json(AppState& s) {
    Route r = s.signed_in() ? s.nav.route : Route::Connect;
    std::string href = s.platform.location_href();
    size_t h = href.find('#');
    const PinGrid* grid = s.current_grid();
    size_t pins = grid ? grid->pager.items.size() : 0;
    json items = json::array();
    for (const auto& it : s.bridge.items())
        items.push_back({{"label", it.label}, {"x", it.x}, {"y", it.y}, {"w", it.w}, {"h", it.h}});
    std::string err, hint;
    if (!s.error.ok()) {
        err = s.error.message.empty() ? to_string(s.error.kind) : s.error.message;
        hint = s.error.hint;
    }
    json j = {{"view", route_name(r)},
              {"hash", h == std::string::npos ? std::string() : href.substr(h)},
              {"backend", s.settings.backend_id},
              {"focus", s.bridge.focused()},
              {"signed_in", s.signed_in()},
              {"user", s.signed_in_user()},
              {"status", s.status},
              {"error", err},
              {"hint", hint},
              {"busy", s.busy()},
              {"pins_loaded", pins},
              {"at_bottom", grid && grid->at_bottom()},
              {"grid_scroll", grid ? grid->scroll_y : 0.0f},
              {"images_ready", s.images.ready_requested()},
              {"textures", s.images.textures()},
              {"images_loading", s.images.in_flight() + s.images.queued()},
              {"consent_open", s.consent_open},
              {"items", std::move(items)}};
    return json_dump(j);
}

}  // namespace pinlab::app
