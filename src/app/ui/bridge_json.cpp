// bridge_json.cpp — the test bridge's JSON (window.pinlab.state() in the browser): the UI's state now and the
// last drawn frame's labelled items. Built only when a test asks, never per frame.
#include "app/state.h"
#include "app/ui/glyphs.h"
#include "app/ui/input.h"
#include "app/views.h"
#include "core/json.h"

namespace pinlab::app {

std::string bridge_json(AppState& s) {
    Route r = s.view_open() ? s.nav.route : Route::Connect;
    std::string href = s.platform.location_href();
    size_t h = href.find('#');
    const PinGrid* grid = s.current_grid();
    size_t pins = grid ? grid->pager.items.size() : 0;
    json items = json::array();
    for (const auto& it : s.bridge.items())
        items.push_back({{"label", it.label}, {"x", it.x}, {"y", it.y}, {"w", it.w}, {"h", it.h}});
    std::string err, hint;
    if (!s.notices.error.ok()) {
        err = s.notices.error.message.empty() ? to_string(s.notices.error.kind) : s.notices.error.message;
        hint = s.notices.error.hint;
    }
    json backends = json::array();
    for (const auto& b : s.config.backends) backends.push_back(b.id);
    json j = {{"view", route_name(r)},
              {"hash", h == std::string::npos ? std::string() : href.substr(h)},
              {"backend", s.settings.backend_id},
              {"focus", s.bridge.focused()},
              {"composing", ui_input::composition()},
              {"signed_in", s.signed_in()},
              {"user", s.signed_in_user()},
              {"status", s.notices.status},
              {"error", err},
              {"hint", hint},
              {"busy", s.busy()},
              {"pins_loaded", pins},
              {"at_bottom", grid && grid->at_bottom()},
              {"grid_scroll", grid ? grid->scroll_y : 0.0f},
              {"images_ready", s.images.ready_requested()},
              {"textures", s.images.textures()},
              {"images_loading", s.images.in_flight() + s.images.queued()},
              {"consent_open", s.session.consent_open},
              {"explorer", nullptr},  // these three from the deferred views' code, once it has arrived
              {"video_step", ""},
              {"followers_loaded", s.network.followers.items.size()},
              {"followers_pages", s.network.followers.pages},
              {"following_loaded", s.network.following.items.size()},
              {"video_file", s.video.file ? s.video.file->name : std::string()},
              {"video_status", s.video.status},
              {"video_pin", s.video.pin_id},
              {"backends", std::move(backends)},
              {"demo_sandbox", s.settings.demo_sandbox},
              {"sandbox_rules", s.client() && s.client()->config().sandbox},
              {"faults", {{"armed", s.faults.armed}, {"latency_ms", s.faults.latency_ms}, {"flavor", s.faults.flavor},
                          {"fired_total", s.faults.fired_total}, {"error", s.faults.error},
                          {"outcomes", json::array()}}},
              {"items", std::move(items)}};
    const glyphs::Stats gs = glyphs::stats();
    j["glyphs"] = {{"drawn", gs.drawn},           {"undrawable", gs.undrawable}, {"no_font", gs.no_font},
                   {"pending", gs.pending},       {"rebuilds", gs.rebuilds},     {"full_rebuilds", gs.full_rebuilds},
                   {"last_rebuild_ms", gs.last_rebuild_ms}, {"last_draw_ms", gs.last_draw_ms},
                   {"fallback_draws", gs.fallback_draws}};
    // The deferred views' parts once their code has arrived.
    const bool deferred = s.platform.deferred_views() == Platform::Code::Ready;
    for (const ViewDef* v : all_views())
        if (v->bridge && (!v->deferred || deferred)) v->bridge(s, j);
    return json_dump(j);
}

}  // namespace pinlab::app
