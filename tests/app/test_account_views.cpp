// test_account_views.cpp — headless tests of the account views in Demo, through the UI as a person would:
// Followers paged through two pages and Follow back, a video pin from a picked file (register, upload,
// processing to succeeded, create), websites verified and unverified (a failure keeps the typed site),
// top pins ticked and compared side by side, and partner search in a business.
#include <gtest/gtest.h>

#include "app/fake_platform.h"
#include "app/state.h"

using namespace pinlab;
using namespace pinlab::app;
using pinlab::app::test::Harness;

namespace {

bool open_more(Harness& h, const std::string& name) {
    if (!h.click("nav:More")) return false;
    if (!h.until([&] { return h.item("more:" + name).has_value(); }, 10)) return false;
    return h.click("more:" + name);
}

bool type_into(Harness& h, const std::string& label, const std::string& text) {
    if (!h.click(label)) return false;
    h.type(text);
    return true;
}

}  // namespace

TEST(AccountViews, FollowersPageThroughTwoPagesAndFollowBack) {
    Harness h;
    ASSERT_TRUE(h.sign_in_demo());
    ASSERT_TRUE(open_more(h, "Followers"));
    ASSERT_TRUE(h.until([&] { return h.bridge().value("followers_loaded", 0) == 25; }));
    EXPECT_EQ(h.bridge().value("view", ""), "people");
    EXPECT_EQ(h.bridge().value("hash", ""), "#/people");
    EXPECT_FALSE(h.labels_with_prefix("user:").empty());
    ASSERT_TRUE(h.click("button:Load more"));
    ASSERT_TRUE(h.until([&] { return h.bridge().value("followers_loaded", 0) == 50; }));
    EXPECT_EQ(h.bridge().value("followers_pages", 0), 2);
    // Follow back someone the account does not follow yet: Following then lists them first.
    AppState* s = state_for_tests();
    ASSERT_TRUE(h.until([&] { return h.bridge().value("following_loaded", 0) > 0; }));
    std::string who;
    for (const auto& u : s->network.followers.items)
        if (!s->network.following_user(u.username)) {
            who = u.username;
            break;
        }
    ASSERT_FALSE(who.empty());
    // The first follower row without "Following" has the first "Follow back" button.
    ASSERT_TRUE(h.click("button:Follow back"));
    ASSERT_TRUE(h.until([&] { return !s->network.following.items.empty() && s->network.following.items[0].username == who; }));
    // Following an unknown name: the API's 404 is shown and the typed name stays.
    ASSERT_TRUE(type_into(h, "input:Follow a user", "nobody_at_all"));
    ASSERT_TRUE(h.click("button:Follow"));
    ASSERT_TRUE(h.until([&] { return !s->network.follow_error.ok(); }));
    EXPECT_EQ(s->network.follow_error.kind, ErrorKind::NotFound);
    EXPECT_EQ(s->network.follow_name, "nobody_at_all");
}

TEST(AccountViews, VideoPinFromAPickedFileReachesSucceededAndIsCreated) {
    Harness h;
    ASSERT_TRUE(h.sign_in_demo());
    ASSERT_TRUE(open_more(h, "Video pin"));
    ASSERT_TRUE(h.until([&] { return h.item("button:Choose video file").has_value(); }));
    // Without a file the steps do not start, and say why.
    ASSERT_TRUE(h.click("button:Upload video"));
    AppState* s = state_for_tests();
    EXPECT_NE(s->video.error.message.find("Choose a video file"), std::string::npos);
    PickedFile f;
    f.name = "clip.mp4";
    f.mime = "video/mp4";
    f.bytes = std::string("\0\0\0\x18", 4) + "ftypmp42" + std::string(4096, '\x05');
    ASSERT_TRUE(h.click("button:Choose video file"));
    h.p.picked = f;  // the browser hands the chosen file over a few frames later
    ASSERT_TRUE(h.until([&] { return s->video.file.has_value(); }, 10));
    EXPECT_FALSE(s->pins.create.file.has_value()) << "the video went to the create-pin form";
    ASSERT_TRUE(h.until([&] { return !s->boards.list.items.empty(); }));
    ASSERT_TRUE(h.until([&] { return s->boards.list.done; }));
    ASSERT_TRUE(h.choose_first_option("combo:Board"));
    ASSERT_FALSE(s->video.board_id.empty());
    ASSERT_TRUE(type_into(h, "input:Title", "My clip"));
    ASSERT_TRUE(h.click("button:Upload video"));
    std::vector<std::string> statuses;
    bool busy_while_processing = true;  // the page draws, and so polls the status, only while busy
    ASSERT_TRUE(h.until([&] {
        json b = h.bridge();
        if (b.value("video_step", "") == "processing") busy_while_processing = busy_while_processing && b.value("busy", false);
        std::string st = b.value("video_status", "");
        if (!st.empty() && (statuses.empty() || statuses.back() != st)) statuses.push_back(st);
        return h.bridge().value("video_step", "") == "ready";
    }, 1000)) << s->video.error.describe() << " step " << s->video.step_name() << " status " << s->video.status
               << " polls " << s->video.polls;
    EXPECT_EQ(statuses.back(), "succeeded");
    EXPECT_TRUE(busy_while_processing);
    EXPECT_NE(std::find(statuses.begin(), statuses.end(), "processing"), statuses.end());
    ASSERT_TRUE(h.click("button:Create video pin"));
    ASSERT_TRUE(h.until([&] { return !h.bridge().value("video_pin", "").empty(); }));
    // The upload went to upload_url without the token, and the pin is a video pin.
    bool upload = false, created = false;
    for (const auto& e : s->client()->log().entries()) {
        if (e.operation == "media/upload (upload_url)") {
            upload = e.status == 204;
            EXPECT_FALSE(e.request_headers.has("Authorization"));
        }
        created = created || (e.operation == "pins/create" && e.status == 201 &&
                              e.response_body.find("\"media_type\":\"video\"") != std::string::npos);
    }
    EXPECT_TRUE(upload);
    EXPECT_TRUE(created);
    ASSERT_TRUE(h.click("button:Open the pin"));
    EXPECT_TRUE(h.until([&] { return h.bridge().value("view", "") == "pin"; }));
}

TEST(AccountViews, WebsitesVerifyKeepsTypedSiteOnFailureAndUnverify) {
    Harness h;
    ASSERT_TRUE(h.sign_in_demo());
    ASSERT_TRUE(open_more(h, "Websites"));
    ASSERT_TRUE(h.until([&] { return h.item("website:pinlab.example.com").has_value() && h.item("code:Meta tag (METATAG, in the page's <head>)"); }));
    AppState* s = state_for_tests();
    ASSERT_TRUE(h.click("button:Copy"));
    EXPECT_NE(h.p.clipboard.find("p:domain_verify"), std::string::npos);
    ASSERT_TRUE(type_into(h, "input:Website", "my-shop.com"));
    ASSERT_TRUE(h.click("button:Verify"));
    ASSERT_TRUE(h.until([&] { return !s->websites.verify_error.ok(); }));
    EXPECT_NE(s->websites.verify_error.message.find("meta tag was not found"), std::string::npos);
    EXPECT_EQ(s->websites.website, "my-shop.com");
    s->websites.website = "shop.example.com";
    ASSERT_TRUE(h.click("button:Verify"));
    ASSERT_TRUE(h.until([&] { return h.item("website:shop.example.com").has_value(); }));
    EXPECT_TRUE(s->websites.website.empty());
    ASSERT_TRUE(h.click("button:Unverify"));  // the first row: the newest, shop.example.com
    ASSERT_TRUE(h.until([&] { return !h.item("website:shop.example.com") && h.item("website:pinlab.example.com"); }));
}

TEST(AccountViews, TopPinsCompareTheTickedPins) {
    Harness h;
    ASSERT_TRUE(h.sign_in_demo());
    ASSERT_TRUE(open_more(h, "Top pins"));
    ASSERT_TRUE(h.until([&] { return h.labels_with_prefix("select:").size() >= 2; }));
    auto picks = h.labels_with_prefix("select:");
    ASSERT_TRUE(h.click(picks[0]));
    ASSERT_TRUE(h.click(picks[1]));
    AppState* s = state_for_tests();
    EXPECT_EQ(s->top_pins.selected.size(), 2u);
    h.frame();
    ASSERT_TRUE(h.click("button:Compare selected (2)"));
    ASSERT_TRUE(h.until([&] { return h.item("table:Comparison").has_value(); }));
    ASSERT_TRUE(s->top_pins.compare_call->done());
    EXPECT_EQ(s->top_pins.compare_call->value->pins.size(), 2u);
    // Video pins: none in the seed data, and the view says how to make one.
    ASSERT_TRUE(h.click("radio:Video pins"));
    ASSERT_TRUE(h.until([&] { return s->top_pins.call && s->top_pins.call->done(); }));
    EXPECT_TRUE(s->top_pins.call->value->pins.empty());
}

TEST(AccountViews, BusinessesAndPartnerSearch) {
    Harness h;
    ASSERT_TRUE(h.sign_in_demo());
    ASSERT_TRUE(open_more(h, "Businesses"));
    AppState* s = state_for_tests();
    ASSERT_TRUE(h.until([&] { return s->businesses.partners.items.size() == 25u && !h.labels_with_prefix("partner:").empty(); }));
    EXPECT_EQ(h.labels_with_prefix("business:").size(), 2u);
    ASSERT_TRUE(h.click("button:Load more"));
    ASSERT_TRUE(h.until([&] { return s->businesses.partners.items.size() == 40u; }));
    s->businesses.filter = s->businesses.partners.items[0].user->username->substr(0, 6);
    ASSERT_TRUE(h.until([&] { return h.labels_with_prefix("partner:").size() < 40u; }, 5));
    // The business the user is only an employee of: its partners are refused, and the view says so.
    ASSERT_TRUE(h.click("button:Search its partners"));
    ASSERT_TRUE(h.until([&] { return !s->businesses.partners.error.ok(); }));
    EXPECT_EQ(s->businesses.partners.error.kind, ErrorKind::Permission);
}
