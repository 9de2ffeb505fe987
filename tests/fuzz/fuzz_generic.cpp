// fuzz_generic.cpp — libFuzzer target: the emulator's generic layer (src/emulator/generic.cpp) on requests
// to the catalogue's operations. Input: byte 0 picks the operation, byte 1 its method's twin (0: as listed,
// else GET/POST/PATCH/DELETE on the same path); then "v1/v2/...\nquery\n\nbody": the path's placeholders take
// the '/'-separated values of the first line. One emulator for the run, with small quotas, a token holding
// every scope. Oracles: a status is 100..599; a 2xx JSON answer conforms to the operation's schema; every 64th
// input the state survives a snapshot round trip.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <fstream>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include "core/catalogue.h"
#include "core/json_util.h"
#include "core/operations.h"
#include "core/schema.h"
#include "core/scopes.h"
#include "emulator/emulator.h"

namespace {

struct World {
    std::shared_ptr<const pinlab::Catalogue> cat;
    std::unique_ptr<pinlab::emu::Emulator> emu;
    std::string token;
    pinlab::emu::Options opts;
};

World& world() {
    static World w = [] {
        World x;
        std::ifstream in(PINLAB_CATALOGUE_PATH);
        std::stringstream ss;
        ss << in.rdbuf();
        x.cat = pinlab::Catalogue::parse(ss.str());
        if (!x.cat) __builtin_trap();  // the build's catalogue must parse
        x.opts.pin_count = 20;
        x.opts.rate_limit.enabled = false;
        x.opts.quotas.max_generic_objects = 300;
        x.opts.quotas.max_generic_bytes = 1 << 20;
        x.opts.catalogue = x.cat;
        x.emu = std::make_unique<pinlab::emu::Emulator>(x.opts);
        std::vector<std::string> all;
        for (const pinlab::ScopeInfo* s = pinlab::scopes_begin(); s != pinlab::scopes_end(); ++s)
            all.push_back(s->name);
        x.token = x.emu->mint_access_token("pinlab-demo", all, 1750000000000LL);
        return x;
    }();
    return w;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    if (size < 2) return 0;
    World& w = world();
    const pinlab::json& op = w.cat->operation_at(data[0] % w.cat->size());
    static const char* kMethods[] = {"GET", "POST", "PATCH", "DELETE"};
    std::string method = data[1] == 0 ? op["method"].get<std::string>() : kMethods[data[1] % 4];
    std::string in(reinterpret_cast<const char*>(data) + 2, size - 2);
    size_t nl = in.find('\n');
    std::string values = in.substr(0, nl);
    size_t body_at = in.find("\n\n");
    std::string query = nl == std::string::npos
                            ? ""
                            : in.substr(nl + 1, body_at == std::string::npos ? std::string::npos : body_at - nl - 1);
    std::string body = body_at == std::string::npos ? "" : in.substr(body_at + 2);

    // The path with its placeholders replaced by the values, in order.
    std::string pattern = op["path"], path;
    size_t vi = 0;
    for (size_t k = 0; k < pattern.size();) {
        size_t open = pattern.find('{', k);
        if (open == std::string::npos) {
            path += pattern.substr(k);
            break;
        }
        path += pattern.substr(k, open - k);
        size_t end = values.find('/', vi);
        // Without the characters that would end or re-encode the path (the oracle matches the path as sent).
        for (char ch : values.substr(vi, end == std::string::npos ? std::string::npos : end - vi))
            if (ch != '?' && ch != '#' && ch != '%') path += ch;
        vi = end == std::string::npos ? values.size() : end + 1;
        k = pattern.find('}', open) + 1;
    }
    pinlab::Request r;
    r.method = method;
    r.url = "/v5" + path + (query.empty() ? "" : "?" + query);
    r.headers.set("Authorization", "Bearer " + w.token);
    if (!body.empty()) {
        r.body = body;
        r.headers.set("Content-Type", "application/json");
    }
    pinlab::Response out = w.emu->handle(r, 1750000000000LL);
    if (out.status < 100 || out.status > 599) __builtin_trap();
    if (out.status / 100 == 2 && out.headers.get("X-Emulator-Source") == "generic" && method == op["method"] &&
        out.headers.get("Content-Type") == "application/json") {
        auto m = pinlab::match_operation(method, path);
        const pinlab::json* matched = m.op ? w.cat->operation(m.op->operation_id) : nullptr;
        const pinlab::json* schema = matched ? w.cat->success_schema(*matched) : nullptr;
        auto parsed = pinlab::json_parse(out.body);
        if (!parsed) __builtin_trap();
        if (schema) {
            auto issues = pinlab::validate_schema(*w.cat, *schema, *parsed);
            if (!issues.empty()) {
                std::fprintf(stderr, "%s %s: %s\n%s\n", method.c_str(), r.url.c_str(),
                             pinlab::describe(issues[0]).c_str(), out.body.substr(0, 4000).c_str());
                __builtin_trap();
            }
        }
    }
    static unsigned n = 0;
    if (++n % 64 == 0) {
        pinlab::emu::Emulator copy(w.opts);
        std::string err;
        if (!copy.load_state(w.emu->save_state(), &err)) __builtin_trap();
    }
    return 0;
}
