// emulator_transport.cpp — see emulator_transport.h.
#include "emulator/emulator_transport.h"

#include <chrono>

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
    const RequestId id = next_id_++;
    const double sent = now_ms();
    double delay = 0;
    Completion c = emulated_completion(req, emu_.handle(req, epoch_()), delay);
    c.id = id;
    queue_.add(std::move(c), sent, sent + delay);
    return id;
}

void EmulatorTransport::cancel(RequestId id) { queue_.cancel(id, now_ms()); }

void EmulatorTransport::poll(std::vector<Completion>& out) { queue_.poll(now_ms(), out); }

}  // namespace pinlab::emu
