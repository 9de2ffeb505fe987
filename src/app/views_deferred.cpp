// views_deferred.cpp — the one door into the views a first visit does not need (views.h). In the web
// build everything reachable only from view_deferred() lives in pinlab-views.wasm (scripts/split_page.py).
#include "app/views.h"

namespace pinlab::app {

bool is_deferred_view(Route r) {
    switch (r) {
        case Route::Analytics: case Route::Console: case Route::Token: case Route::Explorer: case Route::Network:
        case Route::TopPins: case Route::Video: case Route::Websites: case Route::Businesses: case Route::Faults:
        case Route::Create: case Route::Search:
            return true;
        case Route::Connect: case Route::Profile: case Route::Boards: case Route::Board: case Route::Pin:
        case Route::Pins:
            return false;
    }
    return false;
}

void view_deferred(AppState& s, Route r) {
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
        default: break;
    }
}

}  // namespace pinlab::app
