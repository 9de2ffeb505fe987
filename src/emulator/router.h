// router.h — the emulator's router: which operation of the table in core/operations.h a method + path is
// (with its path placeholders, and 405 versus 404), and the scopes that operation needs.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/operations.h"
#include "core/scopes.h"

namespace pinlab::emu {

using OpMeta = pinlab::SpecOperation;  // a row of core/operations.h

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
