// demo_host.cpp — see demo_host.h.
#include "emulator/demo_host.h"

#include "core/spec_service.h"
#include "core/url.h"
#include "core/wire.h"
#include "emulator/router.h"

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
    o.catalogue = catalogue_;
    emu_ = std::make_unique<Emulator>(o);
    DemoStartResult res;
    if (!snapshot.empty()) res.restored = emu_->load_state(snapshot, &res.error);
    emu_->prepare();  // a refused snapshot left the emulator fresh, with its seed data still to build
    return res;
}

void DemoHost::set_catalogue(std::shared_ptr<const Catalogue> catalogue) {
    catalogue_ = std::move(catalogue);
    if (emu_) emu_->set_catalogue(catalogue_);
}

std::string DemoHost::snapshot() const { return emu_ ? emu_->save_state() : std::string(); }

std::string DemoStartResult::describe() const {
    if (restored) return "restored the saved Demo data";
    if (!error.empty()) return "started with fresh Demo data; the saved data was refused: " + error;
    return "started with fresh Demo data";
}

namespace {

// An API call the generic layer answers (so the catalogue must be loaded first).
bool needs_catalogue(const Request& req) {
    auto url = parse_url(req.url);
    if (!url || url->path.rfind("/v5/", 0) != 0) return false;
    OpMatch m = match_operation(req.method, std::string_view(url->path).substr(3));
    return m.op && std::string_view(m.op->path).substr(0, 6) != "/oauth" && !Emulator::modelled(m.op->operation_id);
}

}  // namespace

// Not inlined: the Demo worker's build cuts its module here (scripts/split_worker.py).
[[gnu::noinline]] bool DemoHost::load_catalogue() {
    if (catalogue_ || catalogue_loaded_) return catalogue_ != nullptr;
    catalogue_error_.clear();
    std::string text = catalogue_loader_ ? catalogue_loader_(&catalogue_error_) : std::string();
    if (!catalogue_loader_) catalogue_error_ = "nothing loads it here";
    catalogue_loaded_ = !text.empty();
    if (!text.empty()) {
        if (auto c = Catalogue::parse(text, &catalogue_error_)) set_catalogue(std::move(c));
    } else if (catalogue_error_.empty()) {
        catalogue_error_ = "it is empty";
    }
    return catalogue_ != nullptr;
}

Response DemoHost::handle(const Request& req, int64_t now_ms) {
    if (is_spec_request(req.url)) return spec_answer(req);
    if (emu_ && !catalogue_ && !catalogue_loaded_ && needs_catalogue(req)) load_catalogue();
    if (emu_) return emu_->handle(req, now_ms);
    Response r;
    r.status = 503;
    r.headers.set("Content-Type", "application/json");
    r.body = R"({"code":503,"message":"The Demo emulator has not been started."})";
    return r;
}

// Not inlined: the Demo worker's build cuts its module here (scripts/split_worker.py).
[[gnu::noinline]] Response DemoHost::spec_answer(const Request& req) {
    load_catalogue();
    return spec_handle(catalogue_.get(), req, catalogue_error_);
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
