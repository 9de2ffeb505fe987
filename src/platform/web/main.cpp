// main.cpp — the browser runner: a WebGL2 context on the page's canvas, Dear ImGui, and the main
// loop that calls the app's init/frame/shutdown. All browser glue lives in this folder (web.h); the
// app and the core never see Emscripten.
//
// Why the frame loop is shaped this way:
//   - No GLFW: Emscripten 3.1.6's GLFW ignores devicePixelRatio, reverses and quantises the wheel, has
//     no clipboard, touch or on-screen keyboard. The page's input is ours (input.cpp, app/input.h) and
//     the context comes straight from the HTML5 API.
//   - HiDPI: the backbuffer is CSS size × DPR, and ImGui works in device pixels with fonts and style
//     scaled by DPR.
//   - requestAnimationFrame straight from the HTML5 API (emscripten_request_animation_frame_loop), not
//     emscripten_set_main_loop, whose Browser library (fullscreen, pointer lock, timing modes) the page would
//     download without using (4 KB of gzip in pinlab.js).
//   - Idle frames: nothing is built or drawn when nothing changed (no input, no network, no
//     animation); the canvas keeps showing the last frame. Input and completions wake it.
#include <emscripten.h>
#include <emscripten/html5.h>
#include <GLES3/gl3.h>
#include <imgui.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>

#include "app/app.h"
#include "app/ui/glyphs.h"
#include "app/ui/input.h"
#include "platform/web/web.h"

namespace {

struct Runner {
    EMSCRIPTEN_WEBGL_CONTEXT_HANDLE gl = 0;
    int fb_w = 0, fb_h = 0;  // backbuffer, device pixels
    double last_frame_ms = 0;
    float dpr = 1.0f;  // devicePixelRatio the fonts and style are built for
    int css_w = 0, css_h = 0;
    int awake_frames = 3;  // frames still to draw before idling
    unsigned waiting_ticks = 0;  // animation frames seen while only spinners ask for frames
    bool first_frame_reported = false;
    bool app_started = false;
    pinlab::web::WebPlatform platform;
};
Runner R;

void wake(int frames = 3) {
    if (R.awake_frames < frames) R.awake_frames = frames;
}

// Matches the backbuffer to the canvas's CSS size × DPR; rebuilds fonts when DPR changes.
void sync_size() {
    float dpr = pinlab::web::device_pixel_ratio();
    int cw = 0, ch = 0;
    pinlab::web::canvas_css_size(&cw, &ch);
    if (cw <= 0 || ch <= 0) return;
    bool dpr_changed = std::fabs(dpr - R.dpr) > 0.01f;
    if (cw == R.css_w && ch == R.css_h && !dpr_changed) return;
    R.css_w = cw;
    R.css_h = ch;
    int bw = static_cast<int>(std::lround(cw * dpr));
    int bh = static_cast<int>(std::lround(ch * dpr));
    pinlab::web::set_backbuffer_size(bw, bh);
    R.fb_w = bw;
    R.fb_h = bh;
    if (dpr_changed) {
        R.dpr = dpr;
        pinlab::app::set_scale(dpr);
        pinlab::web::renderer_rebuild_fonts();
    }
    wake();
}

void frame() {
    double t0 = emscripten_get_now();
    bool woke = R.platform.pump();
    if (!R.app_started) {
        // The app starts once config.json has arrived (or is known to be absent): a few ms.
        if (!R.platform.config_ready()) return;
        R.app_started = true;
        pinlab::app::init(R.platform);
        pinlab::app::set_scale(R.dpr);
    }
    sync_size();
    if (pinlab::web::update_glyphs()) wake();  // text the last frame drew as fallbacks: draw it again
    if (woke) wake();  // network completions, images, config, hash changes
    // Input in motion (scrolling, a drag) is drawn at the display's rate. Waiting (a spinner, a toast) is drawn
    // at a third of it: the work being waited for (the Demo worker, compiling a view's code, a decode) shares
    // the cores with every frame drawn, and a completion above still wakes the next frame at once.
    if (pinlab::app::ui_input::animating()) {
        wake(2);
    } else if (pinlab::app::wants_frames()) {
        if (++R.waiting_ticks % 3 == 0) wake(1);
    } else {
        R.waiting_ticks = 0;
    }
    if (R.awake_frames <= 0) {
        R.platform.record_frame(0, false);
        return;
    }
    --R.awake_frames;

    ImGuiIO& io = ImGui::GetIO();
    io.DisplaySize = ImVec2(static_cast<float>(R.fb_w), static_cast<float>(R.fb_h));
    io.DeltaTime = R.last_frame_ms > 0 ? static_cast<float>(std::max(0.001, (t0 - R.last_frame_ms) / 1000.0)) : 1.0f / 60;
    R.last_frame_ms = t0;
    pinlab::web::renderer_new_frame();
    pinlab::web::pump_input(R.dpr);
    pinlab::app::ui_input::begin_frame(t0);
    pinlab::app::glyphs::begin_frame();
    ImGui::NewFrame();
    pinlab::app::ui_input::after_new_frame();
    pinlab::web::semantics_begin(R.dpr);
    pinlab::app::frame();
    ImGui::Render();
    pinlab::web::sync_input(R.dpr);
    pinlab::web::semantics_sync();

    const int fb_w = R.fb_w, fb_h = R.fb_h;
    glViewport(0, 0, fb_w, fb_h);
    const ImVec4 bg = ImGui::GetStyle().Colors[ImGuiCol_WindowBg];
    glClearColor(bg.x, bg.y, bg.z, 1.0f);
    glClear(GL_COLOR_BUFFER_BIT);
    pinlab::web::renderer_draw(ImGui::GetDrawData(), fb_w, fb_h);

    R.platform.record_frame(emscripten_get_now() - t0, true);
    if (!R.first_frame_reported && pinlab::app::first_useful_frame_drawn()) {
        R.first_frame_reported = true;
        pinlab::web::report_first_frame();
    }
}

}  // namespace

// sscanf for ImGui's .ini settings parsers (CMakeLists.txt): no settings file is ever read here
// (io.IniFilename = nullptr), so it matches nothing.
extern "C" int pinlab_ini_sscanf(const char*, const char*, ...) { return 0; }

// The test bridge for window.pinlab.state() (web.cpp): serialized when asked, as a malloc'd string
// the caller frees.
extern "C" EMSCRIPTEN_KEEPALIVE char* pinlab_bridge_json() {
    const std::string s = pinlab::app::bridge_json();
    char* p = static_cast<char*>(std::malloc(s.size() + 1));
    if (p) std::memcpy(p, s.c_str(), s.size() + 1);
    return p;
}

int main() {
    if (pinlab::web::page_lacks_webgl2()) return 0;  // the page already shows why

    // ImGui needs neither depth nor stencil, and the canvas is opaque: a smaller drawing buffer that the
    // browser composites without blending. Created at its final size (CSS size × DPR): resizing a WebGL
    // drawing buffer right after creating it would allocate it twice before the first frame.
    int css_w = 0, css_h = 0;
    pinlab::web::canvas_css_size(&css_w, &css_h);
    R.dpr = pinlab::web::device_pixel_ratio();
    R.css_w = css_w;
    R.css_h = css_h;
    R.fb_w = css_w > 0 ? static_cast<int>(std::lround(css_w * R.dpr)) : 1280;
    R.fb_h = css_h > 0 ? static_cast<int>(std::lround(css_h * R.dpr)) : 720;
    pinlab::web::set_backbuffer_size(R.fb_w, R.fb_h);
    EmscriptenWebGLContextAttributes attrs;
    emscripten_webgl_init_context_attributes(&attrs);
    attrs.majorVersion = 2;
    attrs.minorVersion = 0;
    attrs.alpha = false;
    attrs.depth = false;
    attrs.stencil = false;
    attrs.antialias = false;
    attrs.premultipliedAlpha = false;
    R.gl = emscripten_webgl_create_context("#canvas", &attrs);
    if (R.gl <= 0 || emscripten_webgl_make_context_current(R.gl) != EMSCRIPTEN_RESULT_SUCCESS) {
        pinlab::web::fail_page("Pinlab could not create a WebGL2 context on this browser.");
        return 1;
    }

    IMGUI_CHECKVERSION();
    ImGui::CreateContext();
    ImGuiIO& io = ImGui::GetIO();
    io.IniFilename = nullptr;  // layout is not persisted through a file system (there is none)
    io.BackendPlatformName = "pinlab-web";
    R.platform.install_clipboard(io);
    pinlab::web::install_input();
    pinlab::web::install_glyphs();
    pinlab::web::install_semantics();
    if (!pinlab::web::renderer_init()) {
        pinlab::web::fail_page("Pinlab could not compile its WebGL2 shaders on this browser.");
        return 1;
    }
    pinlab::web::mark_started();

    // Usually config.json has arrived by now: draw the first frame in this task instead of
    // waiting for the next animation frame.
    frame();
    emscripten_request_animation_frame_loop([](double, void*) -> EM_BOOL { frame(); return EM_TRUE; }, nullptr);
    return 0;
}
