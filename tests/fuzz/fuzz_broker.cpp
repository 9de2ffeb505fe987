// fuzz_broker.cpp — libFuzzer target: the broker's request handling that needs no upstream call
// (authorize and callback with any query, the signed state and sealed code) and the proxy's path
// and content-type checks.
#include <httplib.h>

#include <cstddef>
#include <cstdint>
#include <string>

#include "core/url.h"
#include "server/broker.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    using namespace pinlab::server;
    std::string in(reinterpret_cast<const char*>(data), size);
    static Limits limits;
    static Broker broker(
        [] {
            BrokerConfig c;
            c.app_id = "1234567";
            c.app_secret = "secret";
            c.upstream = "http://127.0.0.1:1";  // never reached by these routes
            return c;
        }(),
        "http://127.0.0.1:8080", limits, {std::string(40, 'k')});
    static BrokerSeal seal({std::string(40, 'k')});
    for (const char* path : {"/broker/authorize", "/broker/callback"}) {
        httplib::Request req;
        req.method = "GET";
        req.path = path;
        req.target = std::string(path) + "?" + in;
        httplib::Response res;
        broker.handle(req, res);
        if (res.status >= 500) __builtin_trap();
    }
    std::string out;
    if (seal.verify(in, out) && in.find('.') == std::string::npos) __builtin_trap();
    (void)seal.open(in, out);
    // A path the proxy forwards has no ".." segment (the query may say anything; regressions/
    // holds the input that showed the first version of this check looked at the query too).
    if (proxy_path_safe(in)) {
        auto path = pinlab::percent_decode(in.substr(0, in.find('?')), false);
        if (!path) __builtin_trap();
        size_t i = 0;
        while (i <= path->size()) {  // no "." or ".." segment once decoded
            size_t slash = path->find('/', i);
            if (slash == std::string::npos) slash = path->size();
            std::string seg = path->substr(i, slash - i);
            if (seg == "." || seg == "..") __builtin_trap();
            i = slash + 1;
        }
    }
    (void)proxy_content_type_allowed(in);
    return 0;
}
