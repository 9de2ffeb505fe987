// router.h — the emulator's view of the operation table in core/operations.h: its rows (OpMeta), the
// operation a method + path is (pinlab::match_operation: placeholders, and 405 versus 404), and the scopes
// an operation needs.
#pragma once

#include <string>
#include <vector>

#include "core/operations.h"
#include "core/scopes.h"

namespace pinlab::emu {

using OpMeta = pinlab::SpecOperation;  // a row of core/operations.h
using pinlab::match_operation;
using pinlab::OpMatch;

const OpMeta* ops_begin();
const OpMeta* ops_end();
// Scope names and descriptions: pinlab::scopes_begin/scopes_end/scope_description (core/scopes.h).
std::vector<std::string> op_scopes(const OpMeta& op);

}  // namespace pinlab::emu
