// settings.cpp — Settings <-> localStorage ("pinlab.settings", JSON). Unknown scopes are dropped.
#include "app/settings.h"

#include "app/config.h"
#include "app/platform.h"
#include "core/json_util.h"

namespace pinlab::app {

namespace {
const char* kSettingsKey = "pinlab.settings";
}

Settings load_settings(Platform& p) {
    Settings s;
    s.scopes = default_scopes();
    auto text = p.storage_get(Store::Local, kSettingsKey);
    if (!text) return s;
    auto j = json_parse(*text);
    if (!j || !j->is_object()) return s;
    s.backend_id = json_string(*j, "backend");
    s.app_id = json_string(*j, "app_id");
    s.redirect_uri = json_string(*j, "redirect_uri");
    if (const json* sc = json_field(*j, "scopes"); sc && sc->is_array()) {
        std::vector<std::string> v;
        for (const auto& e : *sc)
            if (e.is_string() && pinlab::scope_description(e.get<std::string>())) v.push_back(e.get<std::string>());
        s.scopes = v;
    }
    auto flag = [&](const char* k, bool& out) {
        const json* v = json_field(*j, k);
        if (v && v->is_boolean()) out = v->get<bool>();
    };
    flag("dark", s.dark);
    flag("remember", s.remember);
    flag("token_production", s.token_production);
    flag("demo_sandbox", s.demo_sandbox);
    return s;
}

void save_settings(Platform& p, const Settings& s) {
    json j = {{"backend", s.backend_id}, {"app_id", s.app_id},         {"redirect_uri", s.redirect_uri},
              {"scopes", s.scopes},      {"dark", s.dark},             {"remember", s.remember},
              {"token_production", s.token_production}, {"demo_sandbox", s.demo_sandbox}};
    p.storage_set(Store::Local, kSettingsKey, json_dump(j));
}

}  // namespace pinlab::app
