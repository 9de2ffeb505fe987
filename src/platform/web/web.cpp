// web.cpp — browser services for the app, written as small EM_JS functions: page size and DPR,
// storage, address bar, clipboard, ARIA live region, images through createImageBitmap into
// WebGL textures, the file picker, config.json, and the test bridge (window.pinlab).
//
// Async browser events (an image decoded, a paste, a file read, a hash change) set
// Module.pinlabDirty; pump() reads it once per frame to wake the idle loop.
#include <emscripten.h>
#include <imgui.h>

#include <cstdlib>
#include <cstring>

#include "platform/web/web.h"

// [SECTION] JavaScript -------------------------------------------------------------------------
// clang-format off
EM_JS(void, pl_js_install, (), {
    Module.pinlabDirty = true;
    Module.pinlabClipboard = "";
    Module.pinlabImages = {};
    Module.pinlabNextImage = 1;
    Module.pinlabFrames = [];      // CPU ms of drawn frames (ring of 2000)
    Module.pinlabIdleFrames = 0;
    var wake = function() { Module.pinlabDirty = true; };
    // The address bar changed under us (typed hash, Back/Forward): the cached href is stale.
    var moved = function() { Module.pinlabHrefMoved = true; wake(); };
    window.addEventListener("hashchange", moved);
    window.addEventListener("popstate", moved);
    window.addEventListener("resize", wake);
    window.addEventListener("focus", wake);
    document.addEventListener("visibilitychange", wake);
    // Paste, copy and cut arrive as clipboard events (input.cpp); Module.pinlabClipboard holds the text
    // ImGui reads and writes.
    // Test bridge: end-to-end tests read the UI state and click labelled items by rectangle.
    window.pinlab = {
        // Serialized by the app on request (app::bridge_json), not every frame.
        state: function() {
            if (!Module._pinlab_bridge_json) return {};
            var p = Module._pinlab_bridge_json();
            var s = UTF8ToString(p);
            Module._free(p);
            try { return JSON.parse(s); } catch (e) { return {}; }
        },
        frameTimes: function() { return Module.pinlabFrames.slice(); },
        resetFrameTimes: function() { Module.pinlabFrames = []; Module.pinlabIdleFrames = 0; },
        idleFrames: function() { return Module.pinlabIdleFrames; },
        heapBytes: function() { return HEAP8.length; },
        // Bytes of pin image textures alive on the GPU (RGBA, 4 bytes a pixel), for the performance suite.
        textureBytes: function() { return Module.pinlabTexBytes || 0; },
        // The Demo worker's WASM heap (a promise; 0 when Demo mode has not been used).
        demoHeapBytes: function() {
            if (!Module.pinlabDemo) return Promise.resolve(0);
            return Module.pinlabDemo.query("demo_heap").then(function(b) {
                return b && b.length >= 4 ? new DataView(b.buffer, b.byteOffset, 4).getUint32(0, true) : 0;
            });
        },
        wake: wake,
    };
    Module.pinlabWake = wake;
    // A JavaScript string as a malloc'd UTF-8 copy for C++ (take_js_string frees it).
    Module.pinlabString = function(v) {
        var n = lengthBytesUTF8(v) + 1;
        var p = _malloc(n);
        stringToUTF8(v, p, n);
        return p;
    };
    // One upload path for every image: an ImageBitmap (decoded off the main thread) or RGBA pixels.
    Module.pinlabTexture = function(entry, src, w, h) {
        var tex = GLctx.createTexture();
        GLctx.bindTexture(GLctx.TEXTURE_2D, tex);
        GLctx.texParameteri(GLctx.TEXTURE_2D, GLctx.TEXTURE_MIN_FILTER, GLctx.LINEAR);
        GLctx.texParameteri(GLctx.TEXTURE_2D, GLctx.TEXTURE_MAG_FILTER, GLctx.LINEAR);
        GLctx.texParameteri(GLctx.TEXTURE_2D, GLctx.TEXTURE_WRAP_S, GLctx.CLAMP_TO_EDGE);
        GLctx.texParameteri(GLctx.TEXTURE_2D, GLctx.TEXTURE_WRAP_T, GLctx.CLAMP_TO_EDGE);
        GLctx.pixelStorei(GLctx.UNPACK_ALIGNMENT, 1);
        if (src instanceof Uint8Array)
            GLctx.texImage2D(GLctx.TEXTURE_2D, 0, GLctx.RGBA, w, h, 0, GLctx.RGBA, GLctx.UNSIGNED_BYTE, src);
        else
            GLctx.texImage2D(GLctx.TEXTURE_2D, 0, GLctx.RGBA, GLctx.RGBA, GLctx.UNSIGNED_BYTE, src);
        var glid = GL.getNewId(GL.textures);
        entry.bytes = w * h * 4;
        Module.pinlabTexBytes = (Module.pinlabTexBytes || 0) + entry.bytes;
        tex.name = glid;
        GL.textures[glid] = tex;
        entry.tex = glid; entry.w = w; entry.h = h; entry.state = 1;
    };
    Module.pinlabNewImage = function() {
        var id = Module.pinlabNextImage++;
        var entry = { state: 0, tex: 0, w: 0, h: 0, err: "", released: false, ctrl: null, pixels: null };
        Module.pinlabImages[id] = entry;
        return [id, entry];
    };
    // Encoded bytes (a fetch's Blob, or an uploaded file from the Demo emulator) to a texture.
    Module.pinlabDecode = function(entry, blobPromise) {
        blobPromise
            .then(function(b) { return createImageBitmap(b, { premultiplyAlpha: "none", colorSpaceConversion: "none" }); })
            .then(function(bmp) {
                if (!entry.released) Module.pinlabTexture(entry, bmp, bmp.width, bmp.height);
                bmp.close();
                Module.pinlabDirty = true;
            })
            .catch(function(e) {
                if (entry.released) return;
                entry.state = 2; entry.err = String(e && e.message || e);
                Module.pinlabDirty = true;
            });
    };
});

EM_JS(float, pl_js_dpr, (), { return window.devicePixelRatio || 1; });

// getBoundingClientRect may force a layout: measured once per change (resize, or the canvas's own
// size changing), not once per frame.
EM_JS(void, pl_js_css_size, (int* w, int* h), {
    if (!Module.pinlabCss) {
        var c = Module.canvas;
        if (!Module.pinlabCssWatch) {
            Module.pinlabCssWatch = true;
            var stale = function() { Module.pinlabCss = null; Module.pinlabDirty = true; };
            window.addEventListener("resize", stale);
            if (typeof ResizeObserver !== "undefined") new ResizeObserver(stale).observe(c);
        }
        var r = c.getBoundingClientRect();
        Module.pinlabCss = [Math.round(r.width), Math.round(r.height)];
    }
    HEAP32[w >> 2] = Module.pinlabCss[0];
    HEAP32[h >> 2] = Module.pinlabCss[1];
});

EM_JS(void, pl_js_set_backbuffer, (int w, int h), {
    var c = Module.canvas;
    if (c.width !== w) c.width = w;
    if (c.height !== h) c.height = h;
});

EM_JS(int, pl_js_lacks_webgl2, (), { return window.pinlabNoWebGL2 ? 1 : 0; });
EM_JS(void, pl_js_fail, (const char* m), { if (window.pinlabFail) window.pinlabFail(UTF8ToString(m)); });
EM_JS(void, pl_js_started, (), { window.pinlabStarted = true; });
EM_JS(void, pl_js_first_frame, (), {
    var ms = performance.now();
    console.log("first-frame " + ms.toFixed(1));
    window.pinlabFirstFrameMs = ms;
    if (Module.pinlabFirstFrame) Module.pinlabFirstFrame();
});

EM_JS(int, pl_js_take_dirty, (), { var d = Module.pinlabDirty ? 1 : 0; Module.pinlabDirty = false; return d; });

EM_JS(void, pl_js_record_frame, (double ms, int drew), {
    if (drew) {
        var f = Module.pinlabFrames;
        f.push(ms);
        if (f.length > 2000) f.shift();
    } else {
        Module.pinlabIdleFrames++;
    }
});

EM_JS(char*, pl_js_storage_get, (int session, const char* key), {
    try {
        var s = session ? window.sessionStorage : window.localStorage;
        var v = s.getItem(UTF8ToString(key));
        if (v === null) return 0;
        return Module.pinlabString(v);
    } catch (e) { return 0; }
});
EM_JS(void, pl_js_storage_set, (int session, const char* key, const char* value), {
    try { (session ? window.sessionStorage : window.localStorage).setItem(UTF8ToString(key), UTF8ToString(value)); }
    catch (e) { console.warn("Pinlab: storage unavailable: " + e); }
});
EM_JS(void, pl_js_storage_remove, (int session, const char* key), {
    try { (session ? window.sessionStorage : window.localStorage).removeItem(UTF8ToString(key)); } catch (e) {}
});

EM_JS(int, pl_js_take_href_moved, (), { var m = Module.pinlabHrefMoved ? 1 : 0; Module.pinlabHrefMoved = false; return m; });
EM_JS(char*, pl_js_href, (), {
    var v = String(window.location.href);
    return Module.pinlabString(v);
});
EM_JS(void, pl_js_replace_url, (const char* u), {
    try { history.replaceState(history.state, "", UTF8ToString(u)); } catch (e) { console.warn("Pinlab: " + e); }
});
EM_JS(void, pl_js_push_hash, (const char* h), {
    var v = UTF8ToString(h);
    if (window.location.hash !== v) history.pushState(null, "", v.length ? v : window.location.pathname + window.location.search);
});
EM_JS(void, pl_js_navigate, (const char* u), { window.location.assign(UTF8ToString(u)); });
EM_JS(void, pl_js_open_tab, (const char* u), {
    var w = window.open(UTF8ToString(u), "_blank", "noopener,noreferrer");
    if (w) w.opener = null;
});
EM_JS(void, pl_js_set_clipboard, (const char* t), {
    var s = UTF8ToString(t);
    Module.pinlabClipboard = s;
    if (navigator.clipboard && navigator.clipboard.writeText) {
        navigator.clipboard.writeText(s).catch(function(e) { console.warn("Pinlab: clipboard write refused: " + e); });
    }
});
EM_JS(char*, pl_js_get_clipboard, (), {
    var v = Module.pinlabClipboard || "";
    return Module.pinlabString(v);
});
EM_JS(void, pl_js_announce, (const char* t, int assertive), {
    var el = document.getElementById(assertive ? "live-alert" : "live");
    if (el) el.textContent = UTF8ToString(t);
});
EM_JS(void, pl_js_set_title, (const char* t), { document.title = UTF8ToString(t); });
EM_JS(int, pl_js_config_state, (), { return window.pinlabConfig ? window.pinlabConfig.state : 2; });
EM_JS(char*, pl_js_config_text, (), {
    var c = window.pinlabConfig || {};
    var v = c.state === 1 ? c.text : String(c.error || "config.json not loaded");
    return Module.pinlabString(v);
});
EM_JS(double, pl_js_date_now, (), { return Date.now(); });

// The second module (app/views.h, scripts/split_page.py): state 0 not asked for, 1 loading, 2 ready, 3 failed.
// Its imports are the page module's own exports (memory, table, functions); instantiating it writes its
// functions into the table slots that held placeholders until then (shell.html's instantiateWasm).
EM_JS(int, pl_js_views_state, (), { return Module.pinlabViews ? Module.pinlabViews.state : 0; });
EM_JS(char*, pl_js_views_error, (), { return Module.pinlabString(Module.pinlabViews ? Module.pinlabViews.error : ""); });
EM_JS(void, pl_js_views_load, (), {
    var v = Module.pinlabViews;
    if (v && (v.state === 1 || v.state === 2)) return;
    v = Module.pinlabViews = { state: 1, error: "" };
    var done = function(state, error) { v.state = state; v.error = error; Module.pinlabWake(); };
    fetch("pinlab-views.wasm", { credentials: "same-origin" })
        .then(function(r) {
            if (!r.ok) throw new Error("HTTP " + r.status + " for pinlab-views.wasm");
            return r.arrayBuffer();
        })
        .then(function(b) { return WebAssembly.instantiate(b, { primary: Module.pinlabExports }); })
        .then(function() { done(2, ""); }, function(e) { done(3, String((e && e.message) || e)); });
});

// Images: fetch + createImageBitmap decode off the main thread; only the upload is on it.
EM_JS(int, pl_js_image_load, (const char* u), {
    var url = UTF8ToString(u);
    var ie = Module.pinlabNewImage(), entry = ie[1];
    var ctrl = (typeof AbortController !== "undefined") ? new AbortController() : null;
    entry.ctrl = ctrl;
    Module.pinlabDecode(entry, fetch(url, { mode: "cors", credentials: "omit", signal: ctrl ? ctrl.signal : undefined })
        .then(function(r) { if (!r.ok) throw new Error("HTTP " + r.status); return r.blob(); }));
    return ie[0];
});
EM_JS(int, pl_js_image_poll, (int id, int* tex, int* w, int* h), {
    var e = Module.pinlabImages[id];
    if (!e) return 2;
    if (e.pixels) {  // RGBA from the Demo worker: uploaded here, inside the frame that asks for it
        Module.pinlabTexture(e, e.pixels.data, e.pixels.w, e.pixels.h);
        e.pixels = null;
    }
    HEAP32[tex >> 2] = e.tex; HEAP32[w >> 2] = e.w; HEAP32[h >> 2] = e.h;
    return e.state;
});
EM_JS(char*, pl_js_image_error, (int id), {
    var e = Module.pinlabImages[id];
    var v = e ? e.err : "unknown image";
    return Module.pinlabString(v);
});
EM_JS(void, pl_js_image_release, (int id), {
    var e = Module.pinlabImages[id];
    if (!e) return;
    e.released = true;
    if (e.state === 0 && e.ctrl) { try { e.ctrl.abort(); } catch (x) {} }
    if (e.tex) {
        GLctx.deleteTexture(GL.textures[e.tex]); GL.textures[e.tex] = null;
        Module.pinlabTexBytes -= e.bytes || 0;
    }
    delete Module.pinlabImages[id];
});
// File picker: the chosen file is read into the WASM heap and handed over once.
EM_JS(void, pl_js_pick_file, (const char* acc), {
    var input = document.createElement("input");
    input.type = "file";
    input.accept = UTF8ToString(acc);
    input.style.display = "none";
    input.addEventListener("change", function() {
        var f = input.files && input.files[0];
        input.remove();
        if (!f) return;
        f.arrayBuffer().then(function(buf) {
            Module.pinlabPicked = { name: f.name, mime: f.type || "", bytes: new Uint8Array(buf) };
            Module.pinlabDirty = true;
        });
    });
    document.body.appendChild(input);
    input.click();
});
EM_JS(int, pl_js_picked_size, (), { return Module.pinlabPicked ? Module.pinlabPicked.bytes.length : -1; });
EM_JS(char*, pl_js_picked_meta, (int which), {
    var p = Module.pinlabPicked;
    var v = p ? (which ? p.mime : p.name) : "";
    return Module.pinlabString(v);
});
EM_JS(void, pl_js_picked_take, (char* dst), {
    HEAPU8.set(Module.pinlabPicked.bytes, dst);
    Module.pinlabPicked = null;
});
// clang-format on

namespace pinlab::web {

std::string take_js_string(char* p) {
    if (!p) return {};
    std::string s(p);
    std::free(p);
    return s;
}

namespace {
const char* clipboard_get(void*) {
    static std::string text;
    text = take_js_string(pl_js_get_clipboard());
    return text.c_str();
}
void clipboard_set(void*, const char* t) { pl_js_set_clipboard(t ? t : ""); }
}  // namespace

// [SECTION] page queries -------------------------------------------------------------------------
float device_pixel_ratio() {
    float d = pl_js_dpr();
    return d > 0.25f && d < 8.0f ? d : 1.0f;
}
void canvas_css_size(int* w, int* h) { pl_js_css_size(w, h); }
void set_backbuffer_size(int w, int h) { pl_js_set_backbuffer(w, h); }
bool page_lacks_webgl2() { return pl_js_lacks_webgl2() != 0; }
void fail_page(const char* message) { pl_js_fail(message); }
void mark_started() { pl_js_started(); }
void report_first_frame() { pl_js_first_frame(); }

// [SECTION] WebPlatform ----------------------------------------------------------------------------
WebPlatform::WebPlatform() { pl_js_install(); }

bool WebPlatform::pump() {
    if (pl_js_take_href_moved()) href_.clear();
    if (config_state_ == 0) {
        // shell.html fetched config.json while the module was downloading; pick up its result.
        config_state_ = pl_js_config_state();
        if (config_state_ == 1) config_ = take_js_string(pl_js_config_text());
        if (config_state_ == 2) std::printf("Pinlab: no config.json (%s); using built-in defaults\n",
                                            take_js_string(pl_js_config_text()).c_str());
    }
    return pl_js_take_dirty() != 0;
}

void WebPlatform::install_clipboard(ImGuiIO& io) {
    io.SetClipboardTextFn = clipboard_set;
    io.GetClipboardTextFn = clipboard_get;
    io.ClipboardUserData = this;
}

void WebPlatform::record_frame(double cpu_ms, bool drew) { pl_js_record_frame(cpu_ms, drew ? 1 : 0); }

std::optional<std::string> WebPlatform::storage_get(app::Store s, const std::string& key) {
    char* p = pl_js_storage_get(s == app::Store::Session, key.c_str());
    if (!p) return std::nullopt;
    return take_js_string(p);
}
void WebPlatform::storage_set(app::Store s, const std::string& key, const std::string& value) {
    pl_js_storage_set(s == app::Store::Session, key.c_str(), value.c_str());
}
void WebPlatform::storage_remove(app::Store s, const std::string& key) {
    pl_js_storage_remove(s == app::Store::Session, key.c_str());
}
// Read from the page once per change, not on every call (the app asks several times a frame).
std::string WebPlatform::location_href() {
    if (href_.empty()) href_ = take_js_string(pl_js_href());
    return href_;
}
void WebPlatform::replace_url(const std::string& url) {
    pl_js_replace_url(url.c_str());
    href_.clear();
}
void WebPlatform::push_hash(const std::string& hash) {
    pl_js_push_hash(hash.c_str());
    href_.clear();
}
void WebPlatform::navigate(const std::string& url) { pl_js_navigate(url.c_str()); }
void WebPlatform::open_new_tab(const std::string& url) { pl_js_open_tab(url.c_str()); }
void WebPlatform::set_clipboard(const std::string& text) { pl_js_set_clipboard(text.c_str()); }
void WebPlatform::announce(const std::string& text, bool assertive) {
    if (text == announced_) return;  // repeating the same words would make screen readers chatter
    announced_ = text;
    pl_js_announce(text.c_str(), assertive ? 1 : 0);
}
void WebPlatform::set_title(const std::string& title) { pl_js_set_title(title.c_str()); }
app::Platform::Code WebPlatform::deferred_views() {
    static constexpr Code kStates[] = {Code::Idle, Code::Loading, Code::Ready, Code::Failed};
    return kStates[pl_js_views_state() & 3];
}
void WebPlatform::load_deferred_views() { pl_js_views_load(); }
std::string WebPlatform::deferred_views_error() { return take_js_string(pl_js_views_error()); }
double WebPlatform::now_ms() { return emscripten_get_now(); }
int64_t WebPlatform::epoch_ms() { return static_cast<int64_t>(pl_js_date_now()); }

uint32_t WebPlatform::image_load(const std::string& url) { return static_cast<uint32_t>(pl_js_image_load(url.c_str())); }

app::ImageInfo WebPlatform::image_poll(uint32_t ticket) {
    int tex = 0, w = 0, h = 0;
    int st = pl_js_image_poll(static_cast<int>(ticket), &tex, &w, &h);
    app::ImageInfo info;
    info.state = st == 1 ? app::ImageState::Ready : st == 2 ? app::ImageState::Failed : app::ImageState::Loading;
    info.texture = static_cast<uint64_t>(tex);
    info.width = w;
    info.height = h;
    if (info.state == app::ImageState::Failed) info.error = take_js_string(pl_js_image_error(static_cast<int>(ticket)));
    return info;
}

void WebPlatform::image_release(uint32_t ticket) { pl_js_image_release(static_cast<int>(ticket)); }

void WebPlatform::pick_file(const std::string& accept) { pl_js_pick_file(accept.c_str()); }

std::optional<app::PickedFile> WebPlatform::take_picked_file() {
    int n = pl_js_picked_size();
    if (n < 0) return std::nullopt;
    app::PickedFile f;
    f.name = take_js_string(pl_js_picked_meta(0));
    f.mime = take_js_string(pl_js_picked_meta(1));
    f.bytes.resize(static_cast<size_t>(n));
    pl_js_picked_take(f.bytes.data());
    return f;
}


}  // namespace pinlab::web
