// routes.cpp — hash routes <-> Nav; names and titles come from the table of views (views.h).
#include "app/routes.h"
#include "app/views.h"

#include <cctype>
#include <vector>

namespace pinlab::app {

const char* route_name(Route r) { return view_def(r).slug; }
const char* route_title(Route r) { return view_def(r).title; }

namespace {
bool is_id(std::string_view s) {
    if (s.empty() || s.size() > 64) return false;
    for (char c : s)
        if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_')) return false;
    return true;
}
}  // namespace

// "#/explorer/<operationId>?<parameters>": operationIds hold '/' ("ad_accounts/list"), so the rest of the
// path is the id; the query is kept as it is (percent-encoded), capped.
static std::optional<Nav> parse_explorer(std::string_view h) {
    Nav n(Route::Explorer);
    size_t q = h.find('?');
    if (q != std::string_view::npos) {
        n.query = std::string(h.substr(q + 1));
        h = h.substr(0, q);
        if (n.query.size() > 4000) return std::nullopt;
    }
    if (h.empty()) return n;
    if (h[0] != '/' || h.size() > 101) return std::nullopt;
    h.remove_prefix(1);
    for (char c : h)
        if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '/' || c == '-' || c == '.')) return std::nullopt;
    n.op = std::string(h);
    return n;
}

std::optional<Nav> parse_hash(std::string_view h) {
    if (!h.empty() && h[0] == '#') h.remove_prefix(1);
    if (!h.empty() && h[0] == '/') h.remove_prefix(1);
    if (h.substr(0, 8) == "explorer" && (h.size() == 8 || h[8] == '/' || h[8] == '?')) return parse_explorer(h.substr(8));
    while (!h.empty() && h.back() == '/') h.remove_suffix(1);
    std::vector<std::string_view> parts;
    size_t start = 0;
    while (start <= h.size() && !h.empty()) {
        size_t slash = h.find('/', start);
        if (slash == std::string_view::npos) slash = h.size();
        parts.push_back(h.substr(start, slash - start));
        start = slash + 1;
        if (slash == h.size()) break;
    }
    Nav n;
    if (parts.empty() || parts[0] == "connect") return parts.size() <= 1 ? std::optional<Nav>(n) : std::nullopt;
    const std::string_view p0 = parts[0];
    if (parts.size() == 1) {
        // A view without ids is "#/<slug>"; the board and the pin are addressed by their ids below.
        for (const ViewDef* v : all_views())
            if (v->route != Route::Board && v->route != Route::Pin && p0 == v->slug) {
                n.route = v->route;
                return n;
            }
        return std::nullopt;
    }
    if (p0 == "boards" && is_id(parts[1])) {
        n.board_id = std::string(parts[1]);
        n.route = Route::Board;
        if (parts.size() == 2) return n;
        if (parts.size() == 4 && parts[2] == "sections" && is_id(parts[3])) {
            n.section_id = std::string(parts[3]);
            return n;
        }
        return std::nullopt;
    }
    if (p0 == "pins" && parts.size() == 2 && is_id(parts[1])) {
        n.route = Route::Pin;
        n.pin_id = std::string(parts[1]);
        return n;
    }
    return std::nullopt;
}

std::string to_hash(const Nav& n) {
    if (n.route == Route::Board)
        return "#/boards/" + n.board_id + (n.section_id.empty() ? "" : "/sections/" + n.section_id);
    if (n.route == Route::Pin) return "#/pins/" + n.pin_id;
    if (n.route == Route::Explorer)
        return "#/explorer" + (n.op.empty() ? "" : "/" + n.op) + (n.query.empty() ? "" : "?" + n.query);
    return std::string("#/") + route_name(n.route);
}

}  // namespace pinlab::app
