// spec_meta.h — the table of emulated operations (from the OpenAPI spec) and the OAuth scope list.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/scopes.h"

namespace pinlab::emu {

struct OpMeta {
    const char* method;        // "GET", "POST", "PATCH", "DELETE"
    const char* path;          // spec path without the /v5 prefix, e.g. "/boards/{board_id}"
    const char* operation_id;  // e.g. "boards/get"
    const char* scopes;        // comma-separated; the token needs all of them
    const char* ratelimit;     // x-ratelimit-category
    bool sandbox_enabled;      // x-sandbox: enabled
};

struct OpMatch {
    const OpMeta* op = nullptr;        // null when no operation matches path + method
    bool path_exists = false;          // the path matches some operation (=> 405 rather than 404)
    std::vector<std::string> params;   // path placeholders in order
};

const OpMeta* ops_begin();
const OpMeta* ops_end();
// Scope names and descriptions: pinlab::scopes_begin/scopes_end/scope_description (core/scopes.h).
OpMatch match_operation(std::string_view method, std::string_view path);  // path without "/v5"
std::vector<std::string> op_scopes(const OpMeta& op);

}  // namespace pinlab::emu
