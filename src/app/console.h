// console.h — the API console's state: the request selected in the log (with its bodies parsed once), the
// copy menu of a value in them, the raw request composer, and the actions on the log.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "app/ui/value_menu.h"
#include "core/client.h"
#include "core/json.h"

namespace pinlab::app {

struct Services;

struct Console {
    uint64_t selected = 0;
    struct PrettyBodies {  // the selected entry's bodies, parsed once rather than every frame
        uint64_t id = 0;
        bool done = false;
        std::optional<json> request, response;  // nullopt: not JSON (drawn as text)
    } pretty;
    ValueMenu values;  // a value clicked in a body: Copy value, Copy JSON path
    std::string raw_method = "GET", raw_path = "/user_account", raw_body;
    Handle<Response> raw_call;

    void send_raw(Services& s);
    void clear_log(Services& s);
    // The client's request log to show (read-only), nullptr before a backend is chosen.
    const RequestLog* log(const Services& s) const;
};

}  // namespace pinlab::app
