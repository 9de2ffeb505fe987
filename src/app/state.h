// state.h — AppState, the coordinator: it owns one module per concern (config, settings, notices, session,
// profile, boards, pins, search, analytics, console) and what ties them together: navigation (deep links,
// Back/Forward), what happens after sign-in, the per-frame poll that delivers finished calls to the
// modules' callbacks, and `busy()`. Views render state and call the modules' actions; they never touch
// the client, a pager or the log themselves.
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "app/analytics.h"
#include "app/boards.h"
#include "app/ui/bridge.h"
#include "app/businesses.h"
#include "app/config.h"
#include "app/console.h"
#include "app/explorer.h"
#include "app/faults.h"
#include "app/ui/images.h"
#include "app/network.h"
#include "app/notices.h"
#include "app/pins.h"
#include "app/platform.h"
#include "app/profile.h"
#include "app/routes.h"
#include "app/search.h"
#include "app/session.h"
#include "app/settings.h"
#include "app/top_pins.h"
#include "app/video.h"
#include "app/websites.h"

namespace pinlab::app {

struct PendingOp {
    std::shared_ptr<CallBase> call;
    std::function<void()> on_done;
    std::function<void(const ApiError&)> on_fail;
};

class AppState {
public:
    explicit AppState(Platform& p);
    ~AppState();
    AppState(const AppState&) = delete;
    AppState& operator=(const AppState&) = delete;

    Platform& platform;
    AppConfig config;
    Settings settings;
    ImageCache images;
    Bridge bridge;
    Notices notices;
    Session session;
    Profile profile;
    Boards boards;
    Pins pins;
    Search search;
    Analytics analytics;
    Console console;
    Explorer explorer;
    Network network;      // followers and following
    TopPins top_pins;     // top (video) pins and their comparison
    VideoPin video;       // a video pin from a file
    Websites websites;
    Businesses businesses;
    Faults faults;

    // The backend chosen in settings (nullptr when config.json no longer lists it).
    const BackendDef* backend() const;
    bool demo() const;
    bool signed_in() const { return session.signed_in(); }
    const Client* client() const { return session.client(); }  // read-only: the log, limits, tokens
    std::string signed_in_user() const;

    // Navigation.
    Nav nav;
    Nav wanted;              // a deep link waiting for sign-in
    void go(const Nav& n);   // pushes a history entry
    void sync_location();    // reads location_href (Back/Forward, typed links)
    void on_route_enter();
    // The route's own view is drawn: signed in, or one of the views with something to show signed out (the
    // sign-in, documentation, the sign-in's own calls, faults to arm before signing in). The rest explain
    // that they need a sign-in.
    bool view_open() const;
    void enter_deferred();      // on_route_enter for a deferred view (views.h): now, or once its code arrives
    void expect_view(Route r);  // a hint (a pointer over a link, or the view opening): fetch what it needs now
    PinGrid* current_grid();  // the pin grid the current route shows (nullptr when none)

    // Called by the session.
    void after_sign_in();
    void forget_data();  // what belonged to the previous client (a new backend, sign-out)

    // Saves the settings; ticking or unticking "Remember me" moves the current tokens.
    void save_settings();

    // Finished calls run their callback in poll(); a failure without one becomes the error box.
    template <class T>
    void track(const Handle<T>& h, std::function<void(T&)> ok, std::function<void(const ApiError&)> fail = {}) {
        PendingOp op;
        op.call = h;
        Call<T>* raw = h.get();
        op.on_done = [raw, ok]() {
            if (ok && raw->value) ok(*raw->value);
        };
        op.on_fail = std::move(fail);
        ops_.push_back(std::move(op));
    }
    // Merges a pager's finished page; a page that fails becomes the visible error with `retry`.
    // True when a page arrived.
    template <class P, class F>
    bool poll_pager(P& pager, F retry) {
        bool was = pager.loading;
        pager.poll();
        if (was && !pager.loading && !pager.error.ok() && pager.error.kind != ErrorKind::Cancelled)
            notices.set_error(pager.error, retry);
        return was && !pager.loading && pager.error.ok();
    }

    // Per frame.
    void poll();
    bool busy() const;

private:
    std::vector<PendingOp> ops_;
    std::string last_hash_;
    bool deferred_enter_pending_ = false;
};

// The app's state after init() (tests and the bridge use it); nullptr before.
AppState* state_for_tests();

}  // namespace pinlab::app
