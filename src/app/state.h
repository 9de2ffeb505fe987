// state.h — AppState, the coordinator: the shared services (services.h: platform, config and settings,
// notices, session, calls in flight, images), one module per feature (profile, boards, pins, search,
// analytics, console, …) and what ties them together: navigation (deep links, Back/Forward), what happens
// after sign-in, the per-frame poll (the table of views says which module polls when, views.h), and `busy()`.
// Views render state and call the modules' actions; they never touch the client, a pager or the log
// themselves. Modules take `Services&` and, when built, the modules they read (Pins the boards' cache, the
// Explorer the boards for its examples); what they may ask of the coordinator is the Coordinator interface.
#pragma once

#include <string>

#include "app/analytics.h"
#include "app/boards.h"
#include "app/businesses.h"
#include "app/console.h"
#include "app/explorer.h"
#include "app/faults.h"
#include "app/network.h"
#include "app/pins.h"
#include "app/profile.h"
#include "app/search.h"
#include "app/services.h"
#include "app/top_pins.h"
#include "app/ui/bridge.h"
#include "app/video.h"
#include "app/websites.h"

namespace pinlab::app {

// The app: the shared services (services.h), the feature modules and what ties them together.
class AppState final : private Coordinator, public Services {  // final: deleted through its own type only
public:
    explicit AppState(Platform& p);
    ~AppState();
    AppState(const AppState&) = delete;
    AppState& operator=(const AppState&) = delete;

    Bridge bridge;
    Profile profile;
    Boards boards;
    Search search;
    Pins pins{boards, search.pins};  // moves and edits pins in every grid shown, search results included
    Analytics analytics;
    Console console;
    Explorer explorer{boards};  // its examples name the user's boards
    Network network;      // followers and following
    TopPins top_pins;     // top (video) pins and their comparison
    VideoPin video;       // a video pin from a file
    Websites websites;
    Businesses businesses;
    Faults faults;

    std::string signed_in_user() const;

    // Navigation.
    Nav nav;
    Nav wanted;              // a deep link waiting for sign-in
    void go(const Nav& n) override;  // pushes a history entry
    void sync_location();    // reads location_href (Back/Forward, typed links)
    void on_route_enter();
    // The route's own view is drawn: signed in, or one of the views with something to show signed out (the
    // sign-in, documentation, the sign-in's own calls, faults to arm before signing in). The rest explain
    // that they need a sign-in.
    bool view_open() const;
    void enter_deferred();      // on_route_enter for a deferred view (views.h): now, or once its code arrives
    void expect_view(Route r);  // a hint (a pointer over a link, or the view opening): fetch what it needs now
    PinGrid* current_grid();  // the pin grid the current route shows (nullptr when none)

    // Called by the session (Coordinator).
    void after_sign_in() override;
    void forget_data() override;  // what belonged to the previous client (a new backend, sign-out)

    // Per frame.
    void poll();
    bool busy() const;

private:
    const Nav& here() const override { return nav; }
    void go_after_sign_in(const Nav& n) override { wanted = n; }
    void enter_view() override;
    void session_ended() override { nav.route = Route::Connect; }
    std::string last_hash_;
    bool deferred_enter_pending_ = false;
};

// The app's state after init() (tests and the bridge use it); nullptr before.
AppState* state_for_tests();

}  // namespace pinlab::app
