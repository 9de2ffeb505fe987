// platform.h — what the app may ask of the page it runs in: storage, the address bar, the
// clipboard, the network transport, images as GPU textures, files, screen-reader announcements.
// src/platform/web implements it with browser APIs; tests implement it in memory. The app never
// includes Emscripten or talks to the network except through the Transport it gets here.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/http.h"

namespace pinlab::app {

enum class Store { Local, Session };  // localStorage (settings) / sessionStorage (sign-in in progress)

enum class ImageState : uint8_t { Loading, Ready, Failed };
struct ImageInfo {
    ImageState state = ImageState::Loading;
    uint64_t texture = 0;  // ImTextureID value when Ready
    int width = 0, height = 0;
    std::string error;
};

struct PickedFile {
    std::string name;
    std::string mime;   // "image/png", "image/jpeg", …
    std::string bytes;  // file contents
};

class Platform {
public:
    virtual ~Platform() = default;

    // [SECTION] storage (values are UTF-8 text)
    virtual std::optional<std::string> storage_get(Store s, const std::string& key) = 0;
    virtual void storage_set(Store s, const std::string& key, const std::string& value) = 0;
    virtual void storage_remove(Store s, const std::string& key) = 0;

    // [SECTION] address bar and navigation
    virtual std::string location_href() = 0;                 // full current URL
    virtual void replace_url(const std::string& url) = 0;     // history.replaceState (no reload)
    virtual void push_hash(const std::string& hash) = 0;      // "#/boards/123", a new history entry
    virtual void navigate(const std::string& url) = 0;        // leave the page (OAuth redirect)
    virtual void open_new_tab(const std::string& url) = 0;    // links the user opens

    // [SECTION] clipboard, accessibility, title
    virtual void set_clipboard(const std::string& text) = 0;
    virtual void announce(const std::string& text, bool assertive) = 0;  // ARIA live region
    virtual void set_title(const std::string& title) = 0;

    // [SECTION] network, time and configuration
    virtual Transport& network() = 0;     // same-origin or cross-origin HTTP (fetch in the browser)
    virtual std::string config_json() = 0;  // contents of config.json ("" when absent)
    virtual double now_ms() = 0;          // monotonic milliseconds
    virtual int64_t epoch_ms() = 0;       // wall clock, ms since the Unix epoch

    // [SECTION] images: decoded off the main thread into textures; the app owns the cache policy.
    virtual uint32_t image_load(const std::string& url) = 0;  // returns a ticket (never 0)
    virtual ImageInfo image_poll(uint32_t ticket) = 0;
    virtual void image_release(uint32_t ticket) = 0;          // frees the texture / cancels

    // [SECTION] Demo: the Pinterest emulator, run wherever the platform likes (a Web Worker in the
    // browser, so the page stays small and frames stay short; in-process in tests). The app reaches it
    // only through Transports and image tickets, like any other backend. Its state is saved for the tab
    // after every call that may change it, so a reload can carry on where the user was.
    struct DemoOptions {
        std::string client_id;     // the Demo app's id
        std::string redirect_uri;  // where its consent step may send the code
        // Carry on with this tab's Demo data: the running emulator's, else what was saved before a reload
        // (when there is one and it is valid). false = fresh seed data.
        bool restore = false;
        bool sandbox = false;  // the sandbox's rules (operations it disables answer 401) instead of production's
    };
    virtual void demo_start(const DemoOptions& o) = 0;            // the emulator for the calls that follow
    virtual void demo_forget() = 0;  // deletes this tab's saved Demo data (the running emulator is untouched)
    virtual void demo_warm() {}  // a hint: Demo calls are coming soon, load the emulator now
    // A hint: the Explorer opens; fetch and parse what its spec service needs now, while its code arrives.
    virtual void spec_warm() {}
    virtual std::unique_ptr<Transport> demo_transport() = 0;      // a transport into it (one per caller)
    virtual uint32_t demo_image(const std::string& url, int max_width) = 0;  // a ticket, as image_load

    // Another transport to the network with its own completions (the Faults panel's control calls, which must not
    // land in the client's poll).
    virtual std::unique_ptr<Transport> network_transport() = 0;

    // [SECTION] code loaded on demand: the views a first visit does not need (views.h, is_deferred_view) may
    // come as a second module, which the page fetches the first time one of them is opened. The app draws
    // them only when it is Ready.
    enum class Code : uint8_t { Idle, Loading, Ready, Failed };
    virtual Code deferred_views() { return Code::Ready; }
    virtual void load_deferred_views() {}                     // starts, or starts again after Failed
    virtual std::string deferred_views_error() { return {}; }  // why it Failed, in words

    // [SECTION] local files (pin images from disk)
    virtual void pick_file(const std::string& accept) = 0;           // opens the browser's picker
    virtual std::optional<PickedFile> take_picked_file() = 0;        // polled each frame
};

}  // namespace pinlab::app
