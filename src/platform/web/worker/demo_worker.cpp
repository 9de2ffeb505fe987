// demo_worker.cpp — pinlab-demo.js, the Demo backend's Web Worker: a DemoHost (the Pinterest emulator
// as the "Pinlab" app knows it) behind the calls the page posts (see src/platform/web/demo.cpp).
// Built with -sBUILD_AS_WORKER: each exported function gets the message's bytes and answers once with
// emscripten_worker_respond. Input is decoded defensively; a bad message gets an error reply.
#include <emscripten.h>
#include <emscripten/heap.h>

#include <string>
#include <string_view>

#include "core/wire.h"
#include "emulator/demo_host.h"

namespace {

pinlab::emu::DemoHost g_host;

void respond(const std::string& bytes) {
    emscripten_worker_respond(const_cast<char*>(bytes.data()), static_cast<int>(bytes.size()));
}

pinlab::Response bad_message() {
    pinlab::Response r;
    r.status = 400;
    r.headers.set("Content-Type", "application/json");
    r.body = R"({"code":1,"message":"The Demo worker received a malformed message."})";
    return r;
}

}  // namespace

extern "C" {

// bytes client_id, bytes redirect_uri, u32 rules (0 production, 1 the sandbox's), then optionally u32 mode and
// bytes snapshot: the emulator for the calls that follow. Mode 0 (or absent): fresh. 1: restored from the snapshot (the page's saved copy), fresh
// when it is refused. 2: the running emulator's own state carried over (a new client id or redirect URI, or
// a sign-out, must not lose what the page has not saved yet).
// -> u32 restored (0|1), then UTF-8 text saying what happened (the page logs it).
EMSCRIPTEN_KEEPALIVE void demo_start(char* data, int size) {
    pinlab::WireReader r(std::string_view(data, size > 0 ? static_cast<size_t>(size) : 0));
    std::string client_id, redirect_uri, snapshot;
    uint32_t mode = 0, rules = 0;
    pinlab::emu::DemoStartResult res;
    if (r.bytes(client_id) && r.bytes(redirect_uri) && r.u32(rules) && rules <= 1) {
        if ((!r.at_end() && !(r.u32(mode) && r.bytes(snapshot))) || mode > 2) mode = 0;
        if (mode == 2) snapshot = g_host.snapshot();
        res = g_host.start(client_id, redirect_uri, mode == 0 ? std::string_view() : std::string_view(snapshot),
                           rules == 1 ? pinlab::emu::Flavor::Sandbox : pinlab::emu::Flavor::Public);
    } else {
        res.error = "malformed start message";
    }
    pinlab::WireWriter w;
    w.u32(res.restored ? 1 : 0);
    w.out() += (mode == 2 && res.restored ? "kept the running Demo data" : res.describe());
    respond(w.out());
}

// -> the emulator's state (Emulator::save_state), empty before demo_start.
EMSCRIPTEN_KEEPALIVE void demo_save(char*, int) { respond(g_host.snapshot()); }

// i64 now_ms, bytes request (core/wire.h) -> response (core/wire.h).
EMSCRIPTEN_KEEPALIVE void demo_handle(char* data, int size) {
    pinlab::WireReader r(std::string_view(data, size > 0 ? static_cast<size_t>(size) : 0));
    int64_t now = 0;
    std::string req_bytes;
    std::optional<pinlab::Request> req;
    if (r.i64(now) && r.bytes(req_bytes)) req = pinlab::decode_request(req_bytes);
    respond(pinlab::encode_response(req ? g_host.handle(*req, now) : bad_message()));
}

// i64 now_ms, u32 max_width, bytes url -> encode_demo_image.
EMSCRIPTEN_KEEPALIVE void demo_image(char* data, int size) {
    pinlab::WireReader r(std::string_view(data, size > 0 ? static_cast<size_t>(size) : 0));
    int64_t now = 0;
    uint32_t max_width = 0;
    std::string url;
    pinlab::emu::DemoImage img;
    if (r.i64(now) && r.u32(max_width) && r.bytes(url) && max_width <= 1u << 16)
        img = g_host.image(url, static_cast<int>(max_width), now);
    else
        img.error = "malformed image request";
    respond(pinlab::emu::encode_demo_image(img));
}

// -> u32 bytes of WASM heap (benchmarks read it through the page's test bridge).
EMSCRIPTEN_KEEPALIVE void demo_heap(char*, int) {
    pinlab::WireWriter w;
    w.u32(static_cast<uint32_t>(emscripten_get_heap_size()));
    respond(w.out());
}

}  // extern "C"

int main() { return 0; }
