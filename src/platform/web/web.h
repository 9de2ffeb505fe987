// web.h — the browser glue, all in one place: page queries (size, DPR), the WebPlatform that
// implements app::Platform with browser APIs, and the fetch-based Transport.
#pragma once

#include <deque>
#include <map>
#include <string>
#include <vector>

#include "app/platform.h"
#include "core/http.h"

struct ImGuiIO;
struct ImDrawData;

namespace pinlab::web {

// [SECTION] page queries and effects
float device_pixel_ratio();
void canvas_css_size(int* w, int* h);
void set_backbuffer_size(int w, int h);  // canvas.width/height + what GLFW reports
bool page_lacks_webgl2();
void fail_page(const char* message);
void mark_started();
void report_first_frame();  // logs "first-frame <ms>" and hides the loading overlay
std::string take_js_string(char* p);  // a malloc'd string from JavaScript (Module.pinlabString), freed

// [SECTION] input (input.cpp): DOM events -> app::input, once per frame; the frame's results -> the page.
void install_input();          // after ImGui::CreateContext()
void pump_input(float dpr);    // before app::input::begin_frame()
void sync_input(float dpr);    // after ImGui::Render(): text focus, caret, copy text, cursor
// The DOM layer in step with the canvas (semantics.cpp): install after install_input(); each frame,
// semantics_begin() after ImGui::NewFrame() (applies the page's focus moves) and semantics_sync() after
// ImGui::Render() (hands the page what changed).
void install_semantics();
void semantics_begin(float dpr);
void semantics_sync();

// [SECTION] renderer (renderer.cpp): ImGui draw lists with WebGL2, no GL state queries per frame.
bool renderer_init();
void renderer_new_frame();       // uploads the font atlas when it is missing
void renderer_rebuild_fonts();   // after the font atlas changes (DPR)
// Replaces a rectangle of the font atlas's texture (new glyphs in its free room): `rgba` is w*h*4 bytes. False
// when there is no texture yet.
bool renderer_update_font_rect(int x, int y, int w, int h, const uint8_t* rgba);
void renderer_draw(ImDrawData* d, int fb_w, int fb_h);

// [SECTION] glyphs (glyphs.cpp): the browser draws the glyphs the UI font lacks; they join the atlas.
void install_glyphs();  // after ImGui::CreateContext()
bool update_glyphs();   // between frames: draws what the last frame lacked, rebuilds the atlas; true if it did

// [SECTION] fetch transport: emscripten_fetch, no IndexedDB caching, capped in flight.
class FetchTransport : public Transport {
public:
    explicit FetchTransport(int max_in_flight = 8) : max_in_flight_(max_in_flight) {}
    ~FetchTransport() override;
    RequestId send(Request req) override;
    void cancel(RequestId id) override;
    void poll(std::vector<Completion>& out) override;
    double now_ms() const override;

    struct InFlight;  // public so the C callbacks can reach it
    void on_done(InFlight* f, int status, bool timed_out);

private:
    void start(InFlight* f);
    int max_in_flight_;
    RequestId next_id_ = 1;
    std::deque<InFlight*> queued_;
    std::map<RequestId, InFlight*> running_;
    std::vector<Completion> ready_;
};

// [SECTION] the platform the app runs on
class WebPlatform : public app::Platform {
public:
    WebPlatform();

    // Called by the runner once per animation frame; true if something arrived (wake up).
    bool pump();
    bool config_ready() const { return config_state_ != 0; }
    void install_clipboard(ImGuiIO& io);
    void record_frame(double cpu_ms, bool drew);

    std::optional<std::string> storage_get(app::Store s, const std::string& key) override;
    void storage_set(app::Store s, const std::string& key, const std::string& value) override;
    void storage_remove(app::Store s, const std::string& key) override;
    std::string location_href() override;
    void replace_url(const std::string& url) override;
    void push_hash(const std::string& hash) override;
    void navigate(const std::string& url) override;
    void open_new_tab(const std::string& url) override;
    void set_clipboard(const std::string& text) override;
    void announce(const std::string& text, bool assertive) override;
    void set_title(const std::string& title) override;
    Code deferred_views() override;
    void load_deferred_views() override;
    std::string deferred_views_error() override;
    Transport& network() override { return fetch_; }
    std::unique_ptr<Transport> network_transport() override { return std::make_unique<FetchTransport>(2); }
    std::string config_json() override { return config_; }
    double now_ms() override;
    int64_t epoch_ms() override;
    uint32_t image_load(const std::string& url) override;
    app::ImageInfo image_poll(uint32_t ticket) override;
    void image_release(uint32_t ticket) override;
    void demo_start(const DemoOptions& o) override;
    void demo_warm() override;
    void spec_warm() override;
    void demo_forget() override;
    std::unique_ptr<Transport> demo_transport() override;
    uint32_t demo_image(const std::string& url, int max_width) override;
    void pick_file(const std::string& accept) override;
    std::optional<app::PickedFile> take_picked_file() override;

    // Posts a call to the Demo worker (demo.cpp); returns its id, or an image ticket when `image`.
    int demo_post(const char* fn, const std::string& data, bool image);
    int spec_post(const std::string& data);  // a /_spec/ question: spec_handle, without starting the emulator
    void demo_open();        // creates the worker on first use
    void demo_send_start();  // demo_open, then posts a pending start (the emulator's data)

private:
    FetchTransport fetch_;
    DemoOptions demo_options_;
    bool demo_restart_ = false;
    bool spec_warmed_ = false;
    std::string config_;
    int config_state_ = 0;  // 0 loading, 1 loaded, 2 absent/failed
    std::string announced_;
    std::string href_;  // location.href as last read; cleared when it changes
};

}  // namespace pinlab::web
