// network_effects.cpp — see network_effects.h.
#include "core/network_effects.h"

#include <algorithm>
#include <string>

namespace pinlab {

NetworkEffects take_network_effects(Response& resp) {
    NetworkEffects e;
    std::string_view d = resp.headers.get("X-Emulator-Delay-Ms");
    double ms = 0;
    for (char c : d) {  // digits only: no sign, no NaN, no exponent
        if (c < '0' || c > '9') break;
        ms = ms * 10 + (c - '0');
        if (ms > kMaxDelayMs) break;
    }
    e.delay_ms = ms > kMaxDelayMs ? kMaxDelayMs : ms;
    e.drop = resp.headers.get("X-Emulator-Drop") == "1";
    for (size_t i = resp.headers.items.size(); i-- > 0;) {
        const std::string& name = resp.headers.items[i].first;
        if (iequals(std::string_view(name).substr(0, 11), "X-Emulator-") && !iequals(name, "X-Emulator-Source"))
            resp.headers.items.erase(resp.headers.items.begin() + static_cast<std::ptrdiff_t>(i));
    }
    return e;
}

Completion emulated_completion(const Request& req, Response resp, double& delay_ms) {
    NetworkEffects e = take_network_effects(resp);
    Completion c;
    delay_ms = e.delay_ms;
    if (req.timeout_ms > 0 && e.delay_ms > req.timeout_ms) {
        c.error = TransportError::Timeout;
        c.error_detail = "no response within " + std::to_string(req.timeout_ms) + " ms";
        delay_ms = req.timeout_ms;
    } else if (e.drop) {
        c.error = TransportError::Network;
        c.error_detail = "connection dropped (emulated)";
    } else {
        c.response = std::move(resp);
    }
    return c;
}

void DeliveryQueue::add(Completion c, double sent_ms, double due_ms) {
    items_.push_back(Item{std::move(c), sent_ms, due_ms});
}

bool DeliveryQueue::cancel(RequestId id, double now_ms) {
    for (auto& it : items_) {
        if (it.completion.id != id) continue;
        it.completion.error = TransportError::Cancelled;
        it.completion.error_detail = "cancelled";
        it.completion.response = Response{};
        it.due_ms = now_ms;
        return true;
    }
    return false;
}

void DeliveryQueue::poll(double now_ms, std::vector<Completion>& out) {
    auto due = std::stable_partition(items_.begin(), items_.end(), [&](const Item& i) { return i.due_ms <= now_ms; });
    std::stable_sort(items_.begin(), due, [](const Item& a, const Item& b) { return a.due_ms < b.due_ms; });
    for (auto it = items_.begin(); it != due; ++it) {
        it->completion.elapsed_ms = it->due_ms - it->sent_ms;
        out.push_back(std::move(it->completion));
    }
    items_.erase(items_.begin(), due);
}

}  // namespace pinlab
