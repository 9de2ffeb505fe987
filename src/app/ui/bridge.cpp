// bridge.cpp — the recorder: labelled item rectangles, keyboard focus and the item in use, per frame
// (bridge.h lists the labels). bridge_json.cpp writes them out with the UI's state. Every label also goes to
// the semantics recorder, whose roles for radio buttons, tabs, tiles and rows come from the label's kind.
#include "app/ui/bridge.h"

#include <imgui.h>
#include <imgui_internal.h>

#include <algorithm>

#include "app/ui/semantics.h"
#include "app/ui/theme.h"

namespace pinlab::app {

void Bridge::rect(const std::string& label, float x0, float y0, float x1, float y1) {
    semantics::labelled_rect(label, x0, y0, x1, y1);
    add(label, x0, y0, x1, y1);
}

void Bridge::add(const std::string& label, float x0, float y0, float x1, float y1) {
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
    semantics::labelled(label);
    const ImGuiContext& g = *GImGui;
    if (g.NavId && !g.NavDisableHighlight && ImGui::GetItemID() == g.NavId) focused_ = label;
    if (g.ActiveId && ImGui::GetItemID() == g.ActiveId) active_ = label;
    if (!ImGui::IsItemVisible()) return;
    ImVec2 a = ImGui::GetItemRectMin(), b = ImGui::GetItemRectMax();
    add(label, a.x, a.y, b.x, b.y);
}

}  // namespace pinlab::app
