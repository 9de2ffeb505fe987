// console.cpp — raw requests and the log's actions.
#include "app/console.h"

#include "app/services.h"

namespace pinlab::app {

void Console::send_raw(Services& s) {
    Client* c = s.client();
    if (!c) return;
    std::string path = raw_path;
    if (path.empty() || path[0] != '/') path = "/" + path;
    raw_call = c->send_raw(raw_method, path, raw_body);
    s.calls.track<Response>(raw_call, [this, &s](Response& r) {
        selected = raw_call ? raw_call->log_id : 0;
        s.notices.set_status("HTTP " + std::to_string(r.status));
    }, [this, &s](const ApiError& e) {
        selected = raw_call ? raw_call->log_id : 0;
        s.notices.set_status(e.describe());
    });
}

void Console::clear_log(Services& s) {
    if (Client* c = s.client()) c->log().clear();
    selected = 0;
    pretty = {};
}

const RequestLog* Console::log(const Services& s) const {
    const Client* c = s.client();
    return c ? &c->log() : nullptr;
}

}  // namespace pinlab::app
