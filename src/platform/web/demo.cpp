// demo.cpp — the Demo backend in the browser: the Pinterest emulator runs in a Web Worker
// (pinlab-demo.js, built from src/platform/web/worker), so its code is not part of the page a user of
// a real backend downloads, and its work (building API responses, rendering pin images) never runs
// inside a frame. This file is the page's side: the worker channel in JavaScript, a Transport over it,
// and the Demo image tickets.
//
// The channel speaks Emscripten's BUILD_AS_WORKER protocol ({funcName, callbackId, data} in,
// {callbackId, data} out) with bytes from core/wire.h. Replies are kept in JavaScript until the frame
// loop polls them (no callbacks into C++), and a worker that fails to load or crashes fails every call
// with a readable error instead of leaving them pending.
#include <emscripten.h>

#include <optional>
#include <string>
#include <vector>

#include "core/network_effects.h"
#include "core/wire.h"
#include "platform/web/web.h"

// [SECTION] JavaScript -------------------------------------------------------------------------
// clang-format off
EM_JS(int, pl_js_demo_post, (const char* fn, const char* data, int len, int image), {
    var d = Module.pinlabDemo;
    if (!d) {
        d = Module.pinlabDemo = { worker: null, next: 1, calls: {}, error: "" };
        d.fail = function(why) {
            if (d.error) return;
            d.error = "The Demo emulator (pinlab-demo.js) stopped: " + why;
            for (var k in d.calls) d.settle(d.calls[k], null);
            Module.pinlabDirty = true;
        };
        d.query = function(name) {  // for the test bridge: a call answered to JavaScript
            return new Promise(function(resolve) {
                if (d.error) return resolve(null);
                var id = d.next++;
                d.calls[id] = { id: id, state: 0, resolve: resolve };
                d.worker.postMessage({ funcName: name, callbackId: id, data: 0 });
            });
        };
        d.settle = function(c, bytes) {  // bytes null = failed
            if (c.resolve) { delete d.calls[c.id]; c.resolve(bytes); return; }
            if (!c.image) { c.state = bytes ? 1 : 2; c.data = bytes; return; }
            delete d.calls[c.id];
            var e = c.image;
            if (e.released) return;
            var fail = function(m) { e.state = 2; e.err = m; };
            if (!bytes) return fail(d.error);
            var dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
            var kind = bytes.length >= 4 ? dv.getUint32(0, true) : -1;
            if (kind === 1 && bytes.length >= 12) {
                var w = dv.getUint32(4, true), h = dv.getUint32(8, true);
                if (bytes.length !== 12 + w * h * 4) return fail("malformed image from the Demo emulator");
                e.pixels = { data: bytes.subarray(12), w: w, h: h };  // uploaded when polled (in a frame)
            } else if (kind === 2 && bytes.length >= 8) {
                var n = dv.getUint32(4, true);
                if (8 + n > bytes.length) return fail("malformed image from the Demo emulator");
                var type = new TextDecoder().decode(bytes.subarray(8, 8 + n));
                Module.pinlabDecode(e, Promise.resolve(new Blob([bytes.subarray(8 + n)], { type: type })));
            } else {
                fail(kind === 0 ? new TextDecoder().decode(bytes.subarray(4)) : "malformed image from the Demo emulator");
            }
        };
        try {
            d.worker = new Worker("pinlab-demo.js");
            d.worker.onmessage = function(m) {
                var c = d.calls[m.data.callbackId];
                if (!c) return;  // forgotten (cancelled) or a start message
                var b = m.data.data;
                d.settle(c, b ? (b instanceof Uint8Array ? b : new Uint8Array(b)) : new Uint8Array(0));
                Module.pinlabDirty = true;
            };
            d.worker.onerror = function(e) {
                d.fail(e && e.message ? e.message : "it could not be loaded");
                if (e && e.preventDefault) e.preventDefault();
            };
        } catch (e) {
            d.fail(String(e && e.message || e));
        }
    }
    var id = d.next++;
    var c = { id: id, state: 0, data: null, image: null };
    if (image) {
        var ie = Module.pinlabNewImage();
        c.image = ie[1];
        c.imageId = ie[0];
    }
    var name = UTF8ToString(fn);
    if (name !== "demo_start") d.calls[id] = c;
    if (d.error) {
        d.settle(c, null);
    } else {
        var bytes = new Uint8Array(HEAPU8.subarray(data, data + len));  // a copy, transferred to the worker
        d.worker.postMessage({ funcName: name, callbackId: name === "demo_start" ? -1 : id, data: bytes }, [bytes.buffer]);
    }
    return image ? c.imageId : id;
});
// -1 pending, -2 failed, else the reply's length (then pl_js_demo_take).
EM_JS(int, pl_js_demo_result, (int id), {
    var c = Module.pinlabDemo && Module.pinlabDemo.calls[id];
    if (!c) return -2;
    return c.state === 0 ? -1 : c.state === 2 ? -2 : c.data.length;
});
EM_JS(void, pl_js_demo_take, (int id, char* dst), {
    var d = Module.pinlabDemo;
    HEAPU8.set(d.calls[id].data, dst);
    delete d.calls[id];
});
EM_JS(void, pl_js_demo_forget, (int id), { if (Module.pinlabDemo) delete Module.pinlabDemo.calls[id]; });
EM_JS(char*, pl_js_demo_error, (), {
    var v = (Module.pinlabDemo && Module.pinlabDemo.error) || "The Demo emulator did not answer";
    return Module.pinlabString(v);
});
// clang-format on

namespace pinlab::web {

namespace {

std::string demo_error() { return take_js_string(pl_js_demo_error()); }

// A Transport whose requests the worker's emulator answers. Replies wait in the same DeliveryQueue as
// the in-process EmulatorTransport's, so emulated latency, drops and timeouts behave alike.
class DemoWorkerTransport : public Transport {
public:
    explicit DemoWorkerTransport(WebPlatform& p) : p_(p) {}
    ~DemoWorkerTransport() override {
        for (auto& f : waiting_) pl_js_demo_forget(f.call);
    }

    RequestId send(Request req) override {
        Waiting f;
        f.id = next_id_++;
        f.sent_ms = now_ms();
        f.timeout_ms = req.timeout_ms;
        WireWriter w;
        w.i64(p_.epoch_ms()).bytes(encode_request(req));
        f.call = p_.demo_post("demo_handle", w.out(), false);
        waiting_.push_back(f);
        return f.id;
    }

    void cancel(RequestId id) override {
        const double now = now_ms();
        for (auto it = waiting_.begin(); it != waiting_.end(); ++it) {
            if (it->id != id) continue;
            pl_js_demo_forget(it->call);  // a reply that still comes is dropped
            Completion c;
            c.id = id;
            queue_.add(std::move(c), it->sent_ms, now);
            waiting_.erase(it);
            break;
        }
        queue_.cancel(id, now);
    }

    void poll(std::vector<Completion>& out) override {
        const double now = now_ms();
        for (auto it = waiting_.begin(); it != waiting_.end();) it = settle(*it, now) ? waiting_.erase(it) : it + 1;
        queue_.poll(now, out);
    }

    double now_ms() const override { return emscripten_get_now(); }

private:
    struct Waiting {  // sent to the worker, no reply yet
        RequestId id = 0;
        int call = 0;
        int timeout_ms = 0;
        double sent_ms = 0;
    };

    // Queues the reply (or the failure) if there is one by now; true when `f` is done waiting.
    bool settle(const Waiting& f, double now) {
        Completion c;
        double due = now;
        const int n = pl_js_demo_result(f.call);
        if (n == -1) {
            if (f.timeout_ms <= 0 || now - f.sent_ms <= f.timeout_ms) return false;
            pl_js_demo_forget(f.call);  // a busy or stuck worker
            c.error = TransportError::Timeout;
            c.error_detail = "no response within " + std::to_string(f.timeout_ms) + " ms";
        } else if (n == -2) {
            c.error = TransportError::Network;
            c.error_detail = demo_error();
        } else {
            std::string bytes(static_cast<size_t>(n), '\0');
            pl_js_demo_take(f.call, bytes.data());
            std::optional<Response> resp = decode_response(bytes);
            if (resp) {
                Request req;
                req.timeout_ms = f.timeout_ms;
                double delay = 0;
                c = emulated_completion(req, std::move(*resp), delay);
                due = f.sent_ms + delay;
            } else {
                c.error = TransportError::Network;
                c.error_detail = "malformed reply from the Demo emulator";
            }
        }
        c.id = f.id;
        queue_.add(std::move(c), f.sent_ms, due);
        return true;
    }

    WebPlatform& p_;
    RequestId next_id_ = 1;
    std::vector<Waiting> waiting_;
    DeliveryQueue queue_;
};

}  // namespace

void WebPlatform::demo_send_start() {
    if (!demo_restart_) return;
    demo_restart_ = false;  // the start message goes first; the worker handles messages in order
    WireWriter w;
    w.bytes(demo_options_.client_id).bytes(demo_options_.redirect_uri);
    pl_js_demo_post("demo_start", w.out().data(), static_cast<int>(w.out().size()), 0);
}

int WebPlatform::demo_post(const char* fn, const std::string& data, bool image) {
    demo_send_start();
    return pl_js_demo_post(fn, data.data(), static_cast<int>(data.size()), image ? 1 : 0);
}

void WebPlatform::demo_warm() { demo_send_start(); }

// The worker is created by the first call, not here: a page that is never used in Demo mode never
// downloads the emulator.
void WebPlatform::demo_start(const DemoOptions& o) {
    demo_options_ = o;
    demo_restart_ = true;
}

std::unique_ptr<Transport> WebPlatform::demo_transport() { return std::make_unique<DemoWorkerTransport>(*this); }

uint32_t WebPlatform::demo_image(const std::string& url, int max_width) {
    WireWriter w;
    w.i64(epoch_ms()).u32(static_cast<uint32_t>(max_width < 0 ? 0 : max_width)).bytes(url);
    return static_cast<uint32_t>(demo_post("demo_image", w.out(), true));
}

}  // namespace pinlab::web
