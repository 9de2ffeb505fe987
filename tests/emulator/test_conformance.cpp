// test_conformance.cpp — the emulator against the OpenAPI spec (PINLAB_OPENAPI_PATH): every emulated
// path+method exists in the spec with the same scopes, rate-limit category and x-sandbox flag, and every
// emulated operation's 2xx body validates against the operation's response schema.
#include <fstream>
#include <set>
#include <sstream>

#include "core/text.h"
#include "emu_test_util.h"
#include "emulator/router.h"
#include "schema_check.h"

namespace pinlab::emu::test {
namespace {

const json& spec() {
    static const json s = [] {
        std::ifstream in(PINLAB_OPENAPI_PATH);
        std::stringstream ss;
        ss << in.rdbuf();
        auto j = json_parse(ss.str());
        return j ? *j : json();
    }();
    return s;
}

TEST(Conformance, SpecLoads) {
    ASSERT_TRUE(spec().is_object()) << "cannot read " << PINLAB_OPENAPI_PATH;
    EXPECT_EQ(spec()["info"]["version"], "5.23.0");
}

TEST(Conformance, EveryEmulatedOperationExistsInTheSpec) {
    ASSERT_TRUE(spec().is_object());
    for (const OpMeta* op = ops_begin(); op != ops_end(); ++op) {
        SCOPED_TRACE(std::string(op->method) + " " + op->path);
        ASSERT_TRUE(spec()["paths"].contains(op->path));
        const json& path = spec()["paths"][op->path];
        ASSERT_TRUE(path.contains(ascii_lower(op->method)));
        const json& o = path[ascii_lower(op->method)];
        EXPECT_EQ(o.value("operationId", ""), op->operation_id);
        EXPECT_EQ(o.value("x-ratelimit-category", ""), op->ratelimit);
        EXPECT_EQ(o.value("x-sandbox", "") == "enabled", op->sandbox_enabled);
        std::string scopes;
        for (const auto& sec : o["security"])
            if (sec.contains("pinterest_oauth2"))
                for (const auto& s : sec["pinterest_oauth2"]) scopes += (scopes.empty() ? "" : ",") + s.get<std::string>();
        EXPECT_EQ(scopes, op->scopes);
    }
    // And every scope description matches the spec's.
    const json& scopes = spec()["components"]["securitySchemes"]["pinterest_oauth2"]["flows"]["authorizationCode"]["scopes"];
    size_t n = 0;
    for (const ScopeInfo* s = scopes_begin(); s != scopes_end(); ++s, ++n) EXPECT_EQ(scopes.value(s->name, ""), s->description);
    EXPECT_EQ(n, scopes.size());
}

struct ConformanceRun : EmuFixture {
    SchemaChecker checker{spec()};
    std::set<std::string> covered;

    void expect_conforms(const std::string& method, const std::string& spec_path, const Response& r) {
        SCOPED_TRACE(method + " " + spec_path);
        ASSERT_GE(r.status, 200) << r.body;
        ASSERT_LT(r.status, 300) << r.body;
        covered.insert(method + " " + spec_path);
        const json& responses = spec()["paths"][spec_path][ascii_lower(method)]["responses"];
        std::string key = std::to_string(r.status);
        ASSERT_TRUE(responses.contains(key)) << "status " << key << " not declared";
        const json& resp = responses[key];
        if (!resp.contains("content")) {
            EXPECT_TRUE(r.body.empty());
            return;
        }
        auto body = json_parse(r.body);
        ASSERT_TRUE(body) << r.body;
        std::string err;
        EXPECT_TRUE(checker.check(resp["content"]["application/json"]["schema"], *body, err)) << err;
    }
};

TEST_F(ConformanceRun, EveryOperationsSuccessBodyMatchesItsSchema) {
    opts.pin_count = 60;
    opts.rate_limit.enabled = false;
    start();
    ASSERT_TRUE(spec().is_object());
    std::string q = "start_date=" + test_date(now, -20) + "&end_date=" + test_date(now, 0);
    expect_conforms("GET", "/user_account", get("/v5/user_account"));
    expect_conforms("GET", "/user_account/analytics", get("/v5/user_account/analytics?" + q));
    expect_conforms("GET", "/user_account/analytics", get("/v5/user_account/analytics?" + q + "&split_field=APP_TYPE"));
    expect_conforms("GET", "/user_account/analytics/top_pins",
                    get("/v5/user_account/analytics/top_pins?" + q + "&sort_by=SAVE"));
    expect_conforms("GET", "/boards", get("/v5/boards?page_size=5"));
    Response created = post("/v5/boards", json{{"name", "Conf"}, {"description", nullptr}});
    expect_conforms("POST", "/boards", created);
    std::string board = str(body_json(created), "id");
    std::string seeded_board = first_board_id();
    expect_conforms("GET", "/boards/{board_id}", get("/v5/boards/" + seeded_board));
    expect_conforms("PATCH", "/boards/{board_id}", patch("/v5/boards/" + board, json{{"privacy", "SECRET"}}));
    expect_conforms("GET", "/boards/{board_id}/pins", get("/v5/boards/" + seeded_board + "/pins?pin_metrics=true"));
    expect_conforms("GET", "/boards/{board_id}/sections", get("/v5/boards/" + seeded_board + "/sections"));
    Response sec = post("/v5/boards/" + board + "/sections", json{{"name", "S1"}});
    expect_conforms("POST", "/boards/{board_id}/sections", sec);
    std::string section = str(body_json(sec), "id");
    expect_conforms("PATCH", "/boards/{board_id}/sections/{section_id}",
                    patch("/v5/boards/" + board + "/sections/" + section, json{{"name", "S2"}}));
    // A pin from each media source.
    std::vector<uint8_t> rgba(4 * 4 * 4, 200);
    json sources[] = {
        {{"source_type", "image_url"}, {"url", "https://example.com/p.jpg"}},
        {{"source_type", "image_base64"}, {"content_type", "image/png"}, {"data", base64_encode(encode_png(4, 4, rgba))}},
        {{"source_type", "multiple_image_urls"}, {"items", {{{"url", "https://e.com/1"}}, {{"url", "https://e.com/2"}}}}}};
    std::string pin;
    for (const auto& ms : sources) {
        Response p = post("/v5/pins", json{{"board_id", board}, {"board_section_id", section}, {"title", "T"}, {"media_source", ms}});
        expect_conforms("POST", "/pins", p);
        pin = str(body_json(p), "id");
    }
    expect_conforms("GET", "/boards/{board_id}/sections/{section_id}/pins",
                    get("/v5/boards/" + board + "/sections/" + section + "/pins"));
    expect_conforms("GET", "/pins", get("/v5/pins?page_size=250&pin_metrics=true"));
    expect_conforms("GET", "/pins/{pin_id}", get("/v5/pins/" + pin + "?pin_metrics=true"));
    expect_conforms("PATCH", "/pins/{pin_id}", patch("/v5/pins/" + pin, json{{"alt_text", "a"}}));
    expect_conforms("POST", "/pins/{pin_id}/save", post("/v5/pins/" + pin + "/save", json{{"board_id", seeded_board}}));
    std::string old_pin = str(body_json(get("/v5/boards/" + seeded_board + "/pins"))["items"][0], "id");
    expect_conforms("GET", "/pins/{pin_id}/analytics",
                    get("/v5/pins/" + old_pin + "/analytics?" + q + "&metric_types=IMPRESSION,SAVE_RATE"));
    expect_conforms("GET", "/pins/analytics",
                    get("/v5/pins/analytics?pin_ids=" + old_pin + "," + pin + "&" + q + "&metric_types=IMPRESSION"));
    expect_conforms("GET", "/search/pins", get("/v5/search/pins?query=a"));
    expect_conforms("GET", "/search/boards", get("/v5/search/boards?query=a"));
    Response media = post("/v5/media", json{{"media_type", "video"}});
    expect_conforms("POST", "/media", media);
    expect_conforms("GET", "/media", get("/v5/media"));
    expect_conforms("GET", "/media/{media_id}", get("/v5/media/" + str(body_json(media), "media_id")));
    expect_conforms("GET", "/ad_accounts", get("/v5/ad_accounts"));
    // Followers, following, websites, businesses, top video pins and the video pin (test_social.cpp,
    // test_media.cpp); these need scopes kAllScopes leaves out.
    {
        auto scopes = kAllScopes;
        for (const char* x : {"user_accounts:write", "biz_access:read"}) scopes.push_back(x);
        std::string t = mint(scopes);
        expect_conforms("GET", "/user_account/followers", get("/v5/user_account/followers", t));
        expect_conforms("GET", "/user_account/following", get("/v5/user_account/following?page_size=3", t));
        expect_conforms("GET", "/user_account/following/boards", get("/v5/user_account/following/boards", t));
        expect_conforms("POST", "/user_account/following/{username}",
                        post("/v5/user_account/following/" + str(body_json(get("/v5/user_account/followers?page_size=1", t))["items"][0], "username"),
                             json{{"auto_follow", false}}, t));
        expect_conforms("GET", "/user_account/websites", get("/v5/user_account/websites", t));
        expect_conforms("POST", "/user_account/websites", post("/v5/user_account/websites", json{{"website", "conf.test"}}, t));
        expect_conforms("DELETE", "/user_account/websites", del("/v5/user_account/websites?website=conf.test", t));
        expect_conforms("GET", "/user_account/websites/verification", get("/v5/user_account/websites/verification", t));
        expect_conforms("GET", "/user_account/businesses", get("/v5/user_account/businesses", t));
        Response employers = get("/v5/businesses/employers", t);
        expect_conforms("GET", "/businesses/employers", employers);
        std::string biz = str(body_json(employers)["items"][0], "id");
        expect_conforms("GET", "/businesses/{business_id}/partners", get("/v5/businesses/" + biz + "/partners", t));
        expect_conforms("GET", "/businesses/{business_id}/partners",
                        get("/v5/businesses/" + biz + "/partners?assets_summary=true&partner_type=EXTERNAL", t));
        // A video pin: register, upload (multipart to upload_url), processed, created.
        json reg = body_json(post("/v5/media", json{{"media_type", "video"}}));
        std::string form;
        for (auto it = reg["upload_parameters"].begin(); it != reg["upload_parameters"].end(); ++it)
            form += "--b\r\nContent-Disposition: form-data; name=\"" + it.key() + "\"\r\n\r\n" + it.value().get<std::string>() + "\r\n";
        form += "--b\r\nContent-Disposition: form-data; name=\"file\"; filename=\"v.mp4\"\r\n\r\n" +
                std::string("\0\0\0\x18", 4) + "ftypmp42xxxx\r\n--b--\r\n";
        ASSERT_EQ(send(make("POST", str(reg, "upload_url"), "", form, "multipart/form-data; boundary=b")).status, 204);
        now += 10000;
        expect_conforms("GET", "/media/{media_id}", get("/v5/media/" + str(reg, "media_id")));
        Response video = post("/v5/pins", json{{"board_id", seeded_board},
                                               {"media_source", {{"source_type", "video_id"}, {"media_id", str(reg, "media_id")}}}});
        expect_conforms("POST", "/pins", video);
        expect_conforms("GET", "/pins/{pin_id}", get("/v5/pins/" + str(body_json(video), "id")));
        std::string q2 = "start_date=" + test_date(now, -20) + "&end_date=" + test_date(now, 0);
        expect_conforms("GET", "/user_account/analytics/top_video_pins",
                        get("/v5/user_account/analytics/top_video_pins?" + q2 + "&sort_by=VIDEO_START"));
    }
    expect_conforms("DELETE", "/pins/{pin_id}", del("/v5/pins/" + pin));
    expect_conforms("DELETE", "/boards/{board_id}/sections/{section_id}", del("/v5/boards/" + board + "/sections/" + section));
    expect_conforms("DELETE", "/boards/{board_id}", del("/v5/boards/" + board));

    // OAuth: token responses (code, refresh, client_credentials) and revoke.
    std::string verifier = pkce_make_verifier();
    Params a{{"client_id", "pinlab-demo"}, {"redirect_uri", "http://localhost:8080/oauth/callback"},
             {"response_type", "code"}, {"scope", "boards:read"}, {"code_challenge", pkce_challenge_s256(verifier)},
             {"code_challenge_method", "S256"}};
    std::string code = param(query_of(consent(*emu, a, now)), "code").value_or("");
    auto form = [&](const Params& p, const std::string& basic = "") {
        Request r = make("POST", "/v5/oauth/token", "", form_encode(p), "application/x-www-form-urlencoded");
        if (!basic.empty()) r.headers.set("Authorization", "Basic " + base64_encode(basic));
        return r;
    };
    Response tok = send(form({{"grant_type", "authorization_code"}, {"code", code}, {"client_id", "pinlab-demo"},
                              {"redirect_uri", "http://localhost:8080/oauth/callback"}, {"code_verifier", verifier}}));
    expect_conforms("POST", "/oauth/token", tok);
    Response ref = send(form({{"grant_type", "refresh_token"}, {"client_id", "pinlab-demo"},
                              {"refresh_token", str(body_json(tok), "refresh_token")}}));
    expect_conforms("POST", "/oauth/token", ref);
    expect_conforms("POST", "/oauth/token",
                    send(form({{"grant_type", "client_credentials"}, {"scope", "boards:read"}},
                              "pinlab-confidential:pinlab-demo-secret")));
    Request rv = make("POST", "/v5/oauth/token/revoke", "", form_encode({{"token", str(body_json(ref), "access_token")}}),
                      "application/x-www-form-urlencoded");
    // Revoke is Basic-auth only: the public demo client has no secret, so use the confidential one.
    rv.headers.set("Authorization", "Basic " + base64_encode("pinlab-confidential:pinlab-demo-secret"));
    Response revoked = send(rv);
    EXPECT_EQ(revoked.status, 200);
    covered.insert("POST /oauth/token/revoke");

    // Every operation in the table was exercised.
    for (const OpMeta* op = ops_begin(); op != ops_end(); ++op)
        EXPECT_TRUE(covered.count(std::string(op->method) + " " + op->path)) << op->method << " " << op->path;
}

TEST(SchemaChecker, ReportsThePathOfAMismatch) {
    ASSERT_TRUE(spec().is_object());
    SchemaChecker c(spec());
    json schema = {{"$ref", "#/components/schemas/Pin"}};
    std::string err;
    EXPECT_TRUE(c.check(schema, json{{"id", "123"}}, err)) << err;
    EXPECT_FALSE(c.check(schema, json{{"id", "12a"}}, err));
    EXPECT_NE(err.find("$.id"), std::string::npos) << err;
    EXPECT_FALSE(c.check(schema, json{{"id", "1"}, {"creative_type", "NOPE"}}, err));
    EXPECT_FALSE(c.check(schema, json{{"title", "no id"}}, err));
    EXPECT_FALSE(c.check(schema, json{{"id", "1"}, {"media", {{"media_type", "image"}, {"images", {{"600x", {{"url", 5}}}}}}}}, err));
    EXPECT_NE(err.find("$.media.images.600x"), std::string::npos) << err;
}

}  // namespace
}  // namespace pinlab::emu::test
