// routes.h — the app's views as addresses: "#/boards/123/sections/9" <-> Nav, so deep links, Back and
// Forward work. Parsing is strict: an unknown or malformed hash gives nullopt, never a wrong view.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace pinlab::app {

enum class Route : uint8_t { Connect, Profile, Boards, Board, Pin, Create, Search, Analytics, Console, Token, Pins,
                              Explorer, Network, TopPins, Video, Websites, Businesses, Faults };

struct Nav {
    Route route = Route::Connect;
    std::string board_id, section_id, pin_id;
    std::string op, query;  // Explorer: the operationId shown and its filled parameters ("a=1&b=2")
    Nav() = default;
    explicit Nav(Route r, std::string board = {}, std::string section = {}, std::string pin = {})
        : route(r), board_id(std::move(board)), section_id(std::move(section)), pin_id(std::move(pin)) {}
    bool operator==(const Nav& o) const {
        return route == o.route && board_id == o.board_id && section_id == o.section_id && pin_id == o.pin_id &&
               op == o.op && query == o.query;
    }
    bool operator!=(const Nav& o) const { return !(*this == o); }
};

std::optional<Nav> parse_hash(std::string_view hash);
std::string to_hash(const Nav& nav);
const char* route_name(Route r);   // "boards", "pin", … (the bridge's `view`)
const char* route_title(Route r);  // "Boards", "Create pin", … (the page title and announcements)

}  // namespace pinlab::app
