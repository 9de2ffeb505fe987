// operations.cpp — the operation table (see operations.h), generated at build time from spec/openapi.json
// by scripts/gen_spec.py.
#include "core/operations.h"

#include <cstdint>
#include <iterator>

#include "core/text.h"

namespace pinlab {

namespace {

const SpecOperation kOperations[] = {
#include "operations_table.inc"
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

namespace pinlab {

OpMatch match_operation(std::string_view method, std::string_view path) {
    OpMatch m;
    std::vector<std::string> params;
    size_t best = SIZE_MAX;
    for (const SpecOperation& op : kOperations) {
        if (!match_pattern(op.path, path, params)) continue;
        m.path_exists = true;
        if (method == op.method && params.size() < best) {
            best = params.size();
            m.op = &op;
            m.params = params;
        }
    }
    return m;
}

}  // namespace pinlab
