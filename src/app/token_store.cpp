// token_store.cpp — the session's tokens in sessionStorage or (with consent) localStorage.
#include "app/token_store.h"

#include <utility>

#include "app/platform.h"
#include "core/json_util.h"

namespace pinlab::app {

namespace {
const char* kRememberKey = "pinlab.remember";
const char* kSessionTokensKey = "pinlab.session_tokens";  // sessionStorage: this tab's tokens
}  // namespace

void TokenStore::save(const Tokens& t, const std::string& backend_id, bool remember, bool demo) {
    std::string text = tokens_to_json(t);
    auto j = json_parse(text);
    if (!j || !j->is_object()) return;
    (*j)["backend"] = backend_id;
    text = json_dump(*j);
    if (remember && !demo) {
        p_.storage_set(Store::Local, kRememberKey, text);
        p_.storage_remove(Store::Session, kSessionTokensKey);
    } else {
        p_.storage_remove(Store::Local, kRememberKey);
        p_.storage_set(Store::Session, kSessionTokensKey, text);
    }
    saved_access_ = t.access_token;
}

void TokenStore::forget() {
    p_.storage_remove(Store::Local, kRememberKey);
    p_.storage_remove(Store::Session, kSessionTokensKey);
    saved_access_.clear();
}

void TokenStore::drop_remembered() { p_.storage_remove(Store::Local, kRememberKey); }

std::vector<Tokens> TokenStore::usable(const std::string& backend_id, bool demo, int64_t now_s) {
    std::vector<Tokens> out;
    for (auto [store, key] : {std::pair<Store, const char*>{Store::Session, kSessionTokensKey},
                              std::pair<Store, const char*>{Store::Local, kRememberKey}}) {
        if (demo && store == Store::Local) continue;
        auto saved = p_.storage_get(store, key);
        if (!saved) continue;
        auto j = json_parse(*saved);
        Result<Tokens> t = tokens_from_json(*saved);
        bool ok = j && j->is_object() && json_string(*j, "backend") == backend_id && t.ok() &&
                  (t.value->expires_at == 0 || t.value->expires_at > now_s || t.value->can_refresh(now_s));
        if (!ok) {
            p_.storage_remove(store, key);  // another backend's, expired or unreadable
            continue;
        }
        out.push_back(*t.value);
    }
    return out;
}

}  // namespace pinlab::app
