// demo_host.h — the Demo backend: an emulator that knows the page as the "Pinlab" app, and the two
// things the page asks of it (API calls and pin images). One implementation for both places it runs:
// the page's Web Worker (src/platform/web/worker) and in-process in the native app tests.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/catalogue.h"
#include "core/http.h"
#include "emulator/emulator.h"

namespace pinlab::emu {

struct DemoImage {
    bool ok = false;
    int width = 0, height = 0;
    std::vector<uint8_t> rgba;         // generated images: pixels, width*height*4
    std::string content_type, bytes;   // uploaded images (rgba empty): the file as it was uploaded
    std::string error;                 // when !ok
};

// How start() went: restored from the snapshot, or fresh (no snapshot, or `error` says why it was refused).
struct DemoStartResult {
    bool restored = false;
    std::string error;
    std::string describe() const;  // one line for the page's console
};

class DemoHost {
public:
    // An emulator whose public client `client_id` may redirect to `redirect_uri`: restored from `snapshot`
    // (Emulator::save_state bytes) when it is given and valid, else fresh (seed data, no tokens). The seed
    // data is built here, so the first API call does not wait for it.
    // `flavor`: Public (production's rules) or Sandbox (api-sandbox's: operations it disables answer 401);
    // either restores the other's snapshot.
    DemoStartResult start(const std::string& client_id, const std::string& redirect_uri,
                          std::string_view snapshot = {}, Flavor flavor = Flavor::Public);
    bool started() const { return emu_ != nullptr; }
    // The catalogue (catalogue.json) behind the generic layer and the spec service; applied to the running
    // emulator and to every later start(). Without one, operations that are not modelled answer 501.
    void set_catalogue(std::shared_ptr<const Catalogue> catalogue);
    const Catalogue* catalogue() const { return catalogue_.get(); }
    Emulator* emulator() { return emu_.get(); }

    // The running emulator's state for a later start(); empty before start().
    std::string snapshot() const;

    // An API call at wall-clock `now_ms`; 503 before start(). The X-Emulator-* headers are left for the
    // transport (see core/network_effects.h). Paths under /_spec/ go to the Explorer's spec service
    // (core/spec_service.h) instead, started or not: whatever the session's backend, the page asks the
    // Demo worker about the API description.
    Response handle(const Request& req, int64_t now_ms);

    // Where the catalogue comes from when none was set: `load` returns catalogue.json's text (or "" and sets
    // the error), called on the first need (the worker fetches the file: a Demo visitor who never meets an
    // unmodelled operation or the Explorer never downloads it; tests read it).
    using CatalogueLoader = std::function<std::string(std::string* error)>;
    void set_catalogue_loader(CatalogueLoader load) { catalogue_loader_ = std::move(load); }
    bool has_catalogue_loader() const { return static_cast<bool>(catalogue_loader_); }
    // Loads the catalogue now through the loader unless it is loaded (the page is opening the Explorer);
    // otherwise it is loaded on the first need. False when there is none.
    bool load_catalogue();

    // A pin image by URL: generated ones rendered no wider than max_width (0 = full size), uploaded ones as
    // their bytes.
    DemoImage image(const std::string& url, int max_width, int64_t now_ms);

private:
    Response spec_answer(const Request& req);  // a /_spec/ question, the catalogue loaded first

    std::unique_ptr<Emulator> emu_;
    // The catalogue behind the spec service and the generic layer: one copy, loaded by load_catalogue() or on
    // first need (the first /_spec/ request or the first call of an operation that is not modelled).
    CatalogueLoader catalogue_loader_;
    std::shared_ptr<const Catalogue> catalogue_;
    std::string catalogue_error_;
    bool catalogue_loaded_ = false;  // a failed fetch is tried again by the next need; a bad file is not
};

// The image as the worker posts it to the page (parsed by the page's JavaScript in platform/web/demo.cpp):
//   u32 kind (0 failed, 1 RGBA, 2 file), then kind 0: UTF-8 error; kind 1: u32 width, u32 height, pixels;
//   kind 2: u32 length + content type, then the file's bytes. Little-endian.
std::string encode_demo_image(const DemoImage& img);

}  // namespace pinlab::emu
