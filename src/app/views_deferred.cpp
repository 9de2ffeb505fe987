// views_deferred.cpp — the doors into the views a first visit does not need and the modules only they
// start (views.h). In the web build everything reachable only from these functions lives in
// pinlab-views.wasm (scripts/split_page.py).
#include "app/state.h"
#include "app/views.h"

namespace pinlab::app {

bool is_deferred_view(Route r) {
    switch (r) {
        case Route::Analytics: case Route::Console: case Route::Token: case Route::Explorer: case Route::Network:
        case Route::TopPins: case Route::Video: case Route::Websites: case Route::Businesses: case Route::Faults:
        case Route::Create: case Route::Search: case Route::Pin:
            return true;
        case Route::Connect: case Route::Profile: case Route::Boards: case Route::Board: case Route::Pins:
            return false;
    }
    return false;
}

void deferred_view(AppState& s, Route r) {
    switch (r) {
        case Route::Analytics: view_analytics(s); break;
        case Route::Console: view_console(s); break;
        case Route::Token: view_token(s); break;
        case Route::Explorer: view_explorer(s); break;
        case Route::Network: view_network(s); break;
        case Route::TopPins: view_top_pins(s); break;
        case Route::Video: view_video(s); break;
        case Route::Websites: view_websites(s); break;
        case Route::Businesses: view_businesses(s); break;
        case Route::Faults: view_faults(s); break;
        case Route::Create: view_create_pin(s); break;
        case Route::Search: view_search(s); break;
        case Route::Pin: view_pin(s); break;
        default: break;
    }
}

void deferred_enter(AppState& s) {
    const Route r = s.nav.route;
    if (r == Route::Explorer) s.explorer.enter(s, s.nav.op, s.nav.query);  // documentation needs no sign-in
    if (r == Route::Faults) s.faults.refresh(s);                          // faults can be armed signed out
    if (!s.signed_in()) return;
    switch (r) {
        case Route::Pin: s.pins.load(s, s.nav.pin_id); break;
        case Route::Create:
            if (!s.boards.started) s.boards.load(s, true);
            // A new pin most likely belongs where the user just was.
            if (s.pins.create.board_id.empty()) {
                s.pins.create.board_id = s.pins.last_board_id;
                s.pins.create.section_id = s.pins.last_section_id;
            }
            break;
        case Route::Analytics:
            if (!s.analytics.call) s.analytics.load(s);
            break;
        case Route::Network:
            if (!s.network.started) s.network.load(s);
            break;
        case Route::TopPins:
            if (!s.top_pins.call) s.top_pins.load(s);
            break;
        case Route::Video:
            if (!s.boards.started) s.boards.load(s, true);
            if (s.video.board_id.empty()) s.video.board_id = s.pins.last_board_id;
            break;
        case Route::Websites:
            if (!s.websites.started) s.websites.load(s);
            break;
        case Route::Businesses:
            if (!s.businesses.started) s.businesses.load(s);
            break;
        default: break;
    }
}

void deferred_poll(AppState& s, bool late) {
    if (!late) {
        s.explorer.poll(s);
        s.faults.poll(s);
        return;
    }
    s.network.poll(s);
    s.video.poll(s);
    s.websites.poll(s);
    s.businesses.poll(s);
}

void deferred_bridge(AppState& s, json& j) {
    json outcomes = json::array();
    for (const auto& o : s.faults.outcomes(s))
        outcomes.push_back({{"method", o.method}, {"path", o.path}, {"fault", o.fault}, {"hint", o.hint},
                            {"retried", o.retried}, {"wait_ms", o.wait_ms}, {"then", o.then}, {"recovered", o.recovered}});
    j["faults"]["outcomes"] = std::move(outcomes);
    j["explorer"] = s.explorer.bridge_state();
    j["video_step"] = s.video.step_name();
}

namespace {
const DeferredDoors kDoors{&deferred_view, &deferred_enter, &deferred_poll, &deferred_bridge};
}  // namespace
const DeferredDoors* volatile g_deferred = &kDoors;

}  // namespace pinlab::app
