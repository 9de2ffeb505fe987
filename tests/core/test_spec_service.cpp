// test_spec_service.cpp — the Explorer's spec service (core/spec_service.h) over the generated catalogue: the
// index lists all 231 operations in tag groups, an operation's detail is flattened for a form, a request
// body is validated naming the field (or the line and column of a syntax error), and a response body is
// checked against the schema of its status.
#include <gtest/gtest.h>


#include "core/catalogue.h"
#include "core/spec_service.h"
#include "test_catalogue.h"

using namespace pinlab;

namespace {

const Catalogue& catalogue() { return *spec_fixture::test_catalogue(); }

json ask(const std::string& method, const std::string& url, const json& body = nullptr, int* status = nullptr) {
    Request r;
    r.method = method;
    r.url = url;
    if (!body.is_null()) r.body = json_dump(body);
    Response resp = spec_handle(&catalogue(), r);
    if (status) *status = resp.status;
    auto j = json_parse(resp.body);
    return j ? *j : json();
}

}  // namespace

TEST(SpecService, RecognisesItsPaths) {
    EXPECT_TRUE(is_spec_request("/_spec/index"));
    EXPECT_TRUE(is_spec_request("http://127.0.0.1:8080/_spec/op/pins%2Flist?x=1"));
    EXPECT_FALSE(is_spec_request("/v5/pins"));
    EXPECT_FALSE(is_spec_request("/v5/_spec/index"));
}

TEST(SpecService, IndexListsEveryOperationInTagGroups) {
    int status = 0;
    json idx = ask("GET", "/_spec/index", nullptr, &status);
    ASSERT_EQ(status, 200);
    EXPECT_EQ(idx["count"], 231);
    ASSERT_EQ(idx["ops"].size(), 231u);
    size_t counted = 0;
    bool campaigns = false;
    for (const json& g : idx["groups"])
        for (const json& t : g["tags"]) {
            counted += t["count"].get<size_t>();
            if (t["name"] == "campaigns") {
                campaigns = true;
                EXPECT_EQ(g["name"], "Campaign Management");
            }
        }
    EXPECT_EQ(counted, 231u);  // every operation is in exactly one group
    EXPECT_TRUE(campaigns);
    const json& first = idx["ops"][0];
    for (const char* k : {"id", "method", "path", "tag", "summary"}) EXPECT_TRUE(first.contains(k)) << k;
}

TEST(SpecService, OperationDetailIsFlattenedForAForm) {
    int status = 0;
    json op = ask("GET", "/_spec/op/ad_accounts%2Flist", nullptr, &status);
    ASSERT_EQ(status, 200);
    EXPECT_EQ(op["method"], "GET");
    EXPECT_EQ(op["ratelimit"], "ads_read");
    EXPECT_EQ(op["scopes"][0]["name"], "ads:read");
    EXPECT_FALSE(op["scopes"][0]["description"].get<std::string>().empty());
    json page_size;
    for (const json& p : op["params"])
        if (p["name"] == "page_size") page_size = p;
    EXPECT_EQ(page_size["type"], "integer");
    EXPECT_EQ(page_size["minimum"], 1);
    EXPECT_EQ(page_size["maximum"], 250);
    EXPECT_EQ(page_size["default"], 25);
    EXPECT_EQ(page_size["required"], false);

    // A create: path parameter required, body described with a skeleton that itself validates.
    json create = ask("GET", "/_spec/op/campaigns/create", nullptr, &status);  // unescaped '/' works too
    ASSERT_EQ(status, 200);
    EXPECT_EQ(create["params"][0]["name"], "ad_account_id");
    EXPECT_EQ(create["params"][0]["required"], true);
    ASSERT_TRUE(create["body"].is_object());
    EXPECT_EQ(create["body"]["type"], "array of CampaignCreateRequest");
    EXPECT_EQ(create["body"]["items_of"], true);
    bool name_required = false;
    for (const json& p : create["body"]["properties"])
        if (p["name"] == "name") name_required = p.value("required", false);
    EXPECT_TRUE(name_required);
    json v = ask("POST", "/_spec/validate", json{{"op", "campaigns/create"}, {"body", create["body"]["skeleton"]}});
    EXPECT_EQ(v["ok"], true) << v.dump();

    ask("GET", "/_spec/op/nope%2Fnothing", nullptr, &status);
    EXPECT_EQ(status, 404);
}

TEST(SpecService, ValidateNamesTheFieldOrTheSyntaxErrorPosition) {
    json v = ask("POST", "/_spec/validate", json{{"op", "boards/create"}, {"body", R"({"name": 5})"}});
    EXPECT_EQ(v["ok"], false);
    ASSERT_FALSE(v["issues"].empty());
    EXPECT_EQ(v["issues"][0]["pointer"], "/name");
    EXPECT_NE(v["issues"][0]["message"].get<std::string>().find("string"), std::string::npos);

    json missing = ask("POST", "/_spec/validate", json{{"op", "boards/create"}, {"body", "{}"}});
    EXPECT_EQ(missing["ok"], false);
    EXPECT_NE(missing["issues"][0]["message"].get<std::string>().find("name"), std::string::npos);

    json syntax = ask("POST", "/_spec/validate", json{{"op", "boards/create"}, {"body", "{\n  \"name\": tru\n}"}});
    EXPECT_EQ(syntax["ok"], false);
    ASSERT_TRUE(syntax["syntax"].is_object());
    EXPECT_EQ(syntax["syntax"]["line"], 2);
    EXPECT_GT(syntax["syntax"]["column"].get<int>(), 9);

    json good = ask("POST", "/_spec/validate", json{{"op", "boards/create"}, {"body", R"({"name":"Trips"})"}});
    EXPECT_EQ(good["ok"], true) << good.dump();

    int status = 0;
    ask("POST", "/_spec/validate", json("not an object"), &status);
    EXPECT_EQ(status, 400);
}

TEST(SpecService, CheckSaysConformsOrListsMismatchesByPointer) {
    json ok = ask("POST", "/_spec/check",
                  json{{"op", "boards/get"}, {"status", 200},
                       {"body", R"({"id":"123","name":"Trips","privacy":"PUBLIC"})"}});
    EXPECT_EQ(ok["conforms"], true) << ok.dump();
    EXPECT_EQ(ok["code"], "200");

    json bad = ask("POST", "/_spec/check",
                   json{{"op", "boards/get"}, {"status", 200}, {"body", R"({"id":123,"privacy":"SOMETIMES"})"}});
    EXPECT_EQ(bad["conforms"], false);
    bool id = false, privacy = false;
    for (const json& i : bad["issues"]) {
        id = id || i["pointer"] == "/id";
        privacy = privacy || i["pointer"] == "/privacy";
    }
    EXPECT_TRUE(id) << bad.dump();
    EXPECT_TRUE(privacy) << bad.dump();

    // An error status is checked against its own schema (or "default").
    json err = ask("POST", "/_spec/check",
                   json{{"op", "boards/get"}, {"status", 404}, {"body", R"({"code":3,"message":"Board not found."})"}});
    EXPECT_EQ(err["conforms"], true) << err.dump();

    json notjson = ask("POST", "/_spec/check", json{{"op", "boards/get"}, {"status", 200}, {"body", "<html>"}});
    EXPECT_EQ(notjson["conforms"], false);
}

TEST(SpecService, WithoutACatalogueSaysWhy) {
    Request r;
    r.url = "/_spec/index";
    Response resp = spec_handle(nullptr, r, "HTTP 404");
    EXPECT_EQ(resp.status, 503);
    EXPECT_NE(resp.body.find("HTTP 404"), std::string::npos);
}
