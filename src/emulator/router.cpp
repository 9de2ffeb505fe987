// router.cpp — see router.h: path matching with placeholders against the operation table, and the
// scopes an operation needs.
#include "emulator/router.h"

#include <cstdint>

#include "core/text.h"

namespace pinlab::emu {

namespace {

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

const OpMeta* ops_begin() { return spec_operations_begin(); }
const OpMeta* ops_end() { return spec_operations_end(); }
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
    if (!*op.scopes) return {};  // no scope needed (the OAuth endpoints)
    return split(op.scopes, ',');
}

}  // namespace pinlab::emu
