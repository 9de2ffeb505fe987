// fake_platform.h — an in-memory app::Platform for headless ImGui tests: storage maps, a fake
// address bar and clock, recorded navigation/announcements/clipboard, and images that resolve
// synchronously (or on demand, to test the cache's in-flight cap), and the Demo emulator with its saved data
// in memory (as the page keeps it in IndexedDB). Plus a Harness that runs the app frame by frame, clicks
// bridge items with io.MousePos/MouseDown (ImGui 1.86) and can simulate a reload of the tab.
#pragma once

#include <gtest/gtest.h>
#include <imgui.h>

#include <algorithm>
#include <cstdio>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "app/app.h"
#include "app/platform.h"
#include "app/state.h"
#include "app/ui/theme.h"
#include "core/crypto.h"
#include "core/json.h"
#include "core/spec_service.h"
#include "emulator/demo_host.h"
#include "emulator/emulator_transport.h"
#include "scripted_transport.h"
#include "test_catalogue.h"

namespace pinlab::app::test {

using pinlab::test::net_error;
using pinlab::test::ScriptedTransport;

// A network that refuses everything (Demo mode must never touch it), following the platform's clock.
inline std::unique_ptr<ScriptedTransport> no_network(const double* clock) {
    auto t = std::make_unique<ScriptedTransport>();
    t->follow = clock;
    t->responder = [](const Request&) { return net_error(TransportError::Refused, "no network in tests"); };
    return t;
}

// Wraps the Demo transport like the page's worker channel does: once a call whose method may change the
// emulator's state completes, `saved()` runs (the page saves the snapshot then; debounced there, at once here).
class SavingTransport : public Transport {
public:
    SavingTransport(std::unique_ptr<Transport> inner, std::function<void()> saved)
        : inner_(std::move(inner)), saved_(std::move(saved)) {}
    RequestId send(Request req) override {
        bool changes = req.method != "GET" && req.method != "HEAD";
        RequestId id = inner_->send(std::move(req));
        if (changes) changing_.push_back(id);
        return id;
    }
    void cancel(RequestId id) override { inner_->cancel(id); }
    void poll(std::vector<Completion>& out) override {
        size_t first = out.size();
        inner_->poll(out);
        bool save = false;
        for (size_t i = first; i < out.size(); ++i) {
            auto it = std::find(changing_.begin(), changing_.end(), out[i].id);
            if (it == changing_.end()) continue;
            changing_.erase(it);
            save = save || out[i].error == TransportError::None;
        }
        if (save) saved_();
    }
    double now_ms() const override { return inner_->now_ms(); }

private:
    std::unique_ptr<Transport> inner_;
    std::function<void()> saved_;
    std::vector<RequestId> changing_;
};

// The page's Demo worker answers /_spec/… from its DemoHost (the Explorer's spec service) before the
// emulator, started or not; this does the same in-process, so headless tests reach it like the page does.
class SpecRoutingTransport : public Transport {
public:
    SpecRoutingTransport(emu::DemoHost& host, std::unique_ptr<Transport> inner, const double* clock)
        : host_(host), inner_(std::move(inner)), clock_(clock) {}
    RequestId send(Request req) override {
        if (pinlab::is_spec_request(req.url) || !inner_) {
            Completion c;
            c.id = next_++;
            if (pinlab::is_spec_request(req.url)) {
                c.response = host_.handle(req, 0);
            } else {
                c.error = TransportError::Network;
                c.error_detail = "the Demo emulator has not been started";
            }
            ready_.push_back(std::move(c));
            return ready_.back().id;
        }
        return inner_->send(std::move(req));
    }
    void cancel(RequestId id) override {
        if (inner_) inner_->cancel(id);
    }
    void poll(std::vector<Completion>& out) override {
        if (inner_) inner_->poll(out);
        for (auto& c : ready_) out.push_back(std::move(c));
        ready_.clear();
    }
    double now_ms() const override { return *clock_; }

private:
    emu::DemoHost& host_;
    std::unique_ptr<Transport> inner_;
    const double* clock_;
    RequestId next_ = RequestId(1) << 40;  // apart from the inner transport's ids
    std::vector<Completion> ready_;
};

class FakePlatform : public Platform {
public:
    FakePlatform() : net_(no_network(&now)), net(*net_) {}
    std::map<std::string, std::string> local, session;
    std::string href = "http://127.0.0.1:8080/";
    std::vector<std::string> pushed, navigated, opened, announced, titles, replaced;
    std::string clipboard, config = "";
    double now = 1000;
    std::unique_ptr<ScriptedTransport> net_;
    ScriptedTransport& net;  // what was sent to the network (nothing, in Demo mode)
    Transport* network_override = nullptr;  // e.g. an EmulatorTransport for the "local" backend
    // Images: ticket -> info. sync_images = false keeps them Loading until resolve_all().
    bool sync_images = true;
    std::map<uint32_t, ImageInfo> images;
    std::map<uint32_t, std::string> image_urls;
    std::vector<uint32_t> released;
    uint32_t next_ticket = 1;
    std::optional<PickedFile> picked;
    // The deferred views' code (views.h): Ready unless a test says otherwise; a load while it is not Ready
    // stays Loading until the test sets `views`.
    Code views = Code::Ready;
    std::string views_error;
    int views_loads = 0;

    std::map<std::string, std::string>& store(Store s) { return s == Store::Local ? local : session; }
    Code deferred_views() override { return views; }
    void load_deferred_views() override {
        ++views_loads;
        if (views != Code::Ready) views = Code::Loading;
    }
    std::string deferred_views_error() override { return views_error; }
    std::optional<std::string> storage_get(Store s, const std::string& k) override {
        auto& m = store(s);
        auto it = m.find(k);
        if (it == m.end()) return std::nullopt;
        return it->second;
    }
    void storage_set(Store s, const std::string& k, const std::string& v) override { store(s)[k] = v; }
    void storage_remove(Store s, const std::string& k) override { store(s).erase(k); }
    std::string location_href() override { return href; }
    void replace_url(const std::string& url) override {
        replaced.push_back(url);
        href = url;
    }
    void push_hash(const std::string& h) override {
        pushed.push_back(h);
        set_hash(h);
    }
    void set_hash(const std::string& h) { href = href.substr(0, href.find('#')) + h; }
    void navigate(const std::string& url) override { navigated.push_back(url); }
    void open_new_tab(const std::string& url) override { opened.push_back(url); }
    void set_clipboard(const std::string& t) override { clipboard = t; }
    void announce(const std::string& t, bool) override { announced.push_back(t); }
    void set_title(const std::string& t) override { titles.push_back(t); }
    Transport& network() override { return network_override ? *network_override : net; }
    // network_transport(): a new transport from `transport_factory` (e.g. another EmulatorTransport over the "local"
    // backend's emulator), else one that refuses everything like `net`.
    std::function<std::unique_ptr<Transport>()> transport_factory;
    std::unique_ptr<Transport> network_transport() override {
        if (transport_factory) return transport_factory();
        return no_network(&now);
    }
    std::string config_json() override { return config; }
    double now_ms() override { return now; }
    int64_t epoch_ms() override { return 1750000000000LL + static_cast<int64_t>(now); }
    uint32_t image_load(const std::string& url) override {
        uint32_t t = next_ticket++;
        ImageInfo info;
        if (sync_images) {
            info.state = ImageState::Ready;
            info.texture = t;
            info.width = 100;
            info.height = 100;
        }
        images[t] = info;
        image_urls[t] = url;
        return t;
    }
    ImageInfo image_poll(uint32_t t) override {
        auto it = images.find(t);
        if (it == images.end()) {
            ImageInfo f;
            f.state = ImageState::Failed;
            f.error = "unknown ticket";
            return f;
        }
        return it->second;
    }
    void image_release(uint32_t t) override {
        released.push_back(t);
        images.erase(t);
    }
    uint32_t image_from_rgba(int w, int h, const uint8_t*) {
        uint32_t t = next_ticket++;
        ImageInfo info;
        info.state = ImageState::Ready;
        info.texture = t;
        info.width = w;
        info.height = h;
        images[t] = info;
        return t;
    }
    void resolve_all(int w, int h) {
        for (auto& [t, info] : images)
            if (info.state == ImageState::Loading) {
                info.state = ImageState::Ready;
                info.texture = t;
                info.width = w;
                info.height = h;
            }
    }
    // Demo: the same DemoHost the page's worker runs, in-process and synchronous. `demo_saved` is this tab's
    // saved Demo data (IndexedDB in the page); a simulated reload keeps it and starts a new DemoHost.
    emu::DemoHost demo;
    std::optional<std::string> demo_saved;
    int demo_saves = 0;
    emu::DemoStartResult demo_started;  // how the last start went
    std::vector<bool> demo_start_restore;  // DemoOptions::restore of every demo_start
    std::vector<bool> demo_start_sandbox;  // DemoOptions::sandbox of every demo_start
    void demo_start(const DemoOptions& o) override {
        demo_start_restore.push_back(o.restore);
        std::string from;
        if (o.restore) from = demo.started() ? demo.snapshot() : demo_saved.value_or("");
        demo_started = demo.start(o.client_id, o.redirect_uri, from,
                                  o.sandbox ? emu::Flavor::Sandbox : emu::Flavor::Public);
        demo_start_sandbox.push_back(o.sandbox);
    }
    void demo_forget() override { demo_saved.reset(); }
    void give_catalogue_loader() {
        if (!demo.has_catalogue_loader())
            demo.set_catalogue_loader([](std::string* e) { return spec_fixture::read_catalogue_file(e); });
    }
    void spec_warm() override {  // as the browser: the worker parses the catalogue the page handed over
        give_catalogue_loader();
        demo.load_catalogue();
    }
    std::unique_ptr<Transport> demo_transport() override {
        give_catalogue_loader();
        std::unique_ptr<Transport> inner;
        if (demo.started())
            inner = std::make_unique<SavingTransport>(
                std::make_unique<emu::EmulatorTransport>(*demo.emulator(), [this] { return now; },
                                                         [this] { return epoch_ms(); }),
                [this] {
                    demo_saved = demo.snapshot();
                    ++demo_saves;
                });
        return std::make_unique<SpecRoutingTransport>(demo, std::move(inner), &now);
    }
    std::vector<int> demo_image_widths;  // max_width of every demo_image call
    uint32_t demo_image(const std::string& url, int max_width) override {
        demo_image_widths.push_back(max_width);
        emu::DemoImage img = demo.image(url, max_width, epoch_ms());
        if (!img.ok) {
            uint32_t t = next_ticket++;
            images[t].state = ImageState::Failed;
            images[t].error = img.error;
            return t;
        }
        if (!img.rgba.empty()) return image_from_rgba(img.width, img.height, img.rgba.data());
        return image_load("data:" + img.content_type + ";base64," + base64_encode(img.bytes));
    }
    void pick_file(const std::string&) override {}
    std::optional<PickedFile> take_picked_file() override {
        auto p = std::move(picked);
        picked.reset();
        return p;
    }
};

// Runs the app headless: one ImGui context, 1280x800 device pixels at scale 1.
class Harness {
public:
    explicit Harness(const std::string& href = "http://127.0.0.1:8080/", bool init_app = true) {
        p.href = href;
        ImGui::CreateContext();
        ImGuiIO& io = ImGui::GetIO();
        io.IniFilename = nullptr;
        io.DisplaySize = ImVec2(1280, 800);
        io.ConfigFlags |= ImGuiConfigFlags_NavEnableKeyboard;
        for (int i = 0; i < ImGuiKey_COUNT; ++i) io.KeyMap[i] = i;
        if (init_app) start();
    }
    ~Harness() {
        app::shutdown();
        ImGui::DestroyContext();
    }
    void start() {
        app::init(p);
        app::set_scale(1.0f);
    }
    // A reload of the tab: the app and the Demo worker start over at the same address; storage (local,
    // session and the saved Demo data) stays.
    void reload() {
        app::shutdown();
        p.demo = emu::DemoHost();
        ImGui::GetIO().MousePos = ImVec2(-1, -1);
        start();
    }
    void frame(double dt_ms = 16) {
        p.now += dt_ms;
        ImGuiIO& io = ImGui::GetIO();
        io.DeltaTime = static_cast<float>(dt_ms / 1000.0);
        ImGui::NewFrame();
        app::frame();
        ImGui::Render();
    }
    json bridge() const {
        auto j = json_parse(app::bridge_json());
        return j ? *j : json::object();
    }
    std::optional<json> item(const std::string& label) const {
        json b = bridge();
        const json* items = json_field(b, "items");
        if (!items || !items->is_array()) return std::nullopt;
        for (const auto& it : *items)
            if (it.is_object() && it.value("label", "") == label) return it;
        return std::nullopt;
    }
    std::vector<std::string> labels_with_prefix(const std::string& prefix) const {
        std::vector<std::string> out;
        json b = bridge();
        const json* items = json_field(b, "items");
        if (!items || !items->is_array()) return out;
        for (const auto& it : *items) {
            std::string l = it.is_object() ? it.value("label", "") : "";
            if (l.rfind(prefix, 0) == 0) out.push_back(l);
        }
        return out;
    }
    // Opens Boards and then the first board (signed in); returns the board's bridge label ("" if none).
    std::string open_first_board() {
        EXPECT_TRUE(click("nav:Boards"));
        EXPECT_TRUE(until([&] { return !labels_with_prefix("board:").empty(); }));
        auto boards = labels_with_prefix("board:");
        if (boards.empty()) return "";
        EXPECT_TRUE(click(boards.front()));
        EXPECT_TRUE(until([&] { return bridge().value("pins_loaded", 0) > 0; }));
        return boards.front();
    }
    // Opens a combo ("combo:Board") and clicks its first option; false when it or its options are absent.
    bool choose_first_option(const std::string& combo) {
        if (!click(combo)) return false;
        frame();  // the popup's first frame only measures it
        frame();
        auto options = labels_with_prefix("option:");
        return !options.empty() && click(options.front());
    }
    // Signed in to Demo, the Create view open with the first board and an image URL chosen, `title` and
    // `description` typed (set on the form, as typing would). False when a step did not happen.
    bool open_demo_create(const std::string& title, const std::string& description = "") {
        if (!sign_in_demo()) return false;
        AppState* s = state_for_tests();
        if (!until([&] { return s->boards.list.done && !s->boards.list.items.empty(); })) return false;
        s->pins.create.board_id = s->boards.list.items.front().id;
        s->pins.create.image_url = "https://example.com/cat.jpg";
        s->pins.create.title = title;
        s->pins.create.description = description;
        s->go(Nav(Route::Create));
        frame();
        return true;
    }
    // Moves the mouse over the item's centre, presses and releases over frames. False if absent.
    bool click(const std::string& label) {
        auto it = item(label);
        if (!it) return false;
        ImGuiIO& io = ImGui::GetIO();
        float s = ui_scale();
        io.MousePos = ImVec2((it->value("x", 0.0f) + it->value("w", 0.0f) / 2) * s,
                             (it->value("y", 0.0f) + it->value("h", 0.0f) / 2) * s);
        frame();
        io.MouseDown[0] = true;
        frame();
        io.MouseDown[0] = false;
        frame();
        io.MousePos = ImVec2(-1, -1);  // away, so hover does not linger
        return true;
    }
    void type(const std::string& text) {
        for (char c : text) ImGui::GetIO().AddInputCharacter(static_cast<unsigned char>(c));
        frame();
    }
    template <class Pred>
    bool until(Pred pred, int max_frames = 300) {
        for (int i = 0; i < max_frames; ++i) {
            if (pred()) return true;
            frame();
        }
        return pred();
    }
    bool sign_in_demo() {
        frame();
        if (!click("button:Sign in")) return false;
        if (!until([&] { return item("button:Allow").has_value(); }, 20)) return false;
        click("button:Allow");
        return until([&] { return bridge().value("user", "") != ""; });
    }
    FakePlatform p;
};

}  // namespace pinlab::app::test
