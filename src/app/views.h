// views.h — the table of views. Each view is one entry (a ViewDef, defined at the end of its own
// <name>_view.cpp) listed once in views.cpp: its route, address, title, place in the navigation, whether its
// code arrives later, and what the coordinator calls for it (draw, enter, poll, busy, reset, bridge).
// Routing, the top bar, the phone menu, deferred loading, the page title and the test bridge all read the
// table, so adding a view is its own files plus one entry (README: "How to add a view").
// Views read AppState's modules and call their actions; they never touch the client, a pager or the request
// log themselves.
#pragma once

#include <cstddef>
#include <vector>

#include "app/routes.h"
#include "core/json.h"
#include "core/models.h"

namespace pinlab::app {

class AppState;

enum class NavGroup : uint8_t {
    None,  // reached from other views (a board, a pin) or the sign-in button
    Bar,   // the top bar, in table order; Alt+1…Alt+9 open them
    More,  // under "More" (in the phone menu after the bar's)
};

// What a view shows while signed out.
enum class SignedOut : uint8_t {
    AsksToSignIn,  // a line saying it needs a sign-in, and the way there
    Opens,         // drawn and entered as when signed in (the sign-in, documentation, faults to arm first)
    OpensWithClient,  // drawn once a client exists (the console shows the sign-in's own calls)
};

// DEFERRED VIEWS: the views a first visit does not need, and the modules only they start, live in a second
// module in the web build (pinlab-views.wasm), which scripts/split_page.py cuts from the page after linking
// and the page fetches when one of them is first opened. What it moves is everything reachable only from
// functions named pinlab::app::deferred::…, so a deferred entry's functions are small functions in namespace
// `deferred` (no lambdas: a lambda there would be a root with a direct caller), and the coordinator calls
// them only through this table and only once Platform::deferred_views() is Ready: no code of the second
// module runs before it has arrived.
struct ViewDef {
    Route route;
    const char* slug;       // its name in the bridge (`view`) and its address "#/<slug>" (board, pin and
                            // explorer addresses carry ids: routes.cpp)
    const char* title;      // the page title and what a screen reader hears on entering it
    const char* nav_label;  // its link in the top bar / More / phone menu (nullptr: none)
    NavGroup group;
    Route lights;           // the link lit while it shows (itself; Boards for a board or a pin)
    SignedOut signed_out;
    bool deferred;
    void (*draw)(AppState&);
    void (*enter)(AppState&);              // the route was entered: load what it shows (nullptr: nothing)
    void (*poll)(AppState&, bool late);    // per frame: early (before finished calls run their callbacks,
                                           // even signed out) and late (after, with a client)
    bool (*busy)(const AppState&);         // something under way: keep drawing frames
    void (*reset)(AppState&);              // forget what came from the previous client (keeps what was typed)
    void (*bridge)(AppState&, json&);      // its part of the test bridge's state
};

// Every view, in navigation order (views.cpp).
struct ViewList {
    const ViewDef* const* first;
    size_t count;
    const ViewDef* const* begin() const { return first; }
    const ViewDef* const* end() const { return first + count; }
};
ViewList all_views();
const ViewDef& view_def(Route r);  // Connect's entry for a route with none (never: a test checks each has one)
inline bool is_deferred_view(Route r) { return view_def(r).deferred; }

// Shared by the board, all-pins and search views: a masonry grid of a PinGrid that loads more on scroll.
struct PinGrid;
void pin_grid(AppState& s, PinGrid& g, const char* id);
// Board cards (boards view, search results) and the board create/edit form (boards_view.cpp).
void board_cards(AppState& s, const std::vector<Board>& boards, const char* label_prefix);
void board_form_popup(AppState& s);
void open_board_form(AppState& s, const Board* b);
void view_consent_dialog(AppState& s);  // Demo mode's in-app OAuth consent step, over any view
// The bridge JSON: the UI's state now and the last drawn frame's labelled items (bridge_json.cpp).
std::string bridge_json(AppState& s);

}  // namespace pinlab::app
