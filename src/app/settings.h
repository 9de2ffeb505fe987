// settings.h — what the user chose and the page remembers in localStorage: backend, App ID, redirect
// URI, scopes, theme, "Remember me", the pasted token's environment. Never tokens (token_store.h).
#pragma once

#include <string>
#include <vector>

namespace pinlab::app {

class Platform;

struct Settings {
    std::string backend_id;
    std::string app_id;                 // empty = the backend's client_id
    std::string redirect_uri;           // empty = the page's own URL
    std::vector<std::string> scopes;
    bool dark = true;
    bool remember = false;
    bool token_production = false;      // Paste-a-token: production instead of sandbox
    bool demo_sandbox = false;          // Demo: the sandbox's rules instead of production's
};

// The saved settings; the defaults (config.h's default scopes) for anything absent or unreadable.
Settings load_settings(Platform& p);
void save_settings(Platform& p, const Settings& s);

}  // namespace pinlab::app
