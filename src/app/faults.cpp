// faults.cpp — the Faults panel's module (see faults.h): the control calls, and the request log read back as
// what each fault did to the calls it met.
#include "app/faults.h"

#include <algorithm>

#include "app/services.h"
#include "core/json_util.h"
#include "core/operations.h"
#include "core/url.h"

namespace pinlab::app {

namespace {
constexpr double kRefreshMs = 1000;  // how often the panel asks while armed faults wait for calls

// The path of a logged URL, without origin or query: "/v5/boards".
std::string url_path(const std::string& url) {
    std::string p = url;
    if (size_t scheme = p.find("://"); scheme != std::string::npos) {
        size_t slash = p.find('/', scheme + 3);
        p = slash == std::string::npos ? "/" : p.substr(slash);
    }
    if (size_t q = p.find_first_of("?#"); q != std::string::npos) p.resize(q);
    return p;
}

std::string result_of(const LogEntry& e) {
    if (!e.done) return "";
    if (e.status == 0) return e.error.empty() ? "no answer" : e.error;
    return std::to_string(e.status);
}
}  // namespace

const std::vector<FaultKind>& fault_kinds() {
    static const std::vector<FaultKind> kinds = {
        {"429", "429 rate limit", "The client waits until X-RateLimit-Reset (3 s), then sends it again."},
        {"401", "401 expired token", "Every access token expires now: the client refreshes once and sends it again."},
        {"403", "403 forbidden", "Code 29: the client stops and shows the error and its hint."},
        {"500", "500 server error", "Reads (GET) are sent again with backoff; a write reports an unknown outcome."},
        {"503", "503 unavailable", "Reads (GET) are sent again with backoff; a write reports an unknown outcome."},
        {"timeout", "Timeout", "No answer within the client's 30 s: reads are sent again, a write reports an unknown outcome."},
        {"malformed", "Malformed body", "An HTML page instead of JSON: a read is sent again."},
        {"truncated", "Truncated body", "JSON cut in half: a read is sent again."},
        {"drop", "Dropped connection", "A network error: reads are sent again, a write reports an unknown outcome."},
    };
    return kinds;
}

bool Faults::available(const Services& s) const {
    const BackendDef* b = s.backend();
    return b && (b->kind == BackendKind::Demo || b->kind == BackendKind::Emulator) && b->faults != 0;
}

std::string Faults::unavailable_reason(const Services& s) const {
    const BackendDef* b = s.backend();
    if (!b) return "Choose a backend first.";
    if (b->kind == BackendKind::Emulator)
        return "This pinlab-server was started without its control endpoint. Start it with --control (./scripts/run "
               "passes it) to set faults from this page.";
    return "Faults can be set on the emulators only: choose Demo or Local emulator. " + b->label +
           " is a real API, whose errors come when they come.";
}

std::string Faults::url(const Services& s) const {
    const BackendDef* b = s.backend();
    if (b && b->kind == BackendKind::Demo) return "/_emulator/faults";
    return resolve_url(s.platform.location_href(), "_emulator/faults");
}

void Faults::forget() {
    if (control_ && pending_) control_->cancel(pending_);
    control_.reset();
    pending_ = 0;
    pending_post_ = false;
    queued_body_.clear();
    loaded = false;
    armed.clear();
    fired.clear();
    fired_total = 0;
    latency_ms = 0;
    flavor.clear();
    error.clear();
    floor_set_ = false;
    log_floor_ = 0;
    seen_log_ = 0;
}

void Faults::send(Services& s, const std::string& method, const std::string& body) {
    if (!available(s)) {
        error = unavailable_reason(s);
        return;
    }
    if (!floor_set_ && s.client()) {  // calls from here on are the ones the panel explains
        const auto& entries = s.client()->log().entries();
        log_floor_ = entries.empty() ? 0 : entries.back().id;
        floor_set_ = true;
    }
    if (pending_) {  // one control call at a time; the latest change waits its turn
        if (method == "POST") {  // merged, so a delay set meanwhile does not drop a fault armed before it
            auto merged = json_parse(queued_body_.empty() ? "{}" : queued_body_);
            auto add = json_parse(body);
            if (merged && add && merged->is_object() && add->is_object()) {
                for (auto it = add->begin(); it != add->end(); ++it) (*merged)[it.key()] = it.value();
                queued_body_ = json_dump(*merged);
            } else {
                queued_body_ = body;
            }
        }
        return;
    }
    if (!control_) control_ = s.demo() ? s.platform.demo_transport() : s.platform.network_transport();
    if (!control_) return;
    Request r;
    r.method = method;
    r.url = url(s);
    r.timeout_ms = 10000;
    if (method == "POST") {
        r.headers.set("Content-Type", "application/json");
        r.body = body;
    }
    pending_ = control_->send(std::move(r));
    pending_post_ = method == "POST";
}

void Faults::refresh(Services& s) { send(s, "GET", ""); }

void Faults::arm(Services& s, const std::string& kind, int count) {
    std::vector<std::string> next = armed;
    for (int i = 0; i < count && next.size() < 50; ++i) next.push_back(kind);
    armed = next;  // shown at once; the answer confirms it
    send(s, "POST", json_dump(json{{"next", next}}));
}

void Faults::set_latency(Services& s, double ms) {
    latency_ms = std::clamp(ms, 0.0, 600000.0);
    send(s, "POST", json_dump(json{{"latency_ms", latency_ms}}));
}

void Faults::clear(Services& s) {
    armed.clear();
    latency_ms = 0;
    send(s, "POST", json_dump(json{{"next", json::array()}, {"latency_ms", 0}}));
}

void Faults::poll(Services& s) {
    if (!control_) return;
    std::vector<Completion> done;
    control_->poll(done);
    for (auto& c : done) {
        if (c.id != pending_) continue;
        pending_ = 0;
        if (c.error != TransportError::None) {
            error = "The emulator's control endpoint did not answer (" + std::string(to_string(c.error)) +
                    (c.error_detail.empty() ? "" : ": " + c.error_detail) + ").";
            continue;
        }
        auto j = json_parse(c.response.body);
        if (c.response.status != 200 || !j || !j->is_object()) {
            std::string msg = j && j->is_object() ? json_string(*j, "message") : "";
            if (c.response.status == 404)
                error = s.demo() ? "The Demo emulator does not know /_emulator/faults (an older pinlab-demo.js?); reload the page."
                                 : "This pinlab-server was started without its control endpoint: start it with --control "
                                   "(./scripts/run passes it) to set faults from this page.";
            else
                error = "The control endpoint answered " + std::to_string(c.response.status) +
                        (msg.empty() ? "." : ": " + msg);
            continue;
        }
        error.clear();
        loaded = true;
        armed.clear();
        if (const json* n = json_field(*j, "next"); n && n->is_array())
            for (const auto& k : *n)
                if (k.is_string()) armed.push_back(k.get<std::string>());
        if (const json* l = json_field(*j, "latency_ms"); l && l->is_number()) latency_ms = l->get<double>();
        flavor = json_string(*j, "flavor");
        fired.clear();
        if (const json* f = json_field(*j, "fired"); f && f->is_array())
            for (const auto& e : *f)
                if (e.is_object())
                    fired.push_back({json_string(e, "fault"), json_string(e, "method"), json_string(e, "path")});
        if (const json* t = json_field(*j, "fired_total"); t && t->is_number_unsigned()) fired_total = t->get<uint64_t>();
    }
    if (pending_) return;
    if (!queued_body_.empty()) {
        std::string body = std::move(queued_body_);
        queued_body_.clear();
        send(s, "POST", body);
        return;
    }
    // Armed faults wait for calls: ask again when the client sent or finished one, and now and then (calls
    // from elsewhere, another tab on the same server), until they have all fired.
    if (armed.empty() || !error.empty()) return;
    uint64_t log_now = 0;
    if (const Client* c = s.client(); c && !c->log().entries().empty())
        log_now = c->log().entries().back().id * 2 + (c->log().entries().back().done ? 1 : 0);
    const double now = s.platform.now_ms();
    if (log_now != seen_log_ || now >= next_refresh_ms_) {
        seen_log_ = log_now;
        next_refresh_ms_ = now + kRefreshMs;
        refresh(s);
    }
}

std::vector<FaultOutcome> Faults::outcomes(const Services& s) const {
    std::vector<FaultOutcome> out;
    const Client* client = s.client();
    if (!client || !floor_set_) return out;
    const auto& log = client->log().entries();
    // The emulator's fired list and the log are both in the order the calls were made: match them up.
    size_t from = 0;
    for (const Fired& f : fired) {
        for (size_t i = from; i < log.size(); ++i) {
            const LogEntry& e = log[i];
            if (e.id <= log_floor_ || e.method != f.method || url_path(e.url) != f.path) continue;
            from = i + 1;
            FaultOutcome o;
            o.method = e.method;
            o.path = f.path;
            o.fault = f.fault;
            OperationInfo op = operation_info(e.operation.c_str());
            if (e.status == 0) {
                TransportError te = f.fault == "timeout" ? TransportError::Timeout : TransportError::Network;
                o.hint = error_from_transport(te, e.error, op).hint;
            } else if (e.status >= 400) {
                Response r;
                r.status = e.status;
                r.headers = e.response_headers;
                r.body = e.response_body;
                o.hint = error_from_response(r, op).hint;
            } else {
                o.hint = op.method && std::string(op.method) == "GET"
                             ? "The body could not be read: a read is sent again."
                             : "The body could not be read: the change most likely happened; reload to check.";
            }
            for (size_t k = i + 1; k < log.size(); ++k) {  // the same call sent again (a retry or a replay)
                const LogEntry& n = log[k];
                if (n.method != e.method || n.url != e.url) continue;
                o.retried = true;
                o.wait_ms = std::max(0.0, n.started_ms - (e.started_ms + e.duration_ms));
                o.then = result_of(n);
                o.recovered = n.done && n.status >= 200 && n.status < 300;
                break;
            }
            out.push_back(std::move(o));
            break;
        }
    }
    std::reverse(out.begin(), out.end());
    return out;
}

}  // namespace pinlab::app
