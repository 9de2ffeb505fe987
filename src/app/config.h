// config.h — the backends the page offers (config.json, or the built-in defaults) and the OAuth scopes
// with their descriptions: what the connect screen lists and the session signs in with.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/scopes.h"

namespace pinlab::app {

enum class BackendKind : uint8_t { Demo, Emulator, Broker, Token };

struct BackendDef {
    std::string id, label;
    BackendKind kind = BackendKind::Demo;
    std::string api_base;       // "v5" (page-relative), "/v5", or absolute
    std::string authorize_url;  // consent page
    std::string token_url;      // token endpoint or broker
    std::string revoke_url;
    std::string client_id;
    std::string environment;    // label kept with tokens: "demo", "emulator", "sandbox", "production"
    std::string description;
    bool enabled = true;
    std::string disabled_reason;
    // Emulator backends, as pinlab-server's own config.json says (absent from a static host's): its rules
    // ("public", "strict", "sandbox"; empty = not said) and whether its /_emulator/* control endpoint is on
    // (the Faults panel: 1 on, 0 off, -1 not said, the panel asks the server). Not an optional<bool>: copying
    // a disengaged one reads an uninitialised bool (UBSan).
    std::string flavor;
    int8_t faults = -1;
};

struct AppConfig {
    std::vector<BackendDef> backends;
    std::string default_backend = "demo";
    std::string warning;  // non-empty when config.json was absent or invalid (defaults used)
    // config.json was written by pinlab-server from its flags ("served_by": "pinlab-server"): it lists only
    // what that server runs, so its consent pages need no check before sign-in.
    bool from_server = false;
};

// Never fails: bad or missing input gives the built-in defaults and a warning.
AppConfig parse_config(const std::string& text);
AppConfig default_config();

// Pinterest's API bases, for pasted tokens and the broker's defaults.
extern const char* const kSandboxBase;     // https://api-sandbox.pinterest.com/v5
extern const char* const kProductionBase;  // https://api.pinterest.com/v5

// The 19 OAuth scopes of the spec with their descriptions, in spec order (core/scopes.h).
const std::vector<ScopeInfo>& all_scopes();
const char* scope_label(std::string_view scope);  // its description, or "(not a Pinterest scope)"
// What the app asks for unless the user picks otherwise: read and write boards and pins, read the account.
const std::vector<std::string>& default_scopes();

// The accounts the Demo emulator has, in its order (the first is the default); its consent step picks one.
struct DemoAccount {
    const char* username;
    const char* type;  // account_type: BUSINESS or PINNER
    const char* about;
};
const std::vector<DemoAccount>& demo_accounts();

}  // namespace pinlab::app
