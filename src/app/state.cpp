// state.cpp — the coordinator: construction, after sign-in, navigation, location sync, the per-frame poll
// and busy(). Everything else lives in the module of its concern (state.h lists them).
#include "app/state.h"
#include "app/ui/input.h"
#include "app/views.h"

#include <algorithm>

namespace pinlab::app {

AppState::AppState(Platform& p) : Services(p, *this) {
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
    calls.clear();
    images.clear();
}

std::string AppState::signed_in_user() const {
    return signed_in() && profile.account && profile.account->username ? *profile.account->username : "";
}

void AppState::forget_data() {
    calls.clear();
    // The deferred views' modules have run nothing before their code arrived: nothing of theirs to forget.
    const bool deferred = platform.deferred_views() == Platform::Code::Ready;
    for (const ViewDef* v : all_views())
        if (v->reset && (!v->deferred || deferred)) v->reset(*this);
    images.clear();
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
    switch (view_def(nav.route).signed_out) {
        case SignedOut::AsksToSignIn: return signed_in();
        case SignedOut::Opens: return true;
        case SignedOut::OpensWithClient: return signed_in() || client();
    }
    return signed_in();
}

void AppState::on_route_enter() {
    Route r = view_open() ? nav.route : Route::Connect;
    platform.set_title(std::string("Pinlab — ") + route_title(r));
    platform.announce(std::string(route_title(r)) + " view", false);  // screen readers hear the move
    ui_input::tab_to_content();
    enter_view();
}

// The view's own enter again, without a title or an announcement: the address did not move.
void AppState::enter_view() {
    const ViewDef& v = view_def(nav.route);
    if (v.deferred) return enter_deferred();
    if (v.enter && (signed_in() || v.signed_out == SignedOut::Opens)) v.enter(*this);
}

void AppState::expect_view(Route r) {
    if (is_deferred_view(r) && platform.deferred_views() == Platform::Code::Idle) platform.load_deferred_views();
    if (r == Route::Explorer) platform.spec_warm();  // the catalogue too: the Explorer's list needs both
}

void AppState::enter_deferred() {
    expect_view(nav.route);  // its code (and the Explorer's catalogue) start coming now, side by side
    if (platform.deferred_views() == Platform::Code::Ready) {
        deferred_enter_pending_ = false;
        const ViewDef& v = view_def(nav.route);
        if (v.enter && (signed_in() || v.signed_out == SignedOut::Opens)) v.enter(*this);
    } else {
        deferred_enter_pending_ = true;  // poll() runs it once the code has arrived (drawing the view asks for it)
    }
}

PinGrid* AppState::current_grid() {
    if (!signed_in()) return nullptr;
    if (nav.route == Route::Board) return &pins.grid;
    if (nav.route == Route::Pins) return &pins.all;
    if (nav.route == Route::Search) return search.searched ? &search.pins : nullptr;
    return nullptr;
}

// [SECTION] Per frame ---------------------------------------------------------------------------------------

void AppState::poll() {
    // The deferred views' modules have work only once their code has arrived (they start from those views).
    const bool deferred = platform.deferred_views() == Platform::Code::Ready;
    if (deferred && deferred_enter_pending_ && is_deferred_view(nav.route)) enter_deferred();
    for (const ViewDef* v : all_views())
        if (v->poll && (!v->deferred || deferred)) v->poll(*this, false);
    if (!session.client()) return;
    session.pump();

    calls.run_finished();

    for (const ViewDef* v : all_views())
        if (v->poll && (!v->deferred || deferred)) v->poll(*this, true);
    session.check(*this);
    notices.expire(platform.now_ms());
}

bool AppState::busy() const {
    // A view open signed out (the Explorer, faults) may be busy without a client.
    const bool deferred = platform.deferred_views() == Platform::Code::Ready;
    const bool client = session.client() != nullptr;
    for (const ViewDef* v : all_views())
        if (v->busy && (!v->deferred || deferred) && (client || v->signed_out == SignedOut::Opens) && v->busy(*this))
            return true;
    return client && (session.busy() || calls.busy() || images.loading());
}

}  // namespace pinlab::app
