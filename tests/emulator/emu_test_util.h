// emu_test_util.h — helpers for the emulator tests: a fixture with an Emulator and a clock, request builders,
// JSON decoding and the full consent + PKCE flow.
#pragma once

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "core/catalogue.h"
#include "core/crypto.h"
#include "core/dates.h"
#include "core/json.h"
#include "core/url.h"
#include "emulator/emulator.h"
#include "emulator/impl.h"
#include "test_catalogue.h"

namespace pinlab::emu::test {

inline constexpr int64_t kNow = 1750000000000LL;  // 2025-06-15T15:06:40Z
inline const std::vector<std::string> kAllScopes = {
    "boards:read", "boards:read_secret", "boards:write", "boards:write_secret", "pins:read",
    "pins:read_secret", "pins:write", "pins:write_secret", "user_accounts:read", "ads:read"};

using ::pinlab::spec_fixture::test_catalogue;  // the build's catalogue: the generic layer's spec (test_catalogue.h)

inline Options options_with_catalogue() {
    Options o;
    o.catalogue = test_catalogue();
    return o;
}

// "YYYY-MM-DD" of the UTC day `offset` days from `now_ms`.
inline std::string test_date(int64_t now_ms, int offset) { return days_to_ymd(now_ms / kDayMs + offset); }

inline Request make(const std::string& method, const std::string& url, const std::string& token = "",
                    const std::string& body = "", const std::string& content_type = "application/json") {
    Request r;
    r.method = method;
    r.url = url;
    if (!token.empty()) r.headers.set("Authorization", "Bearer " + token);
    if (!body.empty() || method == "POST" || method == "PATCH") {
        r.body = body;
        if (!content_type.empty()) r.headers.set("Content-Type", content_type);
    }
    return r;
}

inline json body_json(const Response& r) {
    auto j = json_parse(r.body);
    return j ? *j : json();
}

inline std::string str(const json& j, const char* key) {
    auto it = j.find(key);
    return it != j.end() && it->is_string() ? it->get<std::string>() : std::string();
}

inline int code_of(const Response& r) {
    json j = body_json(r);
    auto it = j.find("code");
    return it != j.end() && it->is_number_integer() ? it->get<int>() : -1;
}

struct EmuFixture : ::testing::Test {
    Options opts = options_with_catalogue();
    std::unique_ptr<Emulator> emu;
    int64_t now = kNow;
    std::string token;  // all scopes

    void SetUp() override { start(); }
    void start() {
        emu = std::make_unique<Emulator>(opts);
        token = emu->mint_access_token("pinlab-demo", kAllScopes, now);
    }
    Response send(const Request& r) { return emu->handle(r, now); }
    Response get(const std::string& url, const std::string& tok) { return send(make("GET", url, tok)); }
    Response get(const std::string& url) { return get(url, token); }
    Response post(const std::string& url, const json& body, const std::string& tok = "") {
        return send(make("POST", url, tok.empty() ? token : tok, json_dump(body)));
    }
    Response patch(const std::string& url, const json& body, const std::string& tok = "") {
        return send(make("PATCH", url, tok.empty() ? token : tok, json_dump(body)));
    }
    Response del(const std::string& url, const std::string& tok = "") { return send(make("DELETE", url, tok.empty() ? token : tok)); }
    std::string mint(const std::vector<std::string>& scopes) { return emu->mint_access_token("pinlab-demo", scopes, now); }

    // Every item of a paginated listing, following bookmarks.
    std::vector<json> all_items(const std::string& url, const std::string& tok = "") {
        std::vector<json> out;
        std::string bookmark;
        for (int guard = 0; guard < 2000; ++guard) {
            std::string u = url + (url.find('?') == std::string::npos ? "?" : "&");
            if (!bookmark.empty()) u += "bookmark=" + percent_encode(bookmark);
            Response r = get(u, tok.empty() ? token : tok);
            EXPECT_EQ(r.status, 200) << r.body;
            if (r.status != 200) break;
            json j = body_json(r);
            for (auto& it : j["items"]) out.push_back(it);
            if (j["bookmark"].is_null()) break;
            bookmark = j["bookmark"].get<std::string>();
        }
        return out;
    }

    std::string first_board_id(const std::string& privacy = "PUBLIC") {
        for (auto& b : all_items("/v5/boards?page_size=250"))
            if (str(b, "privacy") == privacy) return str(b, "id");
        return "";
    }
};

// Runs the consent step: GET the page, POST allow. Returns the redirect Location.
inline std::string consent(Emulator& emu, const Params& authorize, int64_t now, const char* decision = "allow") {
    Response page = emu.handle(make("GET", with_query("/oauth/", authorize)), now);
    if (page.status != 200) return "";
    Params form = authorize;
    form.emplace_back("decision", decision);
    Request post = make("POST", "/oauth/", "", form_encode(form), "application/x-www-form-urlencoded");
    Response r = emu.handle(post, now);
    if (r.status != 302) return "";
    return std::string(r.headers.get("Location"));
}

inline Params query_of(const std::string& location) {
    auto u = parse_url(location);
    return u ? parse_query(u->query) : Params{};
}

}  // namespace pinlab::emu::test
