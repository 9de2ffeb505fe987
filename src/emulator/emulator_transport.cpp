// emulator_transport.cpp — see emulator_transport.h.
#include "emulator/emulator_transport.h"

#include <chrono>
#include <algorithm>
#include <cstdlib>

namespace pinlab::emu {

EmulatorTransport::EmulatorTransport(Emulator& emulator, Clock clock, EpochClock epoch_clock)
    : emu_(emulator), clock_(std::move(clock)), epoch_(std::move(epoch_clock)) {
    if (!clock_) {
        clock_ = [] {
            using namespace std::chrono;
            return duration<double, std::milli>(steady_clock::now().time_since_epoch()).count();
        };
    }
    if (!epoch_) {
        epoch_ = [] {
            using namespace std::chrono;
            return static_cast<int64_t>(duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count());
        };
    }
}

double EmulatorTransport::now_ms() const { return clock_(); }

RequestId EmulatorTransport::send(Request req) {
    Pending p;
    p.completion.id = next_id_++;
    p.sent_ms = now_ms();
    Response resp = emu_.handle(req, epoch_());

    double delay = 0;
    std::string_view d = resp.headers.get("X-Emulator-Delay-Ms");
    if (!d.empty()) delay = std::strtod(std::string(d).c_str(), nullptr);
    if (!(delay >= 0)) delay = 0;  // also rejects NaN
    bool drop = !resp.headers.get("X-Emulator-Drop").empty();
    for (const char* h : {"X-Emulator-Delay-Ms", "X-Emulator-Drop"}) resp.headers.remove(h);

    if (req.timeout_ms > 0 && delay > req.timeout_ms) {
        p.completion.error = TransportError::Timeout;
        p.completion.error_detail = "no response within " + std::to_string(req.timeout_ms) + " ms";
        p.due_ms = p.sent_ms + req.timeout_ms;
    } else if (drop) {
        p.completion.error = TransportError::Network;
        p.completion.error_detail = "connection dropped (emulated)";
        p.due_ms = p.sent_ms + delay;
    } else {
        p.completion.response = std::move(resp);
        p.due_ms = p.sent_ms + delay;
    }
    RequestId id = p.completion.id;
    pending_.push_back(std::move(p));
    return id;
}

void EmulatorTransport::cancel(RequestId id) {
    for (auto& p : pending_) {
        if (p.completion.id != id) continue;
        p.completion.error = TransportError::Cancelled;
        p.completion.error_detail = "cancelled";
        p.completion.response = Response{};
        p.due_ms = now_ms();  // delivered by the next poll
    }
}

void EmulatorTransport::poll(std::vector<Completion>& out) {
    double now = now_ms();
    // Deliver in due order (stable for equal times) so delays reorder responses like a network would.
    std::vector<Pending> keep;
    std::vector<Pending> ready;
    for (auto& p : pending_) (p.due_ms <= now ? ready : keep).push_back(std::move(p));
    std::stable_sort(ready.begin(), ready.end(), [](const Pending& a, const Pending& b) { return a.due_ms < b.due_ms; });
    for (auto& p : ready) {
        p.completion.elapsed_ms = (p.completion.error == TransportError::Cancelled ? now : p.due_ms) - p.sent_ms;
        out.push_back(std::move(p.completion));
    }
    pending_ = std::move(keep);
}

}  // namespace pinlab::emu
