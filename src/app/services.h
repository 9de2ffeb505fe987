// services.h — what every feature module shares and may use: the platform, the notices (status bar, error box,
// toasts), the session (its client) and the calls in flight. A module's actions take `Services&` rather than
// the whole app, so a module sees only these and the modules it is handed; AppState (state.h) is these plus
// the modules and navigation.
#pragma once

#include <functional>
#include <memory>
#include <vector>

#include "app/notices.h"
#include "app/platform.h"
#include "app/session.h"
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

struct Services {
    explicit Services(Platform& p) : platform(p), notices(p), session(p), calls(notices) {}
    Services(const Services&) = delete;
    Services& operator=(const Services&) = delete;

    Platform& platform;
    Notices notices;
    Session session;
    Calls calls;
    Client* client() { return session.client(); }  // nullptr until a backend is chosen
    const Client* client() const { return session.client(); }
};

}  // namespace pinlab::app
