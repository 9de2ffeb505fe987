// http.cpp — Headers helpers and names for transport errors.
#include "core/http.h"

#include <algorithm>

namespace pinlab {

std::string_view Headers::get(std::string_view name) const {
    for (const auto& [k, v] : items)
        if (iequals(k, name)) return v;
    return {};
}

bool Headers::has(std::string_view name) const {
    return std::any_of(items.begin(), items.end(), [&](const auto& kv) { return iequals(kv.first, name); });
}

void Headers::set(std::string name, std::string value) {
    remove(name);
    items.emplace_back(std::move(name), std::move(value));
}

void Headers::remove(std::string_view name) {
    items.erase(std::remove_if(items.begin(), items.end(), [&](const auto& kv) { return iequals(kv.first, name); }),
                items.end());
}

const char* to_string(TransportError e) {
    switch (e) {
        case TransportError::None: return "none";
        case TransportError::Network: return "network error";
        case TransportError::Timeout: return "timeout";
        case TransportError::Cancelled: return "cancelled";
        case TransportError::Refused: return "refused";
    }
    return "unknown";
}

}  // namespace pinlab
