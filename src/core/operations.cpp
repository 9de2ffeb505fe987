// operations.cpp — the operation table (see operations.h), generated at build time from spec/openapi.json
// by scripts/gen_spec.py.
#include "core/operations.h"

#include <iterator>

#include "core/text.h"

namespace pinlab {

namespace {

const SpecOperation kOperations[] = {
#include "operations_table.inc"
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
        info.sandbox = op->sandbox_enabled;
        info.creates = std::string_view(op->method) == "POST" && !starts_with(op->path, "/oauth/");
    }
    return info;
}

}  // namespace pinlab
