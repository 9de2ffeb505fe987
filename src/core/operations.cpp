// operations.cpp — the operation table (see operations.h).
#include "core/operations.h"

#include <iterator>

#include "core/text.h"

namespace pinlab {

namespace {

const SpecOperation kOperations[] = {
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

}  // namespace

const SpecOperation* spec_operations_begin() { return std::begin(kOperations); }
const SpecOperation* spec_operations_end() { return std::end(kOperations); }

const SpecOperation* find_spec_operation(std::string_view operation_id) {
    for (const SpecOperation& op : kOperations)
        if (operation_id == op.operation_id) return &op;
    return nullptr;
}

OperationInfo operation_info(const char* operation_id) {
    OperationInfo info;
    info.name = operation_id;
    if (const SpecOperation* op = find_spec_operation(operation_id)) {
        info.method = op->method;
        info.scopes = op->scopes;
        info.category = op->ratelimit;
        info.creates = std::string_view(op->method) == "POST" && !starts_with(op->path, "/oauth/");
    }
    return info;
}

}  // namespace pinlab
