// test_practice.cpp — the emulator and the Explorer read one table of what Pinterest requires beyond the
// schema (core/practice.h): for every rule, a request that is otherwise accepted is refused with 400 and
// exactly the rule's message when that field is missing, and accepted with it.
#include "core/practice.h"
#include "emu_test_util.h"

namespace pinlab::emu::test {
namespace {

struct PracticeTest : EmuFixture {
    void SetUp() override {
        start();
        auto scopes = kAllScopes;
        scopes.push_back("user_accounts:write");
        token = mint(scopes);
    }
    // A body the emulator accepts for `op` (every practice-required field present) and where it is sent.
    std::pair<std::string, json> accepted(const std::string& op) {
        if (op == "pins/create") {
            std::string board = str(body_json(get("/v5/boards?page_size=1"))["items"][0], "id");
            return {"/v5/pins", json{{"board_id", board},
                                     {"media_source", {{"source_type", "image_url"}, {"url", "https://example.com/a.jpg"}}}}};
        }
        if (op == "verify_website/update") return {"/v5/user_account/websites", json{{"website", "mysite.test"}}};
        return {"", json()};
    }
};

TEST_F(PracticeTest, EveryRuleIsTheEmulatorsOwn) {
    ASSERT_FALSE(practice_rules().empty());
    for (const PracticeRule& r : practice_rules()) {
        auto [url, body] = accepted(r.op);
        ASSERT_FALSE(url.empty()) << "no accepted body for " << r.op << " in this test";
        json without = body;
        without.erase(r.field);
        Response refused = post(url, without);
        EXPECT_EQ(refused.status, 400) << r.op << " without " << r.field << ": " << refused.body;
        EXPECT_EQ(str(body_json(refused), "message"), r.message) << r.op;
        Response ok = post(url, body);
        EXPECT_LT(ok.status, 300) << r.op << ": " << ok.body;
    }
}

}  // namespace
}  // namespace pinlab::emu::test
