// fuzz_broker.cpp — libFuzzer target: the broker's request handling that needs no upstream call
// (authorize and callback with any query, the signed state and sealed code) and the proxy's path
// and content-type checks.
#include <httplib.h>

#include <cstddef>
#include <cstdint>
#include <string>

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
    if (proxy_path_safe(in) && in.find("/../") != std::string::npos) __builtin_trap();
    (void)proxy_content_type_allowed(in);
    return 0;
}
