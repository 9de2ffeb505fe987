// network_effects.h — the emulator's instructions to whatever carries its responses: the
// X-Emulator-Delay-Ms and X-Emulator-Drop headers (emulated latency and dropped connections), and the
// queue that delivers completions at their emulated time. One reading of them serves pinlab-server
// (waits / closes the connection), the in-process transport and the page's Demo worker transport
// (deliver later / fail), so they all agree. Transport-level only: no emulator state, so the page uses
// it without linking the emulator.
#pragma once

#include <vector>

#include "core/http.h"

namespace pinlab {

struct NetworkEffects {
    double delay_ms = 0;  // deliver this much later; clamped to 0..kMaxDelayMs
    bool drop = false;    // fail with a network error instead of answering
};

constexpr double kMaxDelayMs = 120000;

// Reads the instructions and removes every X-Emulator-* header from `resp` (they never reach a client), but
// X-Emulator-Source (modelled|generic): information for the Explorer, not an instruction.
NetworkEffects take_network_effects(Response& resp);

// What a transport delivers for `req` given the emulator's `resp`: the response, a dropped connection,
// or a timeout when the delay exceeds req.timeout_ms. Sets `delay_ms` to when it is due (from sending).
Completion emulated_completion(const Request& req, Response resp, double& delay_ms);

// Completions waiting for their emulated delivery time: the queue both emulator transports (in-process
// and the page's Demo worker) deliver from.
class DeliveryQueue {
public:
    void add(Completion c, double sent_ms, double due_ms);
    // The completion becomes TransportError::Cancelled, due now. False when `id` is not queued.
    bool cancel(RequestId id, double now_ms);
    // Moves what is due by `now_ms` to `out` in due order (stable for equal times), so delays reorder
    // responses like a network would; elapsed_ms is from sending to delivery.
    void poll(double now_ms, std::vector<Completion>& out);
    size_t size() const { return items_.size(); }

private:
    struct Item {
        Completion completion;
        double sent_ms = 0, due_ms = 0;
    };
    std::vector<Item> items_;
};

}  // namespace pinlab
