// views.h — one function per view (one file each: <name>_view.cpp), drawn by app.cpp into the
// content area. Views read AppState's modules and call their actions; they never touch the client, a
// pager or the request log themselves.
#pragma once

#include <vector>

#include "app/routes.h"
#include "core/json.h"
#include "core/models.h"

namespace pinlab::app {

class AppState;

void view_connect(AppState& s);
void view_consent_dialog(AppState& s);  // Demo mode's in-app OAuth consent step
void view_profile(AppState& s);
void view_boards(AppState& s);
void view_board(AppState& s);           // pins masonry of a board or section
void view_pins(AppState& s);            // all of the user's pins (GET /pins)
void view_pin(AppState& s);
void view_create_pin(AppState& s);
void view_search(AppState& s);
void view_analytics(AppState& s);
void view_console(AppState& s);
void view_token(AppState& s);
void view_explorer(AppState& s);       // every operation of the spec: docs, a form, send, check (explorer.h)
void view_network(AppState& s);     // followers, following, followed boards
void view_top_pins(AppState& s);    // top (video) pins, compare a selection
void view_video(AppState& s);       // a video pin from a file
void view_websites(AppState& s);
void view_businesses(AppState& s);
void view_faults(AppState& s);         // faults on demand (Demo and Local emulator)

// The views a first visit does not need, and the modules only they start (the Explorer, faults, analytics,
// followers, top pins, video, websites, businesses, …): the web build puts all code reachable only from the
// four deferred_* functions below in a second module, pinlab-views.wasm, which scripts/split_page.py cuts
// from the page after linking and the page fetches when one of these views is first opened. The app calls
// them only through DeferredDoors, and only once Platform::deferred_views() is Ready, so no code of the
// second module runs before it has arrived (views_deferred.cpp).
bool is_deferred_view(Route r);
void deferred_view(AppState& s, Route r);    // draws one of them
void deferred_enter(AppState& s);            // on_route_enter's part for them (loads what the view shows)
void deferred_poll(AppState& s, bool late);  // their modules' per-frame work (early: before the client's
                                             // finished calls run their callbacks; late: after)
void deferred_bridge(AppState& s, json& j);  // their part of the test bridge's state (bridge_json.cpp)
// Called through pointers: binaryen inlines a function that has one caller, which would pull them back
// into the page's first module.
struct DeferredDoors {
    void (*view)(AppState&, Route);
    void (*enter)(AppState&);
    void (*poll)(AppState&, bool);
    void (*bridge)(AppState&, json&);
};
extern const DeferredDoors* volatile g_deferred;

// Shared by the board, all-pins and search views: a masonry grid of a PinGrid that loads more on scroll.
struct PinGrid;
void pin_grid(AppState& s, PinGrid& g, const char* id);
// Board cards (boards view, search results) and the board create/edit form (boards_view.cpp).
void board_cards(AppState& s, const std::vector<Board>& boards, const char* label_prefix);
void board_form_popup(AppState& s);
void open_board_form(AppState& s, const Board* b);
// The bridge JSON: the UI's state now and the last drawn frame's labelled items (bridge.cpp).
std::string bridge_json(AppState& s);

}  // namespace pinlab::app
