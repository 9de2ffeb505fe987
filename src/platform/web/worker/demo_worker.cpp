// demo_worker.cpp — pinlab-demo.js, the Demo backend's Web Worker: a DemoHost (the Pinterest emulator
// as the "Pinlab" app knows it) behind three calls the page posts (see src/platform/web/demo.cpp).
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

// bytes client_id, bytes redirect_uri: a fresh emulator for the calls that follow.
EMSCRIPTEN_KEEPALIVE void demo_start(char* data, int size) {
    pinlab::WireReader r(std::string_view(data, size > 0 ? static_cast<size_t>(size) : 0));
    std::string client_id, redirect_uri;
    if (r.bytes(client_id) && r.bytes(redirect_uri)) g_host.start(client_id, redirect_uri);
    emscripten_worker_respond(nullptr, 0);
}

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
