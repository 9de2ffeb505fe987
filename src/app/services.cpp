// services.cpp — the shared services (services.h): built with the config and settings the page gives, the
// backend they choose, and the calls in flight run once per frame.
#include "app/services.h"

namespace pinlab::app {

Services::Services(Platform& p, Coordinator& c) : platform(p), app(c), notices(p), session(p), calls(notices) {
    images.configure(&platform);
    config = parse_config(platform.config_json());
    settings = load_settings(platform);
    if (!backend()) settings.backend_id = config.default_backend;
    if (!backend()) settings.backend_id = config.backends.front().id;
}

const BackendDef* Services::backend() const {
    for (const auto& b : config.backends)
        if (b.id == settings.backend_id) return &b;
    return nullptr;
}

bool Services::demo() const {
    const BackendDef* b = backend();
    return b && b->kind == BackendKind::Demo;
}

void Services::save_settings() {
    pinlab::app::save_settings(platform, settings);
    session.keep_tokens(*this);
}

void Calls::run_finished() {
    std::vector<Pending> ops;
    ops.swap(ops_);
    for (auto& op : ops) {
        if (op.call->pending()) {
            ops_.push_back(std::move(op));
            continue;
        }
        if (op.call->done()) {
            if (op.on_done) op.on_done();
        } else if (op.on_fail) {
            op.on_fail(op.call->error);
        } else if (op.call->error.kind != ErrorKind::Cancelled) {
            notices_.set_error(op.call->error);
        }
    }
}

}  // namespace pinlab::app
