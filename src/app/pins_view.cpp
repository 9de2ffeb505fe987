// pins_view.cpp — "All pins": every pin of the signed-in user (GET /pins, 100 a page) in the shared
// masonry grid, loading the next page as the end comes near.
#include <imgui.h>

#include "app/state.h"
#include "app/views.h"
#include "app/ui/widgets.h"

namespace pinlab::app {

void view_pins(AppState& s) {
    if (s.pins.all.key.empty()) s.pins.load_all(s, true);  // first visit, or dropped after a create/save
    large_text("All pins");
    ImGui::SameLine();
    ImGui::TextDisabled("Your pins, newest first (GET /pins)");
    ImGui::SameLine(0, px(16));
    if (button(s, "Reload")) s.pins.load_all(s, true);
    pin_grid(s, s.pins.all, "##allpins");
}

namespace {
void pins_enter(AppState& s) {
    if (s.pins.all.key.empty()) s.pins.load_all(s, true);
}
void pins_poll(AppState& s, bool late) {
    if (late) s.pins.poll(s);
}
bool pins_busy(const AppState& s) { return s.pins.busy(); }
void pins_reset(AppState& s) { s.pins.reset(); }
}  // namespace

extern const ViewDef kPinsView{Route::Pins, "pins", "All pins", "Pins", NavGroup::Bar, Route::Pins,
                               SignedOut::AsksToSignIn, false, &view_pins, &pins_enter, &pins_poll, &pins_busy,
                               &pins_reset, nullptr};

}  // namespace pinlab::app
