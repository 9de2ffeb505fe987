// scopes.cpp — the OAuth scope table (generated once from the OpenAPI description by
// scripts/gen_spec_meta.py; tests/emulator/test_conformance.cpp checks it against the spec).
#include "core/scopes.h"

namespace pinlab {

namespace {
const ScopeInfo kScopes[] = {
    {"ads:read", "See all of your advertising data, including ads, ad groups, campaigns etc."},
    {"ads:write", "Create, update, or delete ads, ad groups, campaigns etc."},
    {"billing:read", "See all of your billing data, billing profile, etc."},
    {"billing:write", "Create, update, or delete billing data, billing profiles, etc."},
    {"biz_access:read", "See business access data"},
    {"biz_access:write", "Create, update, or delete business access data"},
    {"boards:read", "See your public boards, including group boards you join"},
    {"boards:read_secret", "See your secret boards"},
    {"boards:write", "Create, update, or delete your public boards"},
    {"boards:write_secret", "Create, update, or delete your secret boards"},
    {"catalogs:read", "See all of your catalogs data"},
    {"catalogs:write", "Create, update, or delete your catalogs data"},
    {"msot:write", "Create measurement source of truth events"},
    {"pins:read", "See your public Pins"},
    {"pins:read_secret", "See your secret Pins"},
    {"pins:write", "Create, update, or delete your public Pins"},
    {"pins:write_secret", "Create, update, or delete your secret Pins"},
    {"user_accounts:read", "See your user accounts and followers"},
    {"user_accounts:write", "Update your user accounts and followers"},
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
