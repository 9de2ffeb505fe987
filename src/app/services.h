// services.h — what every feature module shares and may use: the platform, the config and settings, the
// notices (status bar, error box, toasts), the session (its client), the calls in flight, the image cache,
// and the few things a module may ask of the coordinator (Coordinator: move the address, the session's
// turning points). A module's actions take `Services&` rather than the whole app, so a module sees only these
// and the modules it is handed when it is built (state.h wires them); AppState is these plus the modules.
#pragma once

#include <functional>
#include <memory>
#include <vector>

#include "app/config.h"
#include "app/notices.h"
#include "app/platform.h"
#include "app/routes.h"
#include "app/session.h"
#include "app/settings.h"
#include "app/ui/images.h"
#include "core/client.h"

namespace pinlab::app {

// Finished calls run their callbacks once per frame (run_finished()); a failure without a callback becomes
// the error box. Pagers' pages are merged the same way.
class Calls {
public:
    explicit Calls(Notices& notices) : notices_(notices) {}

    template <class T>
    void track(const Handle<T>& h, std::function<void(T&)> ok, std::function<void(const ApiError&)> fail = {}) {
        Pending op;
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
            notices_.set_error(pager.error, retry);
        return was && !pager.loading && pager.error.ok();
    }
    void run_finished();  // the callbacks of the calls that finished (which may start new calls)
    bool busy() const { return !ops_.empty(); }
    void clear() { ops_.clear(); }  // what belonged to the previous client

private:
    struct Pending {
        std::shared_ptr<CallBase> call;
        std::function<void()> on_done;
        std::function<void(const ApiError&)> on_fail;
    };
    Notices& notices_;
    std::vector<Pending> ops_;
};

// What a module may ask of the coordinator, which owns navigation and every module: AppState implements it.
// An interface rather than the app, so a module cannot reach the other modules through it.
class Coordinator {
public:
    virtual const Nav& here() const = 0;        // the address shown
    virtual void go(const Nav& n) = 0;          // a history entry; the view's enter runs
    virtual void go_after_sign_in(const Nav& n) = 0;  // where the sign-in under way comes back to
    virtual void after_sign_in() = 0;           // every module loads what the new session shows
    virtual void forget_data() = 0;             // every module drops what belonged to the previous client
    virtual void enter_view() = 0;              // the view shown reads its data again (a new emulator)
    virtual void session_ended() = 0;           // ended on its own: the sign-in view, no history entry

protected:
    ~Coordinator() = default;
};

struct Services {
    Services(Platform& p, Coordinator& c);
    Services(const Services&) = delete;
    Services& operator=(const Services&) = delete;

    Platform& platform;
    Coordinator& app;
    AppConfig config;      // config.json: the backends
    Settings settings;     // the user's, kept in localStorage
    Notices notices;
    Session session;
    Calls calls;
    ImageCache images;
    Client* client() { return session.client(); }  // nullptr until a backend is chosen
    const Client* client() const { return session.client(); }
    bool signed_in() const { return session.signed_in(); }
    // The backend chosen in settings (nullptr when config.json no longer lists it).
    const BackendDef* backend() const;
    bool demo() const;
    // Saves the settings; ticking or unticking "Remember me" moves the current tokens.
    void save_settings();
};

}  // namespace pinlab::app
