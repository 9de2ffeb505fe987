// spec_meta.cpp — per-operation facts copied from the OpenAPI spec (5.23.0): scopes, rate-limit category,
// x-sandbox, and the OAuth scope descriptions shown on the consent page. The WASM page cannot read the spec,
// so the data lives here. Generated once by scripts/gen_spec_meta.py and pasted below.
#include "emulator/spec_meta.h"

#include <cstdint>

namespace pinlab::emu {

namespace {

const OpMeta kOps[] = {
    // method, path, operationId, oauth scopes (all required), x-ratelimit-category, x-sandbox enabled
    {"POST", "/oauth/token", "oauth/token", "", "org_read", true},
    {"POST", "/oauth/token/revoke", "token/revoke", "", "org_write", true},
    {"GET", "/user_account", "user_account/get", "user_accounts:read", "org_read", true},
    {"GET", "/user_account/analytics", "user_account/analytics", "user_accounts:read", "org_analytics", false},
    {"GET", "/user_account/analytics/top_pins", "user_account/analytics/top_pins", "pins:read,user_accounts:read", "org_analytics", false},
    {"POST", "/boards", "boards/create", "boards:read,boards:write", "org_write", true},
    {"GET", "/boards", "boards/list", "boards:read", "org_read", true},
    {"GET", "/boards/{board_id}", "boards/get", "boards:read", "org_read", true},
    {"DELETE", "/boards/{board_id}", "boards/delete", "boards:read,boards:write", "org_write", true},
    {"PATCH", "/boards/{board_id}", "boards/update", "boards:read,boards:write", "org_write", true},
    {"GET", "/boards/{board_id}/pins", "boards/list_pins", "boards:read,pins:read", "org_read", true},
    {"GET", "/boards/{board_id}/sections", "board_sections/list", "boards:read", "org_read", true},
    {"POST", "/boards/{board_id}/sections", "board_sections/create", "boards:read,boards:write", "org_write", true},
    {"PATCH", "/boards/{board_id}/sections/{section_id}", "board_sections/update", "boards:read,boards:write", "org_write", true},
    {"DELETE", "/boards/{board_id}/sections/{section_id}", "board_sections/delete", "boards:read,boards:write", "org_write", true},
    {"GET", "/boards/{board_id}/sections/{section_id}/pins", "board_sections/list_pins", "boards:read,pins:read", "org_read", true},
    {"POST", "/pins", "pins/create", "boards:read,boards:write,pins:read,pins:write", "org_write", true},
    {"GET", "/pins", "pins/list", "boards:read,pins:read", "org_read", true},
    {"GET", "/pins/{pin_id}", "pins/get", "boards:read,pins:read", "org_read", true},
    {"PATCH", "/pins/{pin_id}", "pins/update", "boards:read,boards:write,pins:read,pins:write", "org_write", true},
    {"DELETE", "/pins/{pin_id}", "pins/delete", "boards:read,boards:write,pins:read,pins:write", "org_write", true},
    {"POST", "/pins/{pin_id}/save", "pins/save", "boards:read,boards:write,pins:read,pins:write", "org_write", true},
    {"GET", "/pins/{pin_id}/analytics", "pins/analytics", "boards:read,pins:read", "org_analytics", false},
    {"GET", "/pins/analytics", "multi_pins/analytics", "boards:read,pins:read", "org_analytics", false},
    {"GET", "/search/pins", "search_user_pins/list", "boards:read,boards:read_secret,pins:read,pins:read_secret", "org_read", false},
    {"GET", "/search/boards", "search_user_boards/get", "boards:read,boards:read_secret", "org_read", false},
    {"GET", "/media", "media/list", "pins:read", "org_read", true},
    {"POST", "/media", "media/create", "pins:read,pins:write", "org_write", true},
    {"GET", "/media/{media_id}", "media/get", "pins:read", "org_read", true},
    {"GET", "/ad_accounts", "ad_accounts/list", "ads:read", "ads_read", true},
};


// Matches "/boards/{board_id}" against "/boards/123"; fills the placeholders in order.
bool match_pattern(std::string_view pattern, std::string_view path, std::vector<std::string>& params) {
    params.clear();
    size_t i = 0, j = 0;
    while (i < pattern.size() && j < path.size()) {
        if (pattern[i] == '{') {
            size_t close = pattern.find('}', i);
            if (close == std::string_view::npos) return false;
            size_t end = path.find('/', j);
            if (end == std::string_view::npos) end = path.size();
            if (end == j) return false;
            params.emplace_back(path.substr(j, end - j));
            i = close + 1;
            j = end;
        } else {
            if (pattern[i] != path[j]) return false;
            ++i;
            ++j;
        }
    }
    return i == pattern.size() && j == path.size();
}

}  // namespace

const OpMeta* ops_begin() { return kOps; }
const OpMeta* ops_end() { return kOps + sizeof(kOps) / sizeof(kOps[0]); }
OpMatch match_operation(std::string_view method, std::string_view path) {
    // A literal segment beats a placeholder ("/pins/analytics" is not pin "analytics").
    OpMatch m;
    std::vector<std::string> params;
    size_t best = SIZE_MAX;
    for (const OpMeta* op = ops_begin(); op != ops_end(); ++op) {
        if (!match_pattern(op->path, path, params)) continue;
        m.path_exists = true;
        if (method == op->method && params.size() < best) {
            best = params.size();
            m.op = op;
            m.params = params;
        }
    }
    return m;
}

std::vector<std::string> op_scopes(const OpMeta& op) {
    std::vector<std::string> out;
    std::string_view s = op.scopes;
    while (!s.empty()) {
        size_t comma = s.find(',');
        out.emplace_back(s.substr(0, comma));
        if (comma == std::string_view::npos) break;
        s.remove_prefix(comma + 1);
    }
    return out;
}

}  // namespace pinlab::emu
