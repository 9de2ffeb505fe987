// test_explorer.cpp — the API Explorer headless (explorer.h, explorer_view.cpp) against the Demo host's spec
// service and emulator: it lists all 231 operations before any sign-in, filters and moves with the keyboard,
// opens deep links with their parameters, validates the body naming the field, sends through the Client and
// checks the answer against the spec, explains a 403 for a scope the token lacks, copies as curl with the
// token redacted, and keeps its history across a reload.
#include <gtest/gtest.h>

#include "app/fake_platform.h"
#include "app/state.h"
#include "core/json_util.h"
#include "core/operations.h"

using namespace pinlab;
using namespace pinlab::app;
using pinlab::app::test::Harness;

namespace {

json ex(const Harness& h) { return h.bridge().value("explorer", json::object()); }

bool index_ready(Harness& h) {
    return h.until([&] { return ex(h).value("index", "") == "ready"; });
}

bool detail_ready(Harness& h, const std::string& id) {
    return h.until([&] { return ex(h).value("selected", "") == id && ex(h).value("detail", "") == "ready"; });
}

void key(Harness& h, ImGuiKey k) {
    ImGuiIO& io = ImGui::GetIO();
    io.KeysDown[io.KeyMap[k]] = true;
    h.frame();
    io.KeysDown[io.KeyMap[k]] = false;
    h.frame();
}

// Signs in to Demo with `extra_scope` ticked on the Connect screen as well.
bool sign_in_with(Harness& h, const std::string& extra_scope) {
    h.frame();
    if (!extra_scope.empty() && !h.click("scope:" + extra_scope)) return false;
    return h.sign_in_demo();
}

}  // namespace

TEST(Explorer, ListsEveryOperationWithoutSignInAndFilters) {
    Harness h;
    h.frame();
    ASSERT_TRUE(h.click("nav:Explorer"));
    ASSERT_TRUE(index_ready(h));
    EXPECT_EQ(ex(h)["ops"], 231);
    EXPECT_EQ(h.bridge()["view"], "explorer");
    EXPECT_TRUE(h.item("tag:pins").has_value());  // grouped by tag, with a count

    ASSERT_TRUE(h.click("input:Filter operations"));
    h.type("campaigns/create");
    h.frame();
    EXPECT_EQ(ex(h)["visible"], 1);
    EXPECT_TRUE(h.item("op:campaigns/create").has_value());
    // Enter in the filter opens the highlighted operation.
    key(h, ImGuiKey_Enter);
    ASSERT_TRUE(detail_ready(h, "campaigns/create"));
    EXPECT_EQ(h.p.href.substr(h.p.href.find('#')), "#/explorer/campaigns/create");
    EXPECT_TRUE(h.item("param:ad_account_id").has_value());
    // Sending needs a sign-in; the button says why by being disabled and the text above it.
    EXPECT_FALSE(h.bridge()["signed_in"]);
}

TEST(Explorer, ArrowKeysMoveTheSelectionInTheList) {
    Harness h("http://127.0.0.1:8080/#/explorer");
    ASSERT_TRUE(index_ready(h));
    ASSERT_TRUE(h.click("input:Filter operations"));
    h.type("boards/");
    h.frame();
    ASSERT_GT(ex(h)["visible"].get<int>(), 3);
    key(h, ImGuiKey_DownArrow);
    key(h, ImGuiKey_DownArrow);
    key(h, ImGuiKey_UpArrow);
    AppState* s = state_for_tests();
    auto vis = s->explorer.visible();
    ASSERT_GT(vis.size(), 1u);
    EXPECT_EQ(s->explorer.cursor_id, vis[1]->id);
    key(h, ImGuiKey_Enter);
    ASSERT_TRUE(detail_ready(h, vis[1]->id));
}

TEST(Explorer, DeepLinkOpensTheOperationWithItsParameters) {
    Harness h("http://127.0.0.1:8080/#/explorer/ad_accounts/list?page_size=7&include_shared_accounts=false");
    ASSERT_TRUE(detail_ready(h, "ad_accounts/list"));
    EXPECT_EQ(ex(h)["query"], "include_shared_accounts=false&page_size=7");
    EXPECT_TRUE(h.item("param:page_size").has_value());
    // A malformed link is refused, not half-opened.
    EXPECT_FALSE(parse_hash("#/explorer/bad id"));
}

TEST(Explorer, BodyIsValidatedAsTypedNamingTheField) {
    Harness h("http://127.0.0.1:8080/#/explorer/boards/create");
    ASSERT_TRUE(detail_ready(h, "boards/create"));
    AppState* s = state_for_tests();
    // The skeleton the form starts with is valid.
    ASSERT_TRUE(h.until([&] { return ex(h).contains("body_valid"); }));
    EXPECT_TRUE(ex(h)["body_valid"]);
    ASSERT_TRUE(h.click("input:Body"));
    // Replace the text: Ctrl+A then type.
    ImGuiIO& io = ImGui::GetIO();
    io.KeyCtrl = true;
    io.KeysDown[io.KeyMap[ImGuiKey_A]] = true;
    h.frame();
    io.KeysDown[io.KeyMap[ImGuiKey_A]] = false;
    io.KeyCtrl = false;
    h.frame();
    h.type("{\"name\": 5}");
    ASSERT_TRUE(h.until([&] { return s->explorer.validated_body == s->explorer.body && !ex(h)["body_valid"]; }));
    const json& issues = s->explorer.validation["issues"];
    ASSERT_FALSE(issues.empty());
    EXPECT_EQ(issues[0]["pointer"], "/name");
}

TEST(Explorer, SendsChecksTheAnswerAndKeepsHistoryAcrossAReload) {
    Harness h;
    ASSERT_TRUE(h.sign_in_demo());
    h.p.set_hash("#/explorer/boards/list?page_size=3");
    ASSERT_TRUE(detail_ready(h, "boards/list"));
    ASSERT_TRUE(h.click("button:Send request"));
    ASSERT_TRUE(h.until([&] { return ex(h).contains("conforms"); }));
    EXPECT_EQ(ex(h)["status"], 200);
    EXPECT_TRUE(ex(h)["conforms"]) << state_for_tests()->explorer.check.dump();
    EXPECT_EQ(ex(h)["history"], 1);
    // The request went through the Client: it is in the console's log under its operation.
    const auto& log = state_for_tests()->client()->log().entries();
    ASSERT_FALSE(log.empty());
    EXPECT_EQ(log.back().operation, "boards/list");
    EXPECT_NE(log.back().url.find("page_size=3"), std::string::npos);

    // Copy as curl: the real API's address, the token redacted.
    ASSERT_TRUE(h.click("button:Copy as curl"));
    EXPECT_NE(h.p.clipboard.find("https://api.pinterest.com/v5/boards?page_size=3"), std::string::npos) << h.p.clipboard;
    EXPECT_NE(h.p.clipboard.find("Bearer [REDACTED]"), std::string::npos) << h.p.clipboard;
    const std::string token = state_for_tests()->client()->auth().tokens()->access_token;
    EXPECT_EQ(h.p.clipboard.find(token), std::string::npos);

    h.reload();
    h.p.set_hash("#/explorer");
    h.frame();
    ASSERT_TRUE(index_ready(h));
    EXPECT_EQ(ex(h)["history"], 1);
    ASSERT_TRUE(h.click("tab:History"));
    ASSERT_TRUE(h.click("history:0"));
    ASSERT_TRUE(detail_ready(h, "boards/list"));
    EXPECT_EQ(ex(h)["query"], "page_size=3");
}

TEST(Explorer, ATokenWithoutTheScopeGetsTheForbiddenAnswerAndTheHint) {
    Harness h;
    ASSERT_TRUE(h.sign_in_demo());  // the default scopes have no ads:read
    h.p.set_hash("#/explorer/ad_accounts/list");
    ASSERT_TRUE(detail_ready(h, "ad_accounts/list"));
    bool known = false;
    EXPECT_FALSE(state_for_tests()->explorer.has_scope(*state_for_tests(), "ads:read", &known));
    EXPECT_TRUE(known);
    ASSERT_TRUE(h.click("button:Send request"));
    ASSERT_TRUE(h.until([&] { return ex(h).contains("status"); }));
    // Pinterest answers a missing scope with 401 code 3 (the emulator's modelled resources do); 403 is the
    // generic layer's. Either way the hint names the scope.
    const int status = ex(h)["status"];
    EXPECT_TRUE(status == 401 || status == 403) << status;
    EXPECT_NE(ex(h).value("hint", "").find("ads:read"), std::string::npos) << ex(h).dump();
    const Response& r = *state_for_tests()->explorer.call->value;
    ApiError e = error_from_response(r, operation_info("ad_accounts/list"));
    EXPECT_NE(e.hint.find("ads:read"), std::string::npos) << e.hint;
}

TEST(Explorer, AnAdsOperationAnswers2xxThatConformsWithTheScopeGranted) {
    Harness h;
    ASSERT_TRUE(sign_in_with(h, "ads:read"));
    h.p.set_hash("#/explorer/ad_accounts/list?page_size=5");
    ASSERT_TRUE(detail_ready(h, "ad_accounts/list"));
    ASSERT_TRUE(h.click("button:Send request"));
    ASSERT_TRUE(h.until([&] { return ex(h).contains("conforms"); }));
    EXPECT_EQ(ex(h)["status"], 200);
    EXPECT_TRUE(ex(h)["conforms"]) << state_for_tests()->explorer.check.dump();
}

TEST(Explorer, RequiredParametersAndRangesAreCheckedBeforeSending) {
    Harness h("http://127.0.0.1:8080/#/explorer/ad_accounts/list?page_size=900");
    ASSERT_TRUE(detail_ready(h, "ad_accounts/list"));
    std::string problem;
    EXPECT_EQ(state_for_tests()->explorer.request_path(&problem), "");
    EXPECT_EQ(problem, "page_size must be at most 250");
    h.p.set_hash("#/explorer/boards/get");
    ASSERT_TRUE(detail_ready(h, "boards/get"));
    EXPECT_EQ(state_for_tests()->explorer.request_path(&problem), "");
    EXPECT_EQ(problem, "board_id is required");
}

TEST(Explorer, PhoneLayoutShowsListAndOperationAsSeparateScreens) {
    Harness h("http://127.0.0.1:8080/#/explorer");
    ImGui::GetIO().DisplaySize = ImVec2(390, 844);
    ASSERT_TRUE(index_ready(h));
    h.frame();
    ASSERT_TRUE(h.click("input:Filter operations"));
    h.type("boards/list");
    ASSERT_TRUE(h.until([&] { return h.item("op:boards/list").has_value(); }));
    ASSERT_TRUE(h.click("op:boards/list"));
    ASSERT_TRUE(detail_ready(h, "boards/list"));
    h.frame();
    EXPECT_FALSE(h.item("input:Filter operations").has_value());
    ASSERT_TRUE(h.click("button:Back to operations"));
    h.frame();
    EXPECT_TRUE(h.item("input:Filter operations").has_value());
}

TEST(Explorer, ADeepLinkAfterSignInOpensTheOperationScreenOnAPhone) {
    Harness h;
    ASSERT_TRUE(h.sign_in_demo());
    h.p.set_hash("#/explorer/boards/list?page_size=7");
    ASSERT_TRUE(detail_ready(h, "boards/list"));
    h.reload();
    ImGui::GetIO().DisplaySize = ImVec2(390, 844);
    ASSERT_TRUE(detail_ready(h, "boards/list"));
    ASSERT_TRUE(h.until([&] { return h.bridge().value("signed_in", false); }));
    h.frame();
    EXPECT_TRUE(ex(h)["phone_detail"]);
    EXPECT_TRUE(h.item("button:Back to operations").has_value());
    EXPECT_EQ(ex(h)["query"], "page_size=7");
}

// Send stays where it is while the reason it is off comes and goes (the user is about to click it).
TEST(Explorer, SendDoesNotMoveWhenTheMissingParameterIsFilledIn) {
    Harness h("http://127.0.0.1:8080/#/explorer/pins/get");
    ASSERT_TRUE(detail_ready(h, "pins/get"));
    h.frame();
    auto before = h.item("button:Send request");
    ASSERT_TRUE(before);
    std::string problem;
    state_for_tests()->explorer.request_path(&problem);
    ASSERT_EQ(problem, "pin_id is required");
    h.p.set_hash("#/explorer/pins/get?pin_id=123");  // the value filled in (the form is below the fold)
    ASSERT_TRUE(h.until([&] { return state_for_tests()->explorer.request_path(nullptr) != ""; }));
    h.frame();
    std::string now_problem;
    state_for_tests()->explorer.request_path(&now_problem);
    ASSERT_EQ(now_problem, "") << "the parameter was filled in";
    auto after = h.item("button:Send request");
    ASSERT_TRUE(after);
    EXPECT_EQ(after->value("y", -1.0f), before->value("y", -2.0f));
}

TEST(Explorer, TheSchemaTreeOpensAndAVariantFillsTheBody) {
    Harness h("http://127.0.0.1:8080/#/explorer/pins/create");
    ImGui::GetIO().DisplaySize = ImVec2(1280, 4000);  // the whole operation on screen: no scrolling to do
    ASSERT_TRUE(detail_ready(h, "pins/create"));
    ASSERT_TRUE(h.click("tree:Schema"));
    ASSERT_TRUE(h.until([&] { return h.item("schema:/media_source").has_value(); }, 30))
        << "the Schema node opens to the body's properties: " << ::testing::PrintToString(h.labels_with_prefix("schema"))
        << ::testing::PrintToString(h.labels_with_prefix("tree"));
    ASSERT_TRUE(h.click("schema:/media_source"));
    ASSERT_TRUE(h.until([&] { return h.item("variant:/media_source").has_value(); }, 30));
    ASSERT_TRUE(h.click("variant:/media_source"));
    ASSERT_TRUE(h.until([&] { return h.item("variant option:multiple_image_urls").has_value(); }, 30));
    ASSERT_TRUE(h.click("variant option:multiple_image_urls"));
    ASSERT_TRUE(h.click("button:Fill the body with this variant"));
    ASSERT_TRUE(h.until([&] { return ex(h).value("body", "").find("multiple_image_urls") != std::string::npos; }));
}

// The Token view adds and drops scopes the same way: tick, sign in again, back on the Token view with them.
TEST(Explorer, TheTokenViewSignsInAgainWithScopesAddedAndDropped) {
    Harness h;
    ImGui::GetIO().DisplaySize = ImVec2(1280, 4000);  // the whole view on screen: no scrolling to do
    ASSERT_TRUE(h.sign_in_demo());
    AppState* s = state_for_tests();
    s->go(Nav{Route::Token});
    ASSERT_TRUE(h.until([&] { return h.item("header:Change scopes").has_value(); }, 60));
    for (int i = 0; i < 5; ++i) h.frame();  // the view's layout settles (its code arrives a frame late)
    ASSERT_TRUE(h.click("header:Change scopes"));
    ASSERT_TRUE(h.until([&] { return h.item("token scope:ads:read").has_value(); }, 30))
        << ::testing::PrintToString(h.labels_with_prefix("")) << h.bridge()["view"];
    ASSERT_TRUE(h.click("token scope:ads:read"));
    ASSERT_TRUE(h.click("token scope:pins:write_secret"));
    ASSERT_TRUE(h.click("button:Sign in again with these scopes"));
    ASSERT_TRUE(h.until([&] { return h.item("button:Allow").has_value(); }, 60));
    ASSERT_TRUE(h.click("button:Allow"));
    ASSERT_TRUE(h.until([&] { return s->signed_in() && !s->busy() && s->nav.route == Route::Token; }));
    const auto& scopes = s->client()->auth().tokens()->scopes;
    EXPECT_NE(std::find(scopes.begin(), scopes.end(), "ads:read"), scopes.end());
    EXPECT_EQ(std::find(scopes.begin(), scopes.end(), "pins:write_secret"), scopes.end());
}

// "Run after": Create pin, saved with {{board_id}} in its body, is linked to run after Create board and take
// the new board's id; Run chain sends both, in order, and the pin lands on the board just made.
TEST(Explorer, ARunAfterLinkCreatesABoardThenAPinOnIt) {
    Harness h;
    ImGui::GetIO().DisplaySize = ImVec2(1280, 4000);  // the saved list and its buttons all on screen
    ASSERT_TRUE(h.sign_in_demo());
    AppState* s = state_for_tests();
    h.p.set_hash("#/explorer/boards/create");
    ASSERT_TRUE(detail_ready(h, "boards/create"));
    s->explorer.body = R"({"name": "Chained board"})";
    ASSERT_TRUE(h.click("button:Save request"));
    h.p.set_hash("#/explorer/pins/create");
    ASSERT_TRUE(detail_ready(h, "pins/create"));
    ASSERT_TRUE(h.until([&] { return s->explorer.body.find("media_source") != std::string::npos; }));
    auto pin = json_parse(s->explorer.body);
    ASSERT_TRUE(pin && pin->is_object()) << s->explorer.body;
    (*pin)["board_id"] = "{{board_id}}";
    (*pin)["title"] = "Pinned by a chain";
    (*pin)["media_source"] = json{{"source_type", "image_url"}, {"url", "https://example.com/chained.jpg"}};
    s->explorer.body = pin->dump();
    ASSERT_TRUE(h.click("button:Save request"));
    ASSERT_EQ(s->explorer.saved.size(), 2u);
    EXPECT_EQ(s->explorer.vars.count("board_id"), 0u);

    // A link back from the board to the pin would loop once the pin runs after the board: refused.
    ASSERT_TRUE(h.click("tab:Saved"));
    ASSERT_TRUE(h.click("saved link:0"));  // newest first: Create pin
    ASSERT_TRUE(h.until([&] { return h.item("input:Link variable").has_value(); }));
    EXPECT_EQ(s->explorer.link_draft.var, "board_id");  // the variable its body uses
    EXPECT_EQ(s->explorer.link_draft.pointer, "/id");
    EXPECT_EQ(s->explorer.link_draft.after_at, s->explorer.saved[1].at_ms);
    ASSERT_TRUE(h.click("button:Link"));
    ASSERT_EQ(s->explorer.saved[0].link.after_at, s->explorer.saved[1].at_ms);
    EXPECT_FALSE(s->explorer.link_saved(*s, 1, s->explorer.saved[0].at_ms, "/id", "pin_id"));
    EXPECT_EQ(s->explorer.saved[1].link.after_at, 0);

    const size_t history = s->explorer.history.size();
    ASSERT_TRUE(h.until([&] { return h.item("saved run:0").has_value(); }));
    ASSERT_TRUE(h.click("saved run:0"));
    ASSERT_TRUE(h.until([&] { return ex(h).contains("chain") && (ex(h)["chain"]["done"] == true ||
                                                                  ex(h)["chain"]["error"] != ""); }, 600));
    ASSERT_EQ(ex(h)["chain"]["error"], "") << ex(h).value("response_body", "") << " sent: " << s->explorer.body;
    EXPECT_EQ(s->explorer.history.size(), history + 2);
    EXPECT_EQ(s->explorer.history[1].op, "boards/create");
    EXPECT_EQ(s->explorer.history[0].op, "pins/create");
    const std::string board_id = s->explorer.vars.at("board_id");
    auto answer = json_parse(ex(h)["response_body"].get<std::string>());
    ASSERT_TRUE(answer && answer->is_object());
    EXPECT_EQ(ex(h)["status"], 201);
    EXPECT_EQ(json_string(*answer, "board_id"), board_id);
    EXPECT_EQ(json_string(*answer, "title"), "Pinned by a chain");

    // The links and the variable survive a reload.
    h.reload();
    h.p.set_hash("#/explorer");
    ASSERT_TRUE(index_ready(h));
    s = state_for_tests();
    ASSERT_EQ(s->explorer.saved.size(), 2u);
    EXPECT_EQ(s->explorer.saved[0].link.after_at, s->explorer.saved[1].at_ms);
    EXPECT_EQ(s->explorer.saved[0].link.var, "board_id");
}

// A chain stops at the first step that cannot go on, saying why, and leaves that answer on screen.
TEST(Explorer, AChainStopsWhereTheLinkFindsNoValue) {
    Harness h;
    ImGui::GetIO().DisplaySize = ImVec2(1280, 4000);
    ASSERT_TRUE(h.sign_in_demo());
    AppState* s = state_for_tests();
    h.p.set_hash("#/explorer/user_account/get");
    ASSERT_TRUE(detail_ready(h, "user_account/get"));
    ASSERT_TRUE(h.click("button:Save request"));
    h.p.set_hash("#/explorer/boards/get?board_id=%7B%7Bmissing_id%7D%7D");
    ASSERT_TRUE(detail_ready(h, "boards/get"));
    ASSERT_TRUE(h.click("button:Save request"));
    ASSERT_TRUE(s->explorer.link_saved(*s, 0, s->explorer.saved[1].at_ms, "/no_such_field", "missing_id"));
    const size_t history = s->explorer.history.size();
    s->explorer.run_chain(*s, 0);
    ASSERT_TRUE(h.until([&] { return ex(h).contains("chain") && ex(h)["chain"]["error"] != ""; }, 600));
    EXPECT_NE(ex(h)["chain"]["error"].get<std::string>().find("/no_such_field"), std::string::npos);
    EXPECT_EQ(ex(h)["chain"]["step"], 0);
    EXPECT_EQ(s->explorer.history.size(), history + 1);  // the account was read; boards/get never sent
    EXPECT_EQ(ex(h)["selected"], "user_account/get");   // the answer that lacks the value stays on screen
    EXPECT_EQ(ex(h)["status"], 200);
    EXPECT_EQ(s->explorer.vars.count("missing_id"), 0u);
}

// A value of the answer, clicked (or right-clicked, or long-pressed): copy it, copy where it is, or keep it.
TEST(Explorer, AnAnswerValueCopiesItselfAndItsJsonPath) {
    Harness h;
    ImGui::GetIO().DisplaySize = ImVec2(1280, 4000);
    ASSERT_TRUE(h.sign_in_demo());
    h.p.set_hash("#/explorer/boards/list?page_size=2");
    ASSERT_TRUE(detail_ready(h, "boards/list"));
    ASSERT_TRUE(h.click("button:Send request"));
    ASSERT_TRUE(h.until([&] { return h.item("answer:/items/0/id").has_value(); }));
    const std::string id = json_parse(ex(h)["response_body"].get<std::string>())->at("items")[0]["id"];
    ASSERT_TRUE(h.click("answer:/items/0/id"));
    ASSERT_TRUE(h.until([&] { return h.item("button:Copy JSON path").has_value(); }));
    ASSERT_TRUE(h.click("button:Copy JSON path"));
    EXPECT_EQ(h.p.clipboard, "$.items[0].id");
    ASSERT_TRUE(h.click("answer:/items/0/id"));
    ASSERT_TRUE(h.until([&] { return h.item("button:Copy value").has_value(); }));
    ASSERT_TRUE(h.click("button:Copy value"));
    EXPECT_EQ(h.p.clipboard, id);
}
