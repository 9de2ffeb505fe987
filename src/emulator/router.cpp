// router.cpp — see router.h: the table's rows and the scopes an operation needs.
#include "emulator/router.h"

#include "core/text.h"

namespace pinlab::emu {

const OpMeta* ops_begin() { return spec_operations_begin(); }
const OpMeta* ops_end() { return spec_operations_end(); }

std::vector<std::string> op_scopes(const OpMeta& op) {
    if (!*op.scopes) return {};  // no scope needed (the OAuth endpoints)
    return split(op.scopes, ',');
}

}  // namespace pinlab::emu
