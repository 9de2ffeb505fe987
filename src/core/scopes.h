// scopes.h — Pinterest's OAuth scopes with their descriptions, as the OpenAPI description lists
// them (components.securitySchemes.pinterest_oauth2, v5.23.0). One table for the app's scope
// checkboxes and the emulator's consent page and scope checks.
#pragma once

#include <string_view>

namespace pinlab {

struct ScopeInfo {
    const char* name;
    const char* description;
};

const ScopeInfo* scopes_begin();
const ScopeInfo* scopes_end();
const char* scope_description(std::string_view name);  // nullptr for an unknown scope

}  // namespace pinlab
