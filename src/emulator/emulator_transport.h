// emulator_transport.h — a pinlab::Transport that answers from an in-process Emulator: used by the native
// client tests and by the page's Demo mode. Honours the emulator's X-Emulator-Delay-Ms (deliver later) and
// X-Emulator-Drop (network error) headers, request timeouts and cancel(), and strips X-Emulator-* headers.
// Clocks are injectable: a monotonic one for delivery times, an epoch one for the emulator's now_ms.
#pragma once

#include <cstdint>
#include <functional>
#include <vector>

#include "core/http.h"
#include "emulator/emulator.h"
#include "core/network_effects.h"

namespace pinlab::emu {

class EmulatorTransport : public Transport {
public:
    using Clock = std::function<double()>;        // monotonic milliseconds
    using EpochClock = std::function<int64_t()>;  // milliseconds since the Unix epoch

    // Empty clocks mean std::chrono::steady_clock and system_clock.
    explicit EmulatorTransport(Emulator& emulator, Clock clock = {}, EpochClock epoch_clock = {});

    // The emulator handles the request at once (its state changes now); the completion is delivered by poll()
    // once the emulated delay has passed, or at the timeout if the delay exceeds Request::timeout_ms.
    RequestId send(Request req) override;
    void cancel(RequestId id) override;
    void poll(std::vector<Completion>& out) override;
    double now_ms() const override;

    size_t pending() const { return queue_.size(); }

private:
    Emulator& emu_;
    Clock clock_;
    EpochClock epoch_;
    RequestId next_id_ = 1;
    DeliveryQueue queue_;
};

}  // namespace pinlab::emu
