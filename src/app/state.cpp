// state.cpp — the coordinator: construction, after sign-in, navigation, location sync, the per-frame poll
// and busy(). Everything else lives in the module of its concern (state.h lists them).
#include "app/state.h"
#include "app/views.h"

#include <algorithm>

namespace pinlab::app {

AppState::AppState(Platform& p) : platform(p), notices(p), session(p) {
    images.configure(&platform);
    config = parse_config(platform.config_json());
    settings = load_settings(platform);
    if (!backend()) settings.backend_id = config.default_backend;
    if (!backend()) settings.backend_id = config.backends.front().id;

    std::string href = platform.location_href();
    size_t hash = href.find('#');
    last_hash_ = hash == std::string::npos ? "" : href.substr(hash);
    if (auto n = parse_hash(last_hash_)) wanted = *n;
    if (wanted.route == Route::Explorer) {  // the Explorer needs no sign-in: a deep link opens at once
        nav = wanted;
        wanted = {};
    }
    if (!config.warning.empty()) notices.toast(config.warning, true);
    session.init(*this);
    notices.set_status(signed_in() ? "Signed in" : "Choose a backend and sign in");
    if (nav.route == Route::Explorer) on_route_enter();
}

AppState::~AppState() {
    ops_.clear();
    images.clear();
}

const BackendDef* AppState::backend() const {
    for (const auto& b : config.backends)
        if (b.id == settings.backend_id) return &b;
    return nullptr;
}

bool AppState::demo() const {
    const BackendDef* b = backend();
    return b && b->kind == BackendKind::Demo;
}

std::string AppState::signed_in_user() const {
    return signed_in() && profile.account && profile.account->username ? *profile.account->username : "";
}

void AppState::forget_data() {
    ops_.clear();
    boards.list = {};
    boards.reload = {};
    boards.reloading = false;
    boards.form = {};
    boards.started = false;
    boards.sections = {};
    boards.sections_board.clear();
    boards.names = {};
    boards.names_board.clear();
    boards.section_names.clear();
    boards.section_rename_open = false;
    boards.cache.clear();
    pins.grid = {};
    pins.all = {};
    pins.pin.reset();
    pins.loaded_id.clear();
    pins.call.reset();
    search.pins = {};
    search.boards = {};
    profile = {};
    analytics.call.reset();
    console.raw_call.reset();
    network.reset();
    top_pins.reset();
    video.reset();
    websites.reset();
    businesses.reset();
    images.clear();
    faults.forget();  // its door may lead to the emulator being replaced, and the log it reads goes
}

void AppState::after_sign_in() {
    notices.clear_error();
    notices.set_status("Signed in");
    profile.load(*this);
    boards.load(*this, true);
    if (wanted.route != Route::Connect) {
        Nav w = wanted;
        wanted = {};
        go(w);
    } else if (nav.route == Route::Connect) {
        go(Nav{Route::Profile});
    } else {
        on_route_enter();
    }
}

void AppState::save_settings() {
    pinlab::app::save_settings(platform, settings);
    session.keep_tokens(*this);
}

// [SECTION] Navigation ---------------------------------------------------------------------------------

void AppState::go(const Nav& n) {
    std::string h = to_hash(n);
    if (h != last_hash_) {
        platform.push_hash(h);
        last_hash_ = h;
    }
    bool changed = n != nav;
    nav = n;
    if (changed || n.route == Route::Connect) on_route_enter();
}

void AppState::sync_location() {
    std::string href = platform.location_href();
    size_t hash = href.find('#');
    std::string h = hash == std::string::npos ? "" : href.substr(hash);
    if (h == last_hash_) return;
    last_hash_ = h;
    auto n = parse_hash(h);
    if (!n) {
        notices.toast("Unknown link " + h, true);
        return;
    }
    if (!signed_in() && n->route != Route::Explorer) {
        wanted = *n;
        return;
    }
    if (*n != nav) {
        nav = *n;
        on_route_enter();
    }
}

bool AppState::view_open() const {
    const Route r = nav.route;
    return signed_in() || r == Route::Connect || r == Route::Explorer || r == Route::Faults ||
           (r == Route::Console && client());
}

void AppState::on_route_enter() {
    Route r = view_open() ? nav.route : Route::Connect;
    platform.set_title(std::string("Pinlab — ") + route_title(r));
    platform.announce(std::string(route_title(r)) + " view", false);  // screen readers hear the move
    if (is_deferred_view(nav.route)) return enter_deferred();
    if (!signed_in()) return;
    switch (nav.route) {
        case Route::Profile:
            if (!profile.account && !profile.call) profile.load(*this);
            break;
        case Route::Boards:
            if (!boards.started) boards.load(*this, true);
            break;
        case Route::Board:
            pins.last_board_id = nav.board_id;
            pins.last_section_id = nav.section_id;
            pins.open_grid_for_nav(*this);
            break;
        case Route::Pins:
            if (pins.all.key.empty()) pins.load_all(*this, true);
            break;
        default: break;
    }
}

void AppState::expect_view(Route r) {
    if (is_deferred_view(r) && platform.deferred_views() == Platform::Code::Idle) platform.load_deferred_views();
    if (r == Route::Explorer) platform.spec_warm();  // the catalogue too: the Explorer's list needs both
}

void AppState::enter_deferred() {
    expect_view(nav.route);  // its code (and the Explorer's catalogue) start coming now, side by side
    if (platform.deferred_views() == Platform::Code::Ready) {
        deferred_enter_pending_ = false;
        g_deferred->enter(*this);
    } else {
        deferred_enter_pending_ = true;  // poll() runs it once the code has arrived (drawing the view asks for it)
    }
}

PinGrid* AppState::current_grid() {
    if (!signed_in()) return nullptr;
    switch (nav.route) {
        case Route::Board: return &pins.grid;
        case Route::Pins: return &pins.all;
        case Route::Search: return search.searched ? &search.pins : nullptr;
        default: return nullptr;
    }
}

// [SECTION] Per frame ---------------------------------------------------------------------------------------

void AppState::poll() {
    // The deferred views' modules have work only once their code has arrived (they start from those views).
    const bool deferred = platform.deferred_views() == Platform::Code::Ready;
    if (deferred && deferred_enter_pending_ && is_deferred_view(nav.route)) enter_deferred();
    if (deferred) g_deferred->poll(*this, false);
    if (!session.client()) return;
    session.pump();

    // Finished calls run their callbacks (which may start new calls).
    std::vector<PendingOp> ops;
    ops.swap(ops_);
    for (auto& op : ops) {
        if (op.call->pending()) {
            ops_.push_back(std::move(op));
            continue;
        }
        if (op.call->done()) {
            if (op.on_done) op.on_done();
        } else if (op.on_fail) {
            op.on_fail(op.call->error);
        } else if (op.call->error.kind != ErrorKind::Cancelled) {
            notices.set_error(op.call->error);
        }
    }

    boards.poll(*this);
    pins.poll(*this);
    search.poll(*this);
    if (deferred) g_deferred->poll(*this, true);
    session.check(*this);
    notices.expire(platform.now_ms());
}

bool AppState::busy() const {
    if (explorer.busy()) return true;
    if (!session.client()) return false;
    return session.busy() || faults.busy() || !ops_.empty() || boards.busy() || pins.busy() || search.busy() || images.loading() ||
           network.busy() || video.busy() || websites.busy() || businesses.busy();
}

}  // namespace pinlab::app
