// demo.cpp — the Demo backend in the browser: the Pinterest emulator runs in a Web Worker
// (pinlab-demo.js, built from src/platform/web/worker), so its code is not part of the page a user of
// a real backend downloads, and its work (building API responses, rendering pin images) never runs
// inside a frame. This file is the page's side: the worker channel in JavaScript, a Transport over it,
// the Demo image tickets, and the tab's saved Demo data.
//
// The channel speaks Emscripten's BUILD_AS_WORKER protocol ({funcName, callbackId, data} in,
// {callbackId, data} out) with bytes from core/wire.h. Replies are kept in JavaScript until the frame
// loop polls them (no callbacks into C++), and a worker that fails to load or crashes fails every call
// with a readable error instead of leaving them pending.
//
// Saved Demo data: the emulator's snapshot (Emulator::save_state) lives in IndexedDB under an id this tab
// keeps in sessionStorage, so a reload of the tab finds it and another tab does not. It is read before the
// first start message is posted (calls posted meanwhile wait, in order, behind it) and written 300 ms after
// the last completed call that could change something (any method but GET/HEAD). Entries of other tabs,
// which sessionStorage forgets when they close, are pruned to the few newest. Without IndexedDB (some
// private modes) Demo works as before, only without surviving a reload.
#include <emscripten.h>

#include <optional>
#include <string>
#include <vector>

#include "core/network_effects.h"
#include "core/spec_service.h"
#include "core/wire.h"
#include "platform/web/web.h"

// [SECTION] JavaScript -------------------------------------------------------------------------
// clang-format off
// The tab's saved Demo data in IndexedDB: Module.pinlabDemoIdb (also used without a worker, to forget).
EM_JS(void, pl_js_demo_idb_setup, (), {
    if (Module.pinlabDemoIdb) return;
    var s = Module.pinlabDemoIdb = { tab: "", opening: null, keep: 4 };
    try {
        s.tab = sessionStorage.getItem("pinlab.demo.tab") || "";
        if (!s.tab) {
            s.tab = Date.now().toString(36) + "-" + Math.random().toString(36).slice(2, 10);
            sessionStorage.setItem("pinlab.demo.tab", s.tab);
        }
    } catch (e) { s.tab = ""; }  // no sessionStorage: nothing to find this tab's data by after a reload
    s.db = function() {  // a promise of the database, or of null when there is none
        if (s.opening) return s.opening;
        s.opening = new Promise(function(resolve) {
            try {
                if (!s.tab || typeof indexedDB === "undefined") return resolve(null);
                var req = indexedDB.open("pinlab-demo", 1);
                req.onupgradeneeded = function() {
                    req.result.createObjectStore("snapshots", { keyPath: "tab" }).createIndex("time", "time");
                };
                req.onsuccess = function() { resolve(req.result); };
                req.onerror = req.onblocked = function(e) {
                    if (e && e.preventDefault) e.preventDefault();
                    resolve(null);
                };
            } catch (e) { resolve(null); }
        });
        return s.opening;
    };
    // Runs fn(store) in a transaction; a promise of the request's result (null on any failure).
    s.run = function(mode, fn) {
        return s.db().then(function(db) {
            if (!db) return null;
            return new Promise(function(resolve) {
                try {
                    var tx = db.transaction("snapshots", mode);
                    var req = fn(tx.objectStore("snapshots"));
                    tx.oncomplete = function() { resolve(req ? req.result : true); };
                    tx.onerror = tx.onabort = function(e) {
                        if (e && e.preventDefault) e.preventDefault();
                        resolve(null);
                    };
                } catch (e) { resolve(null); }
            });
        });
    };
    s.load = function() {
        return s.run("readonly", function(st) { return st.get(s.tab); }).then(function(rec) {
            return rec && rec.bytes instanceof Uint8Array && rec.bytes.length ? rec.bytes : null;
        });
    };
    s.save = function(bytes) {
        return s.run("readwrite", function(st) { return st.put({ tab: s.tab, time: Date.now(), bytes: bytes }); });
    };
    s.forget = function() { return s.run("readwrite", function(st) { return st.delete(s.tab); }); };
    s.prune = function() {  // other tabs' entries beyond the `keep` newest
        return s.run("readwrite", function(st) {
            var seen = 0;
            var cur = st.index("time").openKeyCursor(null, "prev");
            cur.onsuccess = function() {
                var c = cur.result;
                if (!c) return;
                if (c.primaryKey !== s.tab && ++seen > s.keep) st.delete(c.primaryKey);
                c.continue();
            };
            return null;
        });
    };
});
// Creates the channel (and the worker) on first use.
EM_JS(void, pl_js_demo_init, (), {
    if (Module.pinlabDemo) return;
    var s = Module.pinlabDemoIdb;
    var d = Module.pinlabDemo = { worker: null, next: 1, calls: {}, error: "",
                                  gate: null, started: false, timer: 0, epoch: 0, saveOff: false,
                                  persist: { saves: 0, restored: false, note: "" } };
    d.fail = function(why) {
        if (d.error) return;
        d.error = "The Demo emulator (pinlab-demo.js) stopped: " + why;
        for (var k in d.calls) d.settle(d.calls[k], null);
        if (d.gate) d.gate = null;
        Module.pinlabDirty = true;
    };
    // Everything goes to the worker through here: held back, in order, while the saved data is read.
    // Questions about the API description (spec_handle) need no emulator, so they never wait for the saved data.
    // While the page fetches catalogue.json for the worker (prefetchCatalogue), questions about the API
    // description wait for it, so the worker parses the page's copy instead of fetching its own.
    d.post = function(msg, transfer) {
        if (d.gate && msg.funcName !== "spec_handle") d.gate.push([msg, transfer]);
        else if (d.catGate && msg.funcName === "spec_handle") d.catGate.push([msg, transfer]);
        else if (!d.error) d.worker.postMessage(msg, transfer || []);
    };
    d.prefetchCatalogue = function() {
        if (d.catalogue || d.error) return;
        d.catalogue = true;
        d.catGate = [];
        var release = function(bytes) {
            var held = d.catGate;
            d.catGate = null;
            if (bytes && !d.error) d.worker.postMessage({ funcName: "catalogue_give", callbackId: -1, data: bytes }, [bytes.buffer]);
            held.forEach(function(m) { d.post(m[0], m[1]); });
        };
        // Failing here is not an error: the worker fetches it itself and reports what went wrong.
        fetch("catalogue.json", { credentials: "same-origin" })
            .then(function(r) { return r.ok ? r.arrayBuffer() : null; })
            .then(function(b) { release(b ? new Uint8Array(b) : null); }, function() { release(null); });
    };
    d.query = function(name, data) {  // a call answered to JavaScript (the test bridge, saves, starts)
        return new Promise(function(resolve) {
            if (d.error) return resolve(null);
            var id = d.next++;
            d.calls[id] = { id: id, state: 0, resolve: resolve };
            d.post({ funcName: name, callbackId: id, data: data || 0 }, data ? [data.buffer] : []);
        });
    };
    // base: the C++ part of the start message (client id, redirect URI, rules); then u32 mode, bytes snapshot.
    d.start = function(base, restore) {
        d.saveOff = false;
        var send = function(mode, snap) {
            snap = snap || new Uint8Array(0);
            var msg = new Uint8Array(base.length + 8 + snap.length);
            var dv = new DataView(msg.buffer);
            msg.set(base, 0);
            dv.setUint32(base.length, mode, true);
            dv.setUint32(base.length + 4, snap.length, true);
            msg.set(snap, base.length + 8);
            d.query("demo_start", msg).then(function(b) {
                if (!b || b.length < 4) return;
                d.persist.restored = new DataView(b.buffer, b.byteOffset, 4).getUint32(0, true) === 1;
                d.persist.note = new TextDecoder().decode(b.subarray(4));
                console.info("Pinlab Demo: " + d.persist.note);
            });
        };
        if (!restore) {  // fresh data; a save still on its way is of the emulator this replaces
            clearTimeout(d.timer);
            d.epoch++;
            d.started = true;
            return send(0);
        }
        if (d.started) return send(2);  // the running emulator is newer than anything saved
        d.started = true;
        var queued = d.gate = [];
        var opened = false;
        var open = function(snap) {
            if (opened) return;
            opened = true;
            if (d.gate !== queued) return;  // the worker failed meanwhile
            d.gate = null;
            send(snap ? 1 : 0, snap);
            for (var i = 0; i < queued.length; ++i) d.post(queued[i][0], queued[i][1]);
            Module.pinlabDirty = true;
            s.prune();
        };
        setTimeout(function() { open(null); }, 3000);  // a database that never answers must not stall Demo
        s.load().then(open, function() { open(null); });
    };
    // A call that may have changed the emulator's state completed: save it soon (once for a burst).
    d.changed = function() {
        if (d.saveOff || !s.tab) return;
        clearTimeout(d.timer);
        d.timer = setTimeout(function() {
            var epoch = d.epoch;
            d.query("demo_save").then(function(b) {
                if (!b || !b.length || epoch !== d.epoch || d.saveOff) return;
                s.save(b).then(function(ok) { if (ok && epoch === d.epoch) d.persist.saves++; });
            });
        }, 300);
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
            if (!c) return;  // forgotten (cancelled)
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
});
EM_JS(int, pl_js_demo_post, (const char* fn, const char* data, int len, int image), {
    var d = Module.pinlabDemo;
    var id = d.next++;
    var c = { id: id, state: 0, data: null, image: null };
    if (image) {
        var ie = Module.pinlabNewImage();
        c.image = ie[1];
        c.imageId = ie[0];
    }
    d.calls[id] = c;
    if (d.error) {
        d.settle(c, null);
    } else {
        var bytes = new Uint8Array(HEAPU8.subarray(data, data + len));  // a copy, transferred to the worker
        d.post({ funcName: UTF8ToString(fn), callbackId: id, data: bytes }, [bytes.buffer]);
    }
    return image ? c.imageId : id;
});
EM_JS(void, pl_js_demo_prefetch_catalogue, (), { if (Module.pinlabDemo) Module.pinlabDemo.prefetchCatalogue(); });
EM_JS(void, pl_js_demo_start, (const char* data, int len, int restore), {
    Module.pinlabDemo.start(new Uint8Array(HEAPU8.subarray(data, data + len)), restore !== 0);
});
EM_JS(void, pl_js_demo_changed, (), { if (Module.pinlabDemo) Module.pinlabDemo.changed(); });
EM_JS(void, pl_js_demo_forget_saved, (), {
    var d = Module.pinlabDemo;
    if (d) {  // nothing saved from here until the next start: a late save would bring the data back
        clearTimeout(d.timer);
        d.epoch++;
        d.saveOff = true;
    }
    Module.pinlabDemoIdb.forget();
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
        f.changes = req.method != "GET" && req.method != "HEAD" && !is_spec_request(req.url);  // spec questions change nothing
        WireWriter w;
        w.i64(p_.epoch_ms()).bytes(encode_request(req));
        f.call = is_spec_request(req.url) ? p_.spec_post(w.out()) : p_.demo_post("demo_handle", w.out(), false);
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
        bool changes = false;  // a method that may change the emulator's state: save it once answered
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
            if (f.changes) pl_js_demo_changed();
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

void WebPlatform::demo_open() {
    pl_js_demo_idb_setup();
    pl_js_demo_init();
}

void WebPlatform::demo_send_start() {
    demo_open();
    if (!demo_restart_) return;
    demo_restart_ = false;  // the start message goes first; the worker handles messages in order
    WireWriter w;
    w.bytes(demo_options_.client_id).bytes(demo_options_.redirect_uri).u32(demo_options_.sandbox ? 1 : 0);
    pl_js_demo_start(w.out().data(), static_cast<int>(w.out().size()), demo_options_.restore ? 1 : 0);
}

int WebPlatform::demo_post(const char* fn, const std::string& data, bool image) {
    demo_send_start();
    return pl_js_demo_post(fn, data.data(), static_cast<int>(data.size()), image ? 1 : 0);
}

// Questions about the API description need only the catalogue: the emulator (seeding it, or restoring the
// tab's saved data) starts with the first call that needs it, not with the Explorer.
int WebPlatform::spec_post(const std::string& data) {
    demo_open();
    return pl_js_demo_post("spec_handle", data.data(), static_cast<int>(data.size()), 0);
}

void WebPlatform::demo_warm() { demo_send_start(); }

// The worker and catalogue.json download side by side (the page hands the file over), not one after the other.
void WebPlatform::spec_warm() {
    if (spec_warmed_) return;  // asked every frame while a pointer rests on the Explorer's link
    spec_warmed_ = true;
    demo_open();
    pl_js_demo_prefetch_catalogue();
}

// The worker is created by the first call, not here: a page that is never used in Demo mode never
// downloads the emulator.
void WebPlatform::demo_start(const DemoOptions& o) {
    demo_options_ = o;
    demo_restart_ = true;
}

void WebPlatform::demo_forget() {
    pl_js_demo_idb_setup();
    pl_js_demo_forget_saved();
}

std::unique_ptr<Transport> WebPlatform::demo_transport() { return std::make_unique<DemoWorkerTransport>(*this); }

uint32_t WebPlatform::demo_image(const std::string& url, int max_width) {
    WireWriter w;
    w.i64(epoch_ms()).u32(static_cast<uint32_t>(max_width < 0 ? 0 : max_width)).bytes(url);
    return static_cast<uint32_t>(demo_post("demo_image", w.out(), true));
}

}  // namespace pinlab::web
