// test_honest_views.cpp — what the page says must be true, headless: a failed reload keeps the boards shown, a
// failed "New board" keeps the dialog and the typed name, a 500 during sign-in says so and offers Retry, the
// error box belongs to its view and does not move the page, analytics show the API's own error, a pasted
// token's scopes are "declared" until the API confirms or refuses them, config.json's api_base is honoured,
// Demo's Create view says its images are generated, curl from Demo targets api.pinterest.com, and the pin
// view (whole image, section name, reachable Save, Enter saves).
#include <gtest/gtest.h>
#include <imgui_internal.h>

#include <functional>

#include "app/fake_platform.h"
#include "app/state.h"
#include "app/ui/widgets.h"
#include "core/url.h"

using namespace pinlab;
using namespace pinlab::app;
using pinlab::app::test::Harness;

namespace {

// A network answering at once from a function of the request (the pasted-token backend's API).
class ScriptedNet : public Transport {
public:
    std::function<Response(const Request&)> answer;
    std::string fail_detail;  // non-empty: every request fails at the network level with this detail
    std::vector<Request> sent;
    const double* clock = nullptr;
    RequestId send(Request req) override {
        Completion c;
        c.id = next_++;
        if (!fail_detail.empty()) {
            c.error = TransportError::Network;
            c.error_detail = fail_detail;
        } else {
            c.response = answer(req);
        }
        sent.push_back(std::move(req));
        ready_.push_back(c);
        return c.id;
    }
    void cancel(RequestId) override {}
    void poll(std::vector<Completion>& out) override {
        for (auto& c : ready_) out.push_back(c);
        ready_.clear();
    }
    double now_ms() const override { return *clock; }

private:
    RequestId next_ = 1;
    std::vector<Completion> ready_;
};

Response json_answer(int status, const std::string& body) {
    Response r;
    r.status = status;
    r.body = body;
    r.headers.set("Content-Type", "application/json");
    return r;
}

const char* kBoards3 =
    R"({"items":[{"id":"11","name":"Alpha"},{"id":"12","name":"Beta"},{"id":"13","name":"Gamma"}],"bookmark":null})";

// The API as a pasted token meets it: an account, three boards; `fail_boards` makes the boards calls fail.
struct TokenApi {
    ScriptedNet net;
    bool fail_boards = false;
    bool refuse_account = false;
    TokenApi() {
        net.answer = [this](const Request& r) {
            auto u = parse_url(r.url);
            std::string path = u ? u->path : r.url;
            const std::string boards = "/v5/boards";
            if (path.size() >= boards.size() && path.compare(path.size() - boards.size(), boards.size(), boards) == 0) {
                if (fail_boards)
                    return json_answer(400, R"({"code":1,"message":"Invalid parameters (the test's failure)."})");
                return json_answer(200, kBoards3);
            }
            if (path.find("/user_account") != std::string::npos) {
                if (refuse_account)
                    return json_answer(401, R"({"code":3,"message":"Your token does not have sufficient permissions to perform this operation."})");
                return json_answer(200, R"({"username":"tok_user","account_type":"BUSINESS"})");
            }
            return json_answer(200, R"({"items":[],"bookmark":null})");
        };
    }
};

void sign_in_with_token(Harness& h, TokenApi& api, const std::string& config = "") {
    api.net.clock = &h.p.now;
    h.p.network_override = &api.net;
    if (!config.empty()) h.p.config = config;
    h.p.local["pinlab.settings"] = R"({"backend":"token"})";
    h.start();
    h.frame();
    AppState* s = state_for_tests();
    s->session.use_pasted_token(*s, "pina_pastedtoken0123456789");
    ASSERT_TRUE(s->signed_in());
}

}  // namespace

// [SECTION] Errors keep what was shown and typed --------------------------------------------------

TEST(HonestErrors, AFailedReloadKeepsTheBoardsAndTheBannerNeitherMovesThePageNorFollowsToAnotherView) {
    Harness h("http://127.0.0.1:8080/", false);
    TokenApi api;
    sign_in_with_token(h, api);
    ASSERT_TRUE(h.click("nav:Boards"));
    ASSERT_TRUE(h.until([&] { return h.labels_with_prefix("board:").size() == 3; }));
    auto before = h.item("board:Alpha");
    ASSERT_TRUE(before);
    AppState* s = state_for_tests();
    api.fail_boards = true;
    ASSERT_TRUE(h.click("button:Reload"));
    for (int i = 0; i < 20; ++i) {  // never "0 boards" while the reload runs or after it failed
        EXPECT_EQ(s->boards.list.items.size(), 3u);
        h.frame();
    }
    ASSERT_TRUE(h.until([&] { return h.bridge().value("error", "") != ""; }));
    EXPECT_EQ(h.labels_with_prefix("board:").size(), 3u);
    EXPECT_TRUE(h.item("button:Retry")) << "the failed reload can be retried";
    auto after = h.item("board:Alpha");
    ASSERT_TRUE(after);
    EXPECT_FLOAT_EQ(after->value("y", 0.0f), before->value("y", 0.0f)) << "the banner must not push the page down";
    // Retry after the cause is gone: the boards load, the banner goes, nothing moved.
    api.fail_boards = false;
    ASSERT_TRUE(h.click("button:Retry"));
    ASSERT_TRUE(h.until([&] { return h.bridge().value("error", "") == "" && !s->boards.reloading; }));
    EXPECT_FLOAT_EQ(h.item("board:Alpha")->value("y", 0.0f), before->value("y", 0.0f));
    // An error belongs to the view it was shown on.
    api.fail_boards = true;
    ASSERT_TRUE(h.click("button:Reload"));
    ASSERT_TRUE(h.until([&] { return h.bridge().value("error", "") != ""; }));
    ASSERT_TRUE(h.click("nav:Profile"));
    h.frame();
    EXPECT_EQ(h.bridge().value("error", ""), "") << "the boards' error must not stay over the profile";
}

TEST(HonestErrors, AFailedNewBoardKeepsTheDialogAndTheTypedName) {
    Harness h("http://127.0.0.1:8080/", false);
    TokenApi api;
    sign_in_with_token(h, api);
    ASSERT_TRUE(h.click("nav:Boards"));
    ASSERT_TRUE(h.until([&] { return h.labels_with_prefix("board:").size() == 3; }));
    ASSERT_TRUE(h.click("button:New board"));
    ASSERT_TRUE(h.until([&] { return h.item("input:Board name").has_value(); }, 10));
    ASSERT_TRUE(h.click("input:Board name"));
    h.type("Summer trip");
    api.fail_boards = true;
    ASSERT_TRUE(h.click("button:Save board"));
    AppState* s = state_for_tests();
    ASSERT_TRUE(h.until([&] { return !s->boards.form.saving; }));
    for (int i = 0; i < 5; ++i) h.frame();
    EXPECT_TRUE(s->boards.form.open);
    EXPECT_EQ(s->boards.form.name, "Summer trip");
    EXPECT_FALSE(s->boards.form.error.ok());
    EXPECT_TRUE(h.item("button:Save board")) << "the dialog stays on screen";
    // Saved once the cause is gone: the dialog closes and the board is listed.
    api.fail_boards = false;
    api.net.answer = [inner = api.net.answer](const Request& r) {
        if (r.method == "POST") return json_answer(201, R"({"id":"99","name":"Summer trip"})");
        return inner(r);
    };
    ASSERT_TRUE(h.click("button:Save board"));
    ASSERT_TRUE(h.until([&] { return !s->boards.form.open && h.item("board:Summer trip").has_value(); }));
}

TEST(HonestErrors, A500DuringSignInSaysSoAndOffersRetry) {
    const std::string base = "http://127.0.0.1:8080/";
    Harness h(base, false);
    ScriptedNet net;
    net.clock = &h.p.now;
    net.answer = [](const Request&) { return json_answer(500, R"({"code":500,"message":"Internal error"})"); };
    h.p.network_override = &net;
    h.p.local["pinlab.settings"] = R"({"backend":"local"})";
    h.start();
    h.frame();
    ASSERT_TRUE(h.click("button:Sign in"));
    // The page first checks that the consent page answers (a static host may not have one): a 500 is not
    // "missing", so the sign-in goes on.
    ASSERT_TRUE(h.until([&] { return h.p.navigated.size() == 1u; }));
    auto u = parse_url(h.p.navigated.back());
    ASSERT_TRUE(u);
    std::string state = param(parse_query(u->query), "state").value_or("");
    ASSERT_FALSE(state.empty());
    app::shutdown();  // back from the consent page with a code; the token endpoint answers 500
    h.p.href = base + "?code=abc&state=" + state;
    h.start();
    ASSERT_TRUE(h.until([&] { return h.bridge().value("error", "") != ""; }));
    std::string hint = h.bridge().value("hint", "");
    EXPECT_EQ(hint.find("may or may not"), std::string::npos) << hint;
    EXPECT_NE(hint.find("sign-in"), std::string::npos) << hint;
    ASSERT_TRUE(h.item("button:Retry"));
    auto retry = h.item("button:Retry");
    EXPECT_GE(retry->value("h", 0.0f), ImGui::GetFrameHeight() - 1) << "the Retry button is not clipped";
    size_t navigated = h.p.navigated.size();
    ASSERT_TRUE(h.click("button:Retry"));
    EXPECT_TRUE(h.until([&] { return h.p.navigated.size() == navigated + 1; })) << "Retry starts the sign-in again";
}

// [SECTION] Analytics, tokens, config ---------------------------------------------------------------

TEST(HonestViews, AnalyticsShowTheApisErrorForAMistypedPin) {
    Harness h;
    ASSERT_TRUE(h.sign_in_demo());
    AppState* s = state_for_tests();
    ASSERT_TRUE(h.click("nav:Analytics"));
    s->analytics.pin_id = "123456789";  // no such pin
    ASSERT_TRUE(h.click("button:Load analytics"));
    ASSERT_TRUE(h.until([&] { return s->analytics.call && s->analytics.call->finished(); }));
    h.frame();
    ASSERT_TRUE(s->analytics.call->failed());
    EXPECT_EQ(s->analytics.call->error.kind, ErrorKind::NotFound);
    EXPECT_TRUE(h.item("button:Retry")) << "the API's error is shown with Retry, not a fixed sandbox message";
}

TEST(HonestViews, PastedTokenScopesAreDeclaredUntilTheApiShowsThem) {
    Harness h("http://127.0.0.1:8080/", false);
    TokenApi api;
    api.refuse_account = true;
    h.p.local["pinlab.settings"] = R"({"backend":"token","scopes":["boards:read","user_accounts:read"]})";
    api.net.clock = &h.p.now;
    h.p.network_override = &api.net;
    h.start();
    h.frame();
    AppState* s = state_for_tests();
    s->settings.scopes = {"boards:read", "user_accounts:read"};
    s->session.use_pasted_token(*s, "pina_pastedtoken0123456789");
    ASSERT_TRUE(h.click("nav:Boards"));
    ASSERT_TRUE(h.until([&] { return h.labels_with_prefix("board:").size() == 3; }));
    s->go(Nav{Route::Token});
    ASSERT_TRUE(h.until([&] { return h.item("text:Missing scopes").has_value(); }));
    EXPECT_TRUE(h.item("text:Declared scopes"));
    const ScopeEvidence& ev = s->client()->scope_evidence();
    EXPECT_EQ(ev.missing, std::vector<std::string>{"user_accounts:read"});
    EXPECT_EQ(ev.confirmed, std::vector<std::string>{"boards:read"});
    EXPECT_TRUE(s->signed_in()) << "a refusal for a scope is not a sign-out";
}

TEST(HonestViews, ThePasteATokenBackendUsesConfigsApiBase) {
    Harness h("http://127.0.0.1:8080/", false);
    TokenApi api;
    sign_in_with_token(h, api,
                       R"({"backends":[{"id":"token","label":"Paste a token","kind":"token",)"
                       R"("api_base":"https://proxy.example/pinterest/v5"}]})");
    AppState* s = state_for_tests();
    EXPECT_EQ(s->client()->config().api_base, "https://proxy.example/pinterest/v5");
    ASSERT_TRUE(h.until([&] { return !api.net.sent.empty(); }));
    for (const auto& r : api.net.sent) EXPECT_EQ(r.url.rfind("https://proxy.example/pinterest/v5/", 0), 0u) << r.url;
}

// [SECTION] Demo: generated images, curl ----------------------------------------------------------

TEST(HonestViews, DemoCreateSaysUrlImagesAreGenerated) {
    Harness h;
    ASSERT_TRUE(h.sign_in_demo());
    ASSERT_TRUE(h.click("nav:Create"));
    ASSERT_TRUE(h.until([&] { return h.item("note:generated image").has_value(); }, 20));
}

TEST(HonestViews, DemoCurlIsForTheRealApi) {
    Harness h;
    ASSERT_TRUE(h.sign_in_demo());
    ASSERT_TRUE(h.click("nav:Console"));
    ASSERT_TRUE(h.until([&] { return !h.labels_with_prefix("console:row:").empty(); }));
    ASSERT_TRUE(h.click(h.labels_with_prefix("console:row:").front()));
    ASSERT_TRUE(h.until([&] { return h.item("button:Copy as curl").has_value(); }));
    ASSERT_TRUE(h.click("button:Copy as curl"));
    EXPECT_NE(h.p.clipboard.find("'https://api.pinterest.com/v5/"), std::string::npos) << h.p.clipboard;
    EXPECT_EQ(h.p.clipboard.find("pina_"), std::string::npos) << "secrets stay redacted";
}

// [SECTION] Pin view ----------------------------------------------------------------------------------

TEST(HonestPin, TheWholeImageScalesWithTheScreenAndKeepsItsAspect) {
    Harness h;
    ImGui::GetIO().DisplaySize = ImVec2(1920, 1080);
    ASSERT_TRUE(h.sign_in_demo());
    h.open_first_board();
    auto pins = h.labels_with_prefix("pin:");
    ASSERT_FALSE(pins.empty());
    ASSERT_TRUE(h.click(pins.front()));
    ASSERT_TRUE(h.until([&] { return h.item("image:pin").has_value() && state_for_tests()->pins.pin; }));
    for (int i = 0; i < 5; ++i) h.frame();  // the image loads (100×100 in the fake platform)
    auto img = h.item("image:pin");
    ASSERT_TRUE(img);
    const float w = img->value("w", 0.0f), hh = img->value("h", 0.0f);
    const Pin& pin = *state_for_tests()->pins.pin;
    const CachedImage* ci = state_for_tests()->images.find(pin_image_url(pin, "1200x", 1200));
    ASSERT_TRUE(ci && ci->state == ImageState::Ready);
    EXPECT_NEAR(w / hh, static_cast<float>(ci->width) / ci->height, 0.02f) << "the image's own aspect, not a crop";
    EXPECT_TRUE(w > 700 || hh > 900) << "as large as the room allows, not a ~560 px column: " << w << "x" << hh;
    EXPECT_LE(img->value("y", 0.0f) + hh, 1080) << "it fits the height";
}

TEST(HonestPin, SectionNameSaveInViewAndEnterSaves) {
    Harness h;
    ASSERT_TRUE(h.sign_in_demo());
    AppState* s = state_for_tests();
    // A pin in a section, from All pins.
    ASSERT_TRUE(h.click("nav:Pins"));
    std::string pin_id, section_id;
    ASSERT_TRUE(h.until([&] {
        for (const auto& p : s->pins.all.pager.items)
            if (p.board_section_id && !p.board_section_id->empty()) {
                pin_id = p.id;
                section_id = *p.board_section_id;
                return true;
            }
        if (!s->pins.all.pager.loading && !s->pins.all.pager.done) s->pins.all.pager.load_more();
        return false;
    }, 600));
    s->go(Nav{Route::Pin, "", "", pin_id});
    ASSERT_TRUE(h.until([&] { return !h.labels_with_prefix("section:").empty(); }));
    std::string label = h.labels_with_prefix("section:").front();
    ASSERT_TRUE(h.until([&] {
        auto l = h.labels_with_prefix("section:");
        return !l.empty() && l.front() != "section:" + section_id;
    })) << "the section's name, not its ID: " << label;
    // Edit at 1280×800: Save changes is on screen.
    ASSERT_TRUE(h.click("button:Edit pin"));
    ASSERT_TRUE(h.until([&] { return h.item("button:Save changes").has_value(); }, 10))
        << "Save changes must be reachable without scrolling";
    // Enter in the title saves.
    ASSERT_TRUE(h.click("input:Title"));
    h.type(" (edited)");
    ImGuiIO& io = ImGui::GetIO();
    io.KeysDown[ImGuiKey_Enter] = true;
    h.frame();
    io.KeysDown[ImGuiKey_Enter] = false;
    h.frame();
    ASSERT_TRUE(h.until([&] { return !s->pins.edit.open; }));
    ASSERT_TRUE(s->pins.pin);
    EXPECT_NE(s->pins.pin->title.value_or("").find("(edited)"), std::string::npos);
}

TEST(HonestPin, DescriptionWrapsAtTheFieldsWidthWithoutChangingTheText) {
    Harness h;
    ASSERT_TRUE(h.sign_in_demo());
    AppState* s = state_for_tests();
    h.open_first_board();
    ASSERT_TRUE(h.click(h.labels_with_prefix("pin:").front()));
    ASSERT_TRUE(h.until([&] { return h.item("button:Edit pin").has_value(); }));
    ASSERT_TRUE(h.click("button:Edit pin"));
    ASSERT_TRUE(h.until([&] { return h.item("input:Description").has_value(); }, 10));
    s->pins.edit.description.clear();
    ASSERT_TRUE(h.click("input:Description"));
    std::string words;
    for (int i = 0; i < 40; ++i) words += "word" + std::to_string(i) + " ";
    h.type(words);
    h.frame();
    EXPECT_EQ(s->pins.edit.description, words) << "no break is added to the text itself";
    // The field shows it on several lines: its buffer has soft breaks.
    ImGuiInputTextState* st = ImGui::GetInputTextState(ImGui::GetActiveID());
    ASSERT_NE(st, nullptr);
    int lines = 1;
    for (int i = 0; i < st->CurLenW; ++i) lines += st->TextW[i] == '\n';
    EXPECT_GT(lines, 2) << "the description wraps";
}

// [SECTION] Layout -------------------------------------------------------------------------------------

TEST(HonestLayout, TitlesEndInAnEllipsisAtAWordBreak) {
    Harness h;
    h.frame();
    const std::string title = "Cozy recipe book for her with a printable checklist and honest tips";
    std::string cut = ellipsize(title, 150);
    ASSERT_NE(cut, title);
    EXPECT_LE(ImGui::CalcTextSize(cut.c_str()).x, 150.5f);
    ASSERT_GE(cut.size(), 4u);
    EXPECT_EQ(cut.substr(cut.size() - 3), "…");
    std::string kept = cut.substr(0, cut.size() - 3);
    EXPECT_EQ(title.compare(0, kept.size(), kept), 0);
    EXPECT_EQ(title[kept.size()], ' ') << "cut at a word break, not mid-word: " << cut;
    EXPECT_EQ(ellipsize("Short", 150), "Short");
}

TEST(HonestLayout, ALongStatusDoesNotSqueezeTheConsolesPath) {
    Harness h("http://127.0.0.1:8080/", false);
    TokenApi api;
    sign_in_with_token(h, api);
    api.net.fail_detail = "net::ERR_NAME_NOT_RESOLVED while connecting to a host that the browser could not find at all";
    AppState* s = state_for_tests();
    s->boards.load(*s, true);
    h.frame();
    ASSERT_TRUE(h.click("nav:Console"));
    for (int i = 0; i < 10; ++i) h.frame();
    ImGuiContext& g = *GImGui;
    float path_w = -1;
    for (int i = 0; i < g.Tables.GetBufSize(); ++i) {
        ImGuiTable* t = g.Tables.GetByIndex(i);
        if (t && t->ColumnsCount == 7 && std::string(ImGui::TableGetColumnName(t, 1)) == "Path")
            path_w = t->Columns[1].WidthGiven;
    }
    ASSERT_GT(path_w, 0) << "the console's table was drawn";
    EXPECT_GT(path_w, ImGui::CalcTextSize("/v5/boards?page_size=").x) << "the path keeps its room";
    // A phone: the log keeps method, path and status, and the path most of the width.
    ImGui::GetIO().DisplaySize = ImVec2(390, 844);
    for (int i = 0; i < 10; ++i) h.frame();
    path_w = -1;
    for (int i = 0; i < g.Tables.GetBufSize(); ++i) {
        ImGuiTable* t = g.Tables.GetByIndex(i);
        if (t && t->ColumnsCount == 3 && std::string(ImGui::TableGetColumnName(t, 1)) == "Path")
            path_w = t->Columns[1].WidthGiven;
    }
    EXPECT_GT(path_w, 150) << "on a phone too";
}
