// emulator_transport.cpp — see emulator_transport.h.
#include "emulator/emulator_transport.h"

#include <chrono>
#include <algorithm>
#include <cstdlib>

#include "emulator/network_effects.h"

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
    double delay = 0;
    RequestId id = p.completion.id;
    p.completion = emulated_completion(req, emu_.handle(req, epoch_()), delay);
    p.completion.id = id;
    p.due_ms = p.sent_ms + delay;
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
