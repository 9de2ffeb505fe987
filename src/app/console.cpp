// console.cpp — raw requests and the log's actions.
#include "app/console.h"

#include "app/state.h"

namespace pinlab::app {

void Console::send_raw(AppState& s) {
    Client* c = s.session.client();
    if (!c) return;
    std::string path = raw_path;
    if (path.empty() || path[0] != '/') path = "/" + path;
    raw_call = c->send_raw(raw_method, path, raw_body);
    s.track<Response>(raw_call, [this, &s](Response& r) {
        selected = raw_call ? raw_call->log_id : 0;
        s.notices.set_status("HTTP " + std::to_string(r.status));
    }, [this, &s](const ApiError& e) {
        selected = raw_call ? raw_call->log_id : 0;
        s.notices.set_status(e.describe());
    });
}

void Console::clear_log(AppState& s) {
    if (Client* c = s.session.client()) c->log().clear();
    selected = 0;
    pretty = {};
}

const RequestLog* Console::log(const AppState& s) const {
    const Client* c = s.session.client();
    return c ? &c->log() : nullptr;
}

}  // namespace pinlab::app
