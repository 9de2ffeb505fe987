// fuzz_emulator.cpp — libFuzzer target: the emulator's request handling (router, OAuth, JSON
// bodies, query parameters, images) on a request made from the input: "METHOD URL\nHeader: v\n\nbody".
// One emulator for the whole run (as in pinlab-server), with a token holding every scope.
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>

#include "core/http.h"
#include "emulator/emulator.h"

namespace {
pinlab::emu::Emulator& emulator(std::string& token) {
    static std::string tok;
    static std::unique_ptr<pinlab::emu::Emulator> emu = [] {
        pinlab::emu::Options o;
        o.pin_count = 40;
        o.control_endpoint = true;
        o.public_base_url = "http://127.0.0.1:8080";
        o.defer_image_renders = true;
        o.quotas.max_pins = 200;
        o.quotas.max_stored_bytes = 1 << 20;
        auto e = std::make_unique<pinlab::emu::Emulator>(o);
        tok = e->mint_access_token("pinlab-demo",
                                   {"user_accounts:read", "boards:read", "boards:write", "boards:read_secret",
                                    "boards:write_secret", "pins:read", "pins:write", "pins:read_secret",
                                    "pins:write_secret", "ads:read"},
                                   1750000000000LL);
        return e;
    }();
    token = tok;
    return *emu;
}
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    std::string in(reinterpret_cast<const char*>(data), size);
    std::string token;
    auto& emu = emulator(token);
    pinlab::Request r;
    size_t nl = in.find('\n');
    std::string line = in.substr(0, nl);
    size_t sp = line.find(' ');
    r.method = sp == std::string::npos ? "GET" : line.substr(0, sp);
    r.url = sp == std::string::npos ? line : line.substr(sp + 1);
    size_t body_at = in.find("\n\n");
    std::string head = nl == std::string::npos ? "" : in.substr(nl + 1, body_at == std::string::npos ? std::string::npos : body_at - nl - 1);
    r.headers.set("Authorization", "Bearer " + token);
    size_t i = 0;
    while (i < head.size()) {
        size_t e = head.find('\n', i);
        if (e == std::string::npos) e = head.size();
        std::string h = head.substr(i, e - i);
        size_t colon = h.find(':');
        if (colon != std::string::npos) r.headers.set(h.substr(0, colon), h.substr(colon + 1));
        i = e + 1;
    }
    if (body_at != std::string::npos) r.body = in.substr(body_at + 2);
    pinlab::Response out = emu.handle(r, 1750000000000LL + static_cast<int64_t>(size));
    if (out.status < 100 || out.status > 599) __builtin_trap();
    std::string job(out.headers.get("X-Emulator-Render"));
    if (!job.empty() && job.size() < 64) (void)pinlab::emu::Emulator::render_deferred(job);
    return 0;
}
