// fetch_transport.cpp — pinlab::Transport over emscripten_fetch (XMLHttpRequest underneath).
//
// Rules this file keeps (each one is a bug we would otherwise have):
//   - async only; results are queued in callbacks and handed out in poll(), once per frame;
//   - the request body and header strings live on the heap until the fetch completes;
//   - each emscripten_fetch_t is closed exactly once, in its completion callback;
//   - no IndexedDB persistence (no EMSCRIPTEN_FETCH_PERSIST_FILE), so API calls are never cached;
//   - status 0 means the browser refused or lost the connection (network, CORS, offline);
//   - at most max_in_flight requests run at once; the rest wait in FIFO order.
#include <emscripten.h>
#include <emscripten/fetch.h>

#include <cstring>

#include "platform/web/web.h"

namespace pinlab::web {

struct FetchTransport::InFlight {
    FetchTransport* owner = nullptr;
    RequestId id = 0;
    Request req;
    std::vector<std::string> header_storage;
    std::vector<const char*> header_ptrs;
    double started_ms = 0;
    bool cancelled = false;  // completion already reported; drop the real one when it arrives
    emscripten_fetch_t* fetch = nullptr;
};

namespace {

void parse_headers(emscripten_fetch_t* f, Headers& out) {
    size_t len = emscripten_fetch_get_response_headers_length(f);
    if (len == 0) return;
    std::string raw(len + 1, '\0');
    emscripten_fetch_get_response_headers(f, raw.data(), raw.size());
    raw.resize(std::strlen(raw.c_str()));
    size_t pos = 0;
    while (pos < raw.size()) {
        size_t eol = raw.find('\n', pos);
        if (eol == std::string::npos) eol = raw.size();
        std::string line = raw.substr(pos, eol - pos);
        if (!line.empty() && line.back() == '\r') line.pop_back();
        size_t colon = line.find(':');
        if (colon != std::string::npos) {
            std::string value = line.substr(colon + 1);
            while (!value.empty() && value.front() == ' ') value.erase(value.begin());
            out.add(line.substr(0, colon), value);
        }
        pos = eol + 1;
    }
}

void on_success(emscripten_fetch_t* f) {
    auto* inf = static_cast<FetchTransport::InFlight*>(f->userData);
    inf->owner->on_done(inf, f->status, false);
}
void on_error(emscripten_fetch_t* f) {
    auto* inf = static_cast<FetchTransport::InFlight*>(f->userData);
    double elapsed = emscripten_get_now() - inf->started_ms;
    bool timed_out = f->status == 0 && inf->req.timeout_ms > 0 && elapsed + 50 >= inf->req.timeout_ms;
    inf->owner->on_done(inf, f->status, timed_out);
}

}  // namespace

FetchTransport::~FetchTransport() {
    // Running fetches keep pointers to their InFlight; the transport lives as long as the page.
    for (auto* q : queued_) delete q;
}

double FetchTransport::now_ms() const { return emscripten_get_now(); }

RequestId FetchTransport::send(Request req) {
    auto* inf = new InFlight;
    inf->owner = this;
    inf->id = next_id_++;
    inf->req = std::move(req);
    RequestId id = inf->id;
    if (static_cast<int>(running_.size()) < max_in_flight_) start(inf);
    else queued_.push_back(inf);
    EM_ASM({ Module.pinlabDirty = true; });
    return id;
}

void FetchTransport::start(InFlight* inf) {
    emscripten_fetch_attr_t attr;
    emscripten_fetch_attr_init(&attr);
    std::strncpy(attr.requestMethod, inf->req.method.c_str(), sizeof(attr.requestMethod) - 1);
    attr.attributes = EMSCRIPTEN_FETCH_LOAD_TO_MEMORY;
    attr.onsuccess = on_success;
    attr.onerror = on_error;
    attr.timeoutMSecs = inf->req.timeout_ms > 0 ? static_cast<unsigned long>(inf->req.timeout_ms) : 0;
    attr.userData = inf;
    for (const auto& [k, v] : inf->req.headers.items) {
        inf->header_storage.push_back(k);
        inf->header_storage.push_back(v);
    }
    for (const auto& s : inf->header_storage) inf->header_ptrs.push_back(s.c_str());
    inf->header_ptrs.push_back(nullptr);
    attr.requestHeaders = inf->header_ptrs.data();
    if (!inf->req.body.empty()) {
        attr.requestData = inf->req.body.data();
        attr.requestDataSize = inf->req.body.size();
    }
    inf->started_ms = emscripten_get_now();
    running_[inf->id] = inf;
    inf->fetch = emscripten_fetch(&attr, inf->req.url.c_str());
}

void FetchTransport::on_done(InFlight* inf, int status, bool timed_out) {
    emscripten_fetch_t* f = inf->fetch;
    if (!inf->cancelled) {
        Completion c;
        c.id = inf->id;
        c.elapsed_ms = emscripten_get_now() - inf->started_ms;
        if (status == 0) {
            c.error = timed_out ? TransportError::Timeout : TransportError::Network;
            c.error_detail = timed_out ? "no response within " + std::to_string(inf->req.timeout_ms) + " ms"
                                       : "the browser could not reach the server (offline, refused, or blocked by CORS)";
        } else {
            c.response.status = status;
            parse_headers(f, c.response.headers);
            if (f->data && f->numBytes > 0) c.response.body.assign(f->data, static_cast<size_t>(f->numBytes));
        }
        ready_.push_back(std::move(c));
    }
    running_.erase(inf->id);
    emscripten_fetch_close(f);  // the one and only close for this fetch
    delete inf;
    while (!queued_.empty() && static_cast<int>(running_.size()) < max_in_flight_) {
        InFlight* next = queued_.front();
        queued_.pop_front();
        start(next);
    }
    EM_ASM({ Module.pinlabDirty = true; });
}

void FetchTransport::cancel(RequestId id) {
    for (auto it = queued_.begin(); it != queued_.end(); ++it) {
        if ((*it)->id == id) {
            Completion c;
            c.id = id;
            c.error = TransportError::Cancelled;
            ready_.push_back(std::move(c));
            delete *it;
            queued_.erase(it);
            return;
        }
    }
    auto it = running_.find(id);
    if (it == running_.end() || it->second->cancelled) return;
    // Report now; the XHR finishes (or times out) on its own and is closed in on_done.
    it->second->cancelled = true;
    Completion c;
    c.id = id;
    c.error = TransportError::Cancelled;
    ready_.push_back(std::move(c));
}

void FetchTransport::poll(std::vector<Completion>& out) {
    for (auto& c : ready_) out.push_back(std::move(c));
    ready_.clear();
}

}  // namespace pinlab::web
