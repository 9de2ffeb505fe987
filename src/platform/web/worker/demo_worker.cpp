// demo_worker.cpp — pinlab-demo.js, the Demo backend's Web Worker: a DemoHost (the Pinterest emulator
// as the "Pinlab" app knows it) behind the calls the page posts (see src/platform/web/demo.cpp).
// Built with -sBUILD_AS_WORKER: each exported function gets the message's bytes and answers once
// (pl_respond, as emscripten_worker_respond would). Input is decoded defensively; a bad message gets an error reply.
// catalogue.json (for the emulator's generic layer and the Explorer's spec service) is given by the page when
// it opens the Explorer (fetched there while this worker starts: catalogue_give), else fetched from the
// worker's own origin on first need, with a synchronous request (which a worker may make); without it,
// operations that are not modelled answer 501 and the spec service says why.
#include <emscripten.h>
#include <emscripten/heap.h>

#include <cstdlib>
#include <string>
#include <string_view>

#include "core/catalogue.h"
#include "core/wire.h"
#include "emulator/demo_host.h"

// The catalogue: catalogue.json beside this script, fetched synchronously (allowed in a worker) on first
// need: the page asks about the API description, or calls an operation that is not modelled. -1 on failure (the error kept for
// pl_catalogue_take), else its length.
// clang-format off
EM_JS(int, pl_catalogue_fetch, (), {
    Module.pinlabCatalogue = null;
    try {
        var x = new XMLHttpRequest();
        x.open("GET", "catalogue.json", false);
        x.responseType = "arraybuffer";
        x.send();
        if (x.status !== 200) { Module.pinlabCatalogueError = "HTTP " + x.status + " for catalogue.json"; return -1; }
        Module.pinlabCatalogue = new Uint8Array(x.response);
        return Module.pinlabCatalogue.length;
    } catch (e) {
        Module.pinlabCatalogueError = String(e && e.message || e);
        return -1;
    }
});
EM_JS(void, pl_catalogue_take, (char* dst), {
    if (Module.pinlabCatalogue) HEAPU8.set(Module.pinlabCatalogue, dst);
    Module.pinlabCatalogue = null;
});
EM_JS(int, pl_catalogue_error, (char* dst, int cap), {
    return stringToUTF8(Module.pinlabCatalogueError || "catalogue.json could not be loaded", dst, cap);
});
// emcc's worker glue keeps the messages that arrive before its runtime is up and sends them to itself again on a
// 100 ms timer, so the page's first call would wait for that timer. main() runs as soon as the runtime is up:
// one message handed to the glue's own handler now delivers the held ones at once.
EM_JS(void, pl_deliver_held_messages, (), {
    if (typeof onmessage === "function") onmessage({ data: { funcName: "demo_noop", callbackId: -1, data: 0 } });
});
// The final answer to the message being handled, as emscripten_worker_respond posts it ({callbackId,
// finalResponse, data}, the bytes transferred). Written here because emcc ties each of its browser library
// functions to the whole Browser object (main loop, fullscreen, pointer lock, media: 2 KB gzip of JavaScript
// this worker never runs); workerResponded and workerCallbackId are its worker glue's.
EM_JS(void, pl_respond, (const char* data, int size), {
    if (workerResponded) throw "already responded with final response!";
    workerResponded = true;
    var m = { "callbackId": workerCallbackId, "finalResponse": true, "data": data ? HEAPU8.slice(data, data + size) : 0 };
    if (data) postMessage(m, [m["data"].buffer]); else postMessage(m);
});
// clang-format on

namespace {

pinlab::emu::DemoHost g_host;
std::string g_given_catalogue;  // catalogue.json's bytes from the page (catalogue_give), until loaded

std::string fetch_catalogue(std::string* error) {
    if (!g_given_catalogue.empty()) return std::move(g_given_catalogue);
    int n = pl_catalogue_fetch();
    if (n < 0) {
        char buf[256] = {0};
        pl_catalogue_error(buf, sizeof buf);
        if (error) *error = buf;
        return {};
    }
    std::string text(static_cast<size_t>(n), '\0');
    pl_catalogue_take(text.data());
    return text;
}

void respond(const std::string& bytes) {
    pl_respond(bytes.data(), static_cast<int>(bytes.size()));
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

// As demo_handle, for the Explorer's questions about the API description (/_spec/…): the page posts them
// without waiting for the saved Demo data to be read, since they never touch the emulator.
EMSCRIPTEN_KEEPALIVE void spec_handle(char* data, int size) { demo_handle(data, size); }

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

// catalogue.json's bytes, fetched by the page while this worker started (no reply): parsed now, while the
// page is still loading the Explorer's code.
EMSCRIPTEN_KEEPALIVE void catalogue_give(char* data, int size) {
    if (g_host.catalogue() || size <= 0) return;
    g_given_catalogue.assign(data, static_cast<size_t>(size));
    g_host.load_catalogue();
}

// Nothing: the message main() sends to deliver the ones held before the runtime was up (no reply).
EMSCRIPTEN_KEEPALIVE void demo_noop(char*, int) {}

// -> u32 bytes of WASM heap (benchmarks read it through the page's test bridge).
EMSCRIPTEN_KEEPALIVE void demo_heap(char*, int) {
    pinlab::WireWriter w;
    w.u32(static_cast<uint32_t>(emscripten_get_heap_size()));
    respond(w.out());
}

}  // extern "C"

int main() {
    g_host.set_catalogue_loader(fetch_catalogue);  // before any message is handled
    pl_deliver_held_messages();
    return 0;
}
