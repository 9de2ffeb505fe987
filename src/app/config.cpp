// config.cpp — config.json's backends (validated, completed with each kind's defaults) and the scopes.
#include "app/config.h"

#include "core/json_util.h"

namespace pinlab::app {

const char* const kSandboxBase = "https://api-sandbox.pinterest.com/v5";
const char* const kProductionBase = "https://api.pinterest.com/v5";

const std::vector<std::string>& default_scopes() {
    static const std::vector<std::string> kDefault = {"user_accounts:read", "boards:read", "boards:read_secret",
                                                      "boards:write", "boards:write_secret", "pins:read",
                                                      "pins:read_secret", "pins:write", "pins:write_secret",
                                                      "user_accounts:write", "biz_access:read"};  // follow, websites; businesses
    return kDefault;
}

// The emulator's kAccounts (emulator/impl.h), which the page does not link: tests/app/test_sign_in.cpp checks
// that the two lists agree.
const std::vector<DemoAccount>& demo_accounts() {
    static const std::vector<DemoAccount> kAccounts = {
        {"pinlab_demo", "BUSINESS", "ad accounts, campaigns, catalogs and a business"},
        {"pinlab_pinner", "PINNER", "a personal account: boards and pins, no ads"},
        {"pinlab_partner", "BUSINESS", "works with pinlab_demo's business"},
    };
    return kAccounts;
}

// [SECTION] Scopes (components.securitySchemes.pinterest_oauth2, OpenAPI 5.23.0) ------------------

const std::vector<ScopeInfo>& all_scopes() {
    static const std::vector<ScopeInfo> kScopes(scopes_begin(), scopes_end());
    return kScopes;
}

const char* scope_label(std::string_view scope) {
    const char* d = pinlab::scope_description(scope);
    return d ? d : "(not a Pinterest scope)";
}

namespace {

BackendKind kind_from(const std::string& k, bool& ok) {
    ok = true;
    if (k == "demo") return BackendKind::Demo;
    if (k == "emulator") return BackendKind::Emulator;
    if (k == "broker") return BackendKind::Broker;
    if (k == "token") return BackendKind::Token;
    ok = false;
    return BackendKind::Demo;
}

void finalize(BackendDef& b) {
    if (b.kind == BackendKind::Broker) {
        if (b.authorize_url.empty()) b.authorize_url = "https://www.pinterest.com/oauth/";
        if (b.api_base.empty()) b.api_base = b.environment == "sandbox" ? kSandboxBase : kProductionBase;
        if (b.token_url.empty()) {
            b.enabled = false;
            b.disabled_reason =
                "Pinterest's token endpoint needs the app secret, which a web page cannot keep. This backend needs a "
                "token broker: set \"token_url\" (the broker's URL) for it in config.json.";
        }
    }
    if (b.kind == BackendKind::Demo) {
        b.api_base = "/v5";
        b.authorize_url = "/oauth/";
        b.token_url = "/v5/oauth/token";
        b.revoke_url = "/v5/oauth/token/revoke";
        if (b.client_id.empty()) b.client_id = "pinlab-demo";
        if (b.environment.empty()) b.environment = "demo";
        b.faults = 1;  // the page's own emulator always takes them
    }
    if (b.kind == BackendKind::Emulator) {
        if (b.api_base.empty()) b.api_base = "v5";
        if (b.authorize_url.empty()) b.authorize_url = "oauth/";
        if (b.token_url.empty()) b.token_url = "v5/oauth/token";
        if (b.revoke_url.empty()) b.revoke_url = "v5/oauth/token/revoke";  // sign-out revokes (RFC 7009)
        if (b.client_id.empty()) b.client_id = "pinlab-demo";
        if (b.environment.empty()) b.environment = "emulator";
    }
    if (b.environment.empty()) b.environment = b.kind == BackendKind::Token ? "sandbox" : "production";
}

}  // namespace

AppConfig default_config() {
    AppConfig c;
    auto add = [&](const char* id, const char* label, BackendKind k, const char* env, const char* desc) {
        BackendDef b;
        b.id = id;
        b.label = label;
        b.kind = k;
        b.environment = env;
        b.description = desc;
        if (k == BackendKind::Broker) {  // pinlab-server's token broker and API proxy (server/broker.h)
            b.authorize_url = "broker/authorize";
            b.token_url = "broker/token";
            b.revoke_url = "broker/revoke";
            b.api_base = "proxy/v5";
            b.client_id = "pinlab";
        }
        finalize(b);
        c.backends.push_back(b);
    };
    add("demo", "Demo (in this page, no network)", BackendKind::Demo, "demo",
        "The Pinterest API emulator runs inside this page: no account, no network.");
    add("local", "Local emulator (pinlab-server)", BackendKind::Emulator, "emulator",
        "The pinlab-server that served this page, with a real OAuth redirect.");
    add("pinterest", "Pinterest", BackendKind::Broker, "production",
        "api.pinterest.com through pinlab-server's token broker (it keeps the app secret).");
    add("sandbox", "Pinterest sandbox", BackendKind::Broker, "sandbox",
        "api-sandbox.pinterest.com through pinlab-server's token broker (started with --pinterest-upstream "
        "https://api-sandbox.pinterest.com).");
    add("token", "Paste a token", BackendKind::Token, "sandbox",
        "A token from Pinterest's developer portal (sandbox or production).");
    return c;
}

AppConfig parse_config(const std::string& text) {
    if (text.empty()) {
        AppConfig c = default_config();
        c.warning = "config.json was not found; using the built-in backends.";
        return c;
    }
    auto j = json_parse(text);
    const json* list = j ? json_field(*j, "backends") : nullptr;
    if (!j || !j->is_object() || !list || !list->is_array()) {
        AppConfig c = default_config();
        c.warning = "config.json is not valid (expected an object with a \"backends\" array); using the built-in "
                    "backends.";
        return c;
    }
    AppConfig c;
    std::string skipped;
    for (const auto& e : *list) {
        if (!e.is_object()) continue;
        BackendDef b;
        b.id = json_string(e, "id");
        b.label = json_string(e, "label", b.id);
        bool ok = false;
        b.kind = kind_from(json_string(e, "kind"), ok);
        if (b.id.empty() || !ok || b.id.size() > 64) {
            skipped += (skipped.empty() ? "" : ", ") + (b.id.empty() ? std::string("(no id)") : b.id);
            continue;
        }
        b.api_base = json_string(e, "api_base");
        b.authorize_url = json_string(e, "authorize_url");
        b.token_url = json_string(e, "token_url", json_string(e, "broker_url"));
        b.revoke_url = json_string(e, "revoke_url");
        b.client_id = json_string(e, "client_id");
        b.environment = json_string(e, "environment");
        b.description = json_string(e, "description");
        b.flavor = json_string(e, "flavor");
        if (const json* f = json_field(e, "faults"); f && f->is_boolean()) b.faults = f->get<bool>() ? 1 : 0;
        finalize(b);
        bool dup = false;
        for (const auto& x : c.backends) dup = dup || x.id == b.id;
        if (!dup) c.backends.push_back(std::move(b));
    }
    if (c.backends.empty()) {
        AppConfig d = default_config();
        d.warning = "config.json lists no usable backend; using the built-in backends.";
        return d;
    }
    if (!skipped.empty()) c.warning = "config.json: skipped backends with a missing id or unknown kind: " + skipped;
    c.default_backend = json_string(*j, "default_backend", c.backends.front().id);
    c.from_server = json_string(*j, "served_by") == "pinlab-server";
    return c;
}

}  // namespace pinlab::app
