// test_hostile.cpp — bad input never crashes and always gets a JSON error: malformed JSON, wrong content
// types, invalid UTF-8, huge bodies, nulls, wrong types, deep nesting, odd URLs and methods.
#include "emu_test_util.h"

namespace pinlab::emu::test {
namespace {

using HostileTest = EmuFixture;

void expect_json_error(const Response& r, int status) {
    EXPECT_EQ(r.status, status) << r.body;
    auto j = json_parse(r.body);
    ASSERT_TRUE(j) << r.body;
    EXPECT_TRUE(j->contains("code") && j->contains("message")) << r.body;
}

TEST_F(HostileTest, MalformedBodies) {
    std::string board = first_board_id();
    for (const std::string& body :
         {std::string("{"), std::string("nope"), std::string("[]"), std::string("null"), std::string("\"s\""),
          std::string("{\"name\":\"\xff\xfe\"}"), std::string("{\"name\":null}"), std::string(""),
          std::string(100000, '['), std::string("{\"name\":1e999}")}) {
        Response r = send(make("POST", "/v5/boards", token, body));
        expect_json_error(r, 400);
    }
    expect_json_error(send(make("POST", "/v5/boards", token, "{\"name\":\"x\"}", "text/plain")), 415);
    expect_json_error(send(make("POST", "/v5/boards", token, "{\"name\":\"" + std::string(17 << 20, 'a') + "\"}")), 413);
}

TEST_F(HostileTest, WrongTypesEverywhere) {
    std::string board = first_board_id();
    std::string pin = str(body_json(get("/v5/pins?page_size=1"))["items"][0], "id");
    const json values[] = {nullptr, 1, -1.5, true, json::array({1, 2}), json::object({{"a", nullptr}}), "x", 1e308};
    const char* fields[] = {"name", "description", "privacy", "title", "link", "alt_text", "board_id",
                            "board_section_id", "media_source", "is_ads_only", "dominant_color", "parent_pin_id"};
    for (const auto& v : values) {
        for (const char* f : fields) {
            json body = {{f, v}};
            for (const auto& [method, url] : std::vector<std::pair<std::string, std::string>>{
                     {"POST", "/v5/boards"}, {"PATCH", "/v5/boards/" + board}, {"POST", "/v5/pins"},
                     {"PATCH", "/v5/pins/" + pin}, {"POST", "/v5/boards/" + board + "/sections"},
                     {"POST", "/v5/pins/" + pin + "/save"}, {"POST", "/v5/media"}}) {
                Response r = send(make(method, url, token, json_dump(body)));
                EXPECT_TRUE(r.status >= 200 && r.status < 500) << method << url << body.dump();
                if (r.status >= 400) {
                    auto j = json_parse(r.body);
                    ASSERT_TRUE(j && j->contains("code")) << r.body;
                }
            }
        }
    }
}

TEST_F(HostileTest, OddUrlsAndMethods) {
    for (const std::string& url :
         {std::string("/v5/pins/%ff%fe"), std::string("/v5/boards/") + std::string(5000, '1'), std::string("/v5/"),
          std::string("/v5"), std::string("/v5/pins?page_size=%00"), std::string("/v5/pins?bookmark=%ff"),
          std::string("/v5/boards/../pins"), std::string("::::"), std::string("/v5/pins/1/analytics?start_date=9999-99-99"),
          std::string("/v5/pins/analytics?pin_ids=") + std::string(3000, ','), std::string("/media/pins/x/y/z/w.png"),
          std::string("/media/pins/1/150x150.png"), std::string("/oauth/?client_id=%00%ff")}) {
        Response r = get(url);
        EXPECT_GE(r.status, 200) << url;
        if (r.status >= 400 && url.rfind("/oauth", 0) != 0) {
            EXPECT_TRUE(json_parse(r.body)) << url << r.body;
        }
    }
    for (const char* m : {"TRACE", "", "get", "DELETE"}) {
        Response r = send(make(m, "/v5/user_account", token));
        EXPECT_GE(r.status, 400) << m;
    }
    Request form = make("POST", "/oauth/", "", std::string(70000, '&'), "application/x-www-form-urlencoded");
    EXPECT_EQ(send(form).status, 400);
}

TEST_F(HostileTest, HugeAndInvalidBase64Images) {
    std::string board = first_board_id();
    json body = {{"board_id", board},
                 {"media_source", {{"source_type", "image_base64"}, {"content_type", "image/jpeg"}, {"data", "////"}}}};
    expect_json_error(post("/v5/pins", body), 400);
    body["media_source"]["data"] = "=";
    expect_json_error(post("/v5/pins", body), 400);
    body["media_source"]["data"] = base64_encode(std::string("\xff\xd8\xff\xe0", 4));  // truncated JPEG
    expect_json_error(post("/v5/pins", body), 400);
}

}  // namespace
}  // namespace pinlab::emu::test
