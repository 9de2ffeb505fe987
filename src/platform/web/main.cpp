// main.cpp — the browser runner: GLFW window on the page's canvas, WebGL2 context, Dear ImGui,
// and the main loop that calls the app's init/frame/shutdown. All browser glue lives in this
// folder (web.h); the app and the core never see Emscripten.
//
// Why the frame loop is shaped this way:
//   - HiDPI: Emscripten 3.1.6's GLFW ignores devicePixelRatio, so the backbuffer is sized here to
//     CSS size × DPR, and ImGui works in device pixels with fonts and style scaled by DPR.
//   - Idle frames: nothing is built or drawn when nothing changed (no input, no network, no
//     animation); the canvas keeps showing the last frame. Input and completions wake it.
#include <emscripten.h>
#include <emscripten/html5.h>
#define GLFW_INCLUDE_ES3
#include <GLES3/gl3.h>
#include <GLFW/glfw3.h>
#include <imgui.h>
#include <imgui_impl_glfw.h>

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>

#include "app/app.h"
#include "platform/web/web.h"

namespace {

struct Runner {
    GLFWwindow* window = nullptr;
    float dpr = 1.0f;  // devicePixelRatio the fonts and style are built for
    int css_w = 0, css_h = 0;
    int awake_frames = 3;  // frames still to draw before idling
    bool first_frame_reported = false;
    bool app_started = false;
    pinlab::web::WebPlatform platform;
};
Runner R;

void wake(int frames = 3) {
    if (R.awake_frames < frames) R.awake_frames = frames;
}

// GLFW input callbacks: forward to ImGui's handlers (installed by the backend) and wake the loop.
void on_cursor(GLFWwindow*, double, double) { wake(); }
void on_mouse(GLFWwindow*, int, int, int) { wake(); }
void on_scroll(GLFWwindow*, double, double) { wake(); }
void on_key(GLFWwindow*, int, int, int, int) { wake(); }
void on_char(GLFWwindow*, unsigned int) { wake(); }

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
    if (woke) wake();  // network completions, images, config, hash changes
    if (pinlab::app::wants_frames()) wake(2);
    if (R.awake_frames <= 0) {
        R.platform.record_frame(0, false);
        return;
    }
    --R.awake_frames;

    pinlab::web::renderer_new_frame();
    ImGui_ImplGlfw_NewFrame();
    ImGui::NewFrame();
    pinlab::app::frame();
    ImGui::Render();

    int fb_w = 0, fb_h = 0;
    glfwGetFramebufferSize(R.window, &fb_w, &fb_h);
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

    if (!glfwInit()) {
        pinlab::web::fail_page("Pinlab could not initialise its window (GLFW).");
        return 1;
    }
    glfwWindowHint(GLFW_CLIENT_API, GLFW_OPENGL_ES_API);
    glfwWindowHint(GLFW_CONTEXT_VERSION_MAJOR, 3);
    glfwWindowHint(GLFW_CONTEXT_VERSION_MINOR, 0);
    // ImGui needs neither depth nor stencil, and the canvas is opaque: a smaller drawing buffer
    // that the browser composites without blending.
    glfwWindowHint(GLFW_DEPTH_BITS, 0);
    glfwWindowHint(GLFW_STENCIL_BITS, 0);
    glfwWindowHint(GLFW_ALPHA_BITS, 0);
    // Created at its final size (CSS size × DPR): resizing a WebGL drawing buffer right after
    // creating it would allocate it twice before the first frame.
    int css_w = 0, css_h = 0;
    pinlab::web::canvas_css_size(&css_w, &css_h);
    const float dpr0 = pinlab::web::device_pixel_ratio();
    const int win_w = css_w > 0 ? static_cast<int>(std::lround(css_w * dpr0)) : 1280;
    const int win_h = css_h > 0 ? static_cast<int>(std::lround(css_h * dpr0)) : 720;
    R.window = glfwCreateWindow(win_w, win_h, "Pinlab", nullptr, nullptr);
    if (!R.window) {
        pinlab::web::fail_page("Pinlab could not create a WebGL2 context on this browser.");
        return 1;
    }
    glfwMakeContextCurrent(R.window);

    IMGUI_CHECKVERSION();
    ImGui::CreateContext();
    ImGuiIO& io = ImGui::GetIO();
    io.IniFilename = nullptr;  // layout is not persisted through a file system (there is none)
    io.ConfigFlags |= ImGuiConfigFlags_NavEnableKeyboard;
    R.platform.install_clipboard(io);

    // Our callbacks first, then the backend chains to them (install_callbacks = true).
    glfwSetCursorPosCallback(R.window, on_cursor);
    glfwSetMouseButtonCallback(R.window, on_mouse);
    glfwSetScrollCallback(R.window, on_scroll);
    glfwSetKeyCallback(R.window, on_key);
    glfwSetCharCallback(R.window, on_char);
    ImGui_ImplGlfw_InitForOpenGL(R.window, true);
    if (!pinlab::web::renderer_init()) {
        pinlab::web::fail_page("Pinlab could not compile its WebGL2 shaders on this browser.");
        return 1;
    }

    R.dpr = pinlab::web::device_pixel_ratio();
    pinlab::web::mark_started();

    // Usually config.json has arrived by now: draw the first frame in this task instead of
    // waiting for the next animation frame.
    frame();
    emscripten_set_main_loop(frame, 0, false);
    return 0;
}
