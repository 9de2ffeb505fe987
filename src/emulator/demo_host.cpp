// demo_host.cpp — see demo_host.h.
#include "emulator/demo_host.h"

#include "core/wire.h"

namespace pinlab::emu {

DemoStartResult DemoHost::start(const std::string& client_id, const std::string& redirect_uri,
                                std::string_view snapshot, Flavor flavor) {
    Options o;
    o.flavor = flavor == Flavor::Sandbox ? Flavor::Sandbox : Flavor::Public;
    // The page's own emulator: its Faults panel sets faults through /_emulator/faults (the worker has no
    // other client, and no Host or Origin to check).
    o.control_endpoint = true;
    o.seed = 1;
    ClientApp app;
    app.client_id = client_id;
    app.redirect_uris = {redirect_uri};
    app.name = "Pinlab";
    o.clients = {app};
    emu_ = std::make_unique<Emulator>(o);
    DemoStartResult res;
    if (!snapshot.empty()) res.restored = emu_->load_state(snapshot, &res.error);
    emu_->prepare();  // a refused snapshot left the emulator fresh, with its seed data still to build
    return res;
}

std::string DemoHost::snapshot() const { return emu_ ? emu_->save_state() : std::string(); }

std::string DemoStartResult::describe() const {
    if (restored) return "restored the saved Demo data";
    if (!error.empty()) return "started with fresh Demo data; the saved data was refused: " + error;
    return "started with fresh Demo data";
}

Response DemoHost::handle(const Request& req, int64_t now_ms) {
    if (emu_) return emu_->handle(req, now_ms);
    Response r;
    r.status = 503;
    r.headers.set("Content-Type", "application/json");
    r.body = R"({"code":503,"message":"The Demo emulator has not been started."})";
    return r;
}

DemoImage DemoHost::image(const std::string& url, int max_width, int64_t now_ms) {
    DemoImage img;
    if (!emu_) {
        img.error = "Demo not started";
        return img;
    }
    if (emu_->render_image(url, img.width, img.height, img.rgba, max_width)) {
        img.ok = true;
        return img;
    }
    Request req;
    req.url = url;
    Response r = emu_->handle(req, now_ms);
    if (r.status != 200 || r.body.empty()) {
        img.error = "HTTP " + std::to_string(r.status);
        return img;
    }
    img.ok = true;
    img.content_type = std::string(r.headers.get("Content-Type"));
    if (img.content_type.empty()) img.content_type = "image/png";
    img.bytes = std::move(r.body);
    return img;
}

std::string encode_demo_image(const DemoImage& img) {
    WireWriter w;
    if (!img.ok) {
        w.u32(0);
        w.out() += img.error;
    } else if (!img.rgba.empty()) {
        w.u32(1).u32(static_cast<uint32_t>(img.width)).u32(static_cast<uint32_t>(img.height));
        w.out().append(reinterpret_cast<const char*>(img.rgba.data()), img.rgba.size());
    } else {
        w.u32(2).bytes(img.content_type);
        w.out() += img.bytes;
    }
    return std::move(w.out());
}

}  // namespace pinlab::emu
