// scopes.cpp — the OAuth scope table, generated at build time from spec/openapi.json by scripts/gen_spec.py.
#include "core/scopes.h"

namespace pinlab {

namespace {
const ScopeInfo kScopes[] = {
#include "scopes_table.inc"
};
}  // namespace

const ScopeInfo* scopes_begin() { return kScopes; }
const ScopeInfo* scopes_end() { return kScopes + sizeof(kScopes) / sizeof(kScopes[0]); }

const char* scope_description(std::string_view name) {
    for (const ScopeInfo* s = scopes_begin(); s != scopes_end(); ++s)
        if (name == s->name) return s->description;
    return nullptr;
}

}  // namespace pinlab
