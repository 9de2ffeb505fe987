// test_client_account.cpp — the client's account calls against the in-process emulator: followers paged to
// the end, following and follow_user, followed boards, websites (verify, list, unverify, the code), the
// businesses and partner search, top video pins, multi-pin analytics, and a video pin made from an upload
// (register, upload as multipart/form-data, poll the status to succeeded, create the pin).
#include <gtest/gtest.h>

#include "client_env.h"

using namespace pinlab;

namespace {

// Signed in with a minted token holding `scopes`.
struct Env : test::ClientEnv {
    explicit Env(std::vector<std::string> scopes = {"user_accounts:read", "user_accounts:write", "boards:read",
                                                    "boards:write", "pins:read", "pins:write", "biz_access:read"})
        : ClientEnv(80, {}) {
        client->use_token(emu.mint_access_token("pinlab-demo", scopes, epoch), scopes, "emulator");
    }
};

// The first bytes of an MP4 file (an ISO BMFF "ftyp" box) and some payload.
std::string mp4() { return std::string("\0\0\0\x18", 4) + "ftypisom" + std::string(2048, '\x07'); }

}  // namespace

TEST(ClientAccount, FollowersPageThroughTwoPagesAndMore) {
    Env env;
    Pager<UserSummary> p = env.client->followers_pager();
    ASSERT_TRUE(p.load_more());
    env.wait(p.current());
    p.poll();
    EXPECT_EQ(p.items.size(), 25u);
    EXPECT_FALSE(p.done);
    ASSERT_TRUE(p.load_more());
    env.wait(p.current());
    p.poll();
    EXPECT_EQ(p.items.size(), 50u);
    EXPECT_EQ(p.pages, 2);
    EXPECT_NE(p.items[0].username, p.items[25].username);
    EXPECT_EQ(env.all(env.client->followers_pager(7)).size(), 60u);
}

TEST(ClientAccount, FollowAUserAndSeeThemInFollowing) {
    Env env;
    auto following = env.all(env.client->following_pager(10));
    ASSERT_EQ(following.size(), 30u);
    auto followers = env.all(env.client->followers_pager(100));
    std::string someone;
    for (const auto& f : followers) {
        bool followed = false;
        for (const auto& g : following) followed = followed || g.username == f.username;
        if (!followed) someone = f.username;
    }
    ASSERT_FALSE(someone.empty());
    auto h = env.client->follow_user(someone);
    env.wait(h);
    ASSERT_TRUE(h->done()) << h->error.describe();
    EXPECT_EQ(h->value->username, someone);
    auto after = env.all(env.client->following_pager());
    ASSERT_EQ(after.size(), 31u);
    EXPECT_EQ(after[0].username, someone);
    auto missing = env.client->follow_user("no_such_person");
    env.wait(missing);
    ASSERT_TRUE(missing->failed());
    EXPECT_EQ(missing->error.kind, ErrorKind::NotFound);
    EXPECT_EQ(missing->error.pinterest_code, 30);
    auto numeric = env.client->follow_user("12345");
    EXPECT_TRUE(numeric->failed());
    EXPECT_EQ(numeric->error.kind, ErrorKind::Validation);
    auto boards = env.all(env.client->following_boards_pager(5));
    EXPECT_EQ(boards.size(), 18u);
    EXPECT_TRUE(boards[0].owner_username.has_value());
}

TEST(ClientAccount, FollowingNeedsWriteScopeToFollow) {
    Env env({"user_accounts:read"});
    auto h = env.client->follow_user("someone_else");
    env.wait(h);
    ASSERT_TRUE(h->failed());
    EXPECT_EQ(h->error.kind, ErrorKind::Permission);
    EXPECT_NE(h->error.hint.find("user_accounts:write"), std::string::npos) << h->error.describe();
}

TEST(ClientAccount, WebsitesVerifyListUnverifyAndTheCode) {
    Env env;
    auto code = env.client->get_website_verification();
    env.wait(code);
    ASSERT_TRUE(code->done()) << code->error.describe();
    ASSERT_TRUE(code->value->metatag);
    EXPECT_NE(code->value->metatag->find(*code->value->verification_code), std::string::npos);
    auto v = env.client->verify_website("shop.example.com");
    env.wait(v);
    ASSERT_TRUE(v->done()) << v->error.describe();
    EXPECT_EQ(v->value->status.value_or(""), "success");
    auto sites = env.all(env.client->websites_pager());
    ASSERT_EQ(sites.size(), 2u);
    EXPECT_EQ(sites[0].website, "shop.example.com");
    auto bad = env.client->verify_website("my-shop.com");
    env.wait(bad);
    ASSERT_TRUE(bad->failed());
    EXPECT_NE(bad->error.message.find("meta tag was not found"), std::string::npos);
    auto scheme = env.client->verify_website("https://shop.example.com");
    ASSERT_TRUE(scheme->failed());
    EXPECT_EQ(scheme->error.kind, ErrorKind::Validation);
    auto un = env.client->unverify_website("shop.example.com");
    env.wait(un);
    ASSERT_TRUE(un->done()) << un->error.describe();
    auto again = env.client->unverify_website("shop.example.com");
    env.wait(again);
    ASSERT_TRUE(again->failed());
    EXPECT_EQ(again->error.kind, ErrorKind::NotFound);
    EXPECT_EQ(env.all(env.client->websites_pager()).size(), 1u);
}

TEST(ClientAccount, BusinessesAndPartnerSearch) {
    Env env;
    auto linked = env.client->list_linked_businesses();
    env.wait(linked);
    ASSERT_TRUE(linked->done()) << linked->error.describe();
    ASSERT_EQ(linked->value->items.size(), 2u);
    auto employers = env.client->list_business_employers();
    env.wait(employers);
    ASSERT_TRUE(employers->done()) << employers->error.describe();
    std::string admin, employee;
    for (const auto& b : employers->value->items)
        (b.business_roles.size() && b.business_roles[0] == "BIZ_ADMIN" ? admin : employee) = b.id;
    ASSERT_FALSE(admin.empty());
    auto partners = env.all(env.client->partners_pager(admin, {}));
    EXPECT_EQ(partners.size(), 40u);
    PartnerQuery ext;
    ext.partner_type = "EXTERNAL";
    for (const auto& p : env.all(env.client->partners_pager(admin, ext))) EXPECT_TRUE(p.is_shared_partner.value_or(false));
    PartnerQuery one;
    one.partner_ids = {partners[5].id};
    one.assets_summary = true;
    auto found = env.all(env.client->partners_pager(admin, one));
    ASSERT_EQ(found.size(), 1u);
    EXPECT_TRUE(found[0].assets_summary.has_value());
    auto denied = env.client->list_business_partners(employee);
    env.wait(denied);
    ASSERT_TRUE(denied->failed());
    EXPECT_EQ(denied->error.kind, ErrorKind::Permission);
    PartnerQuery wrong;
    wrong.partner_type = "BOTH";
    EXPECT_EQ(env.client->list_business_partners(admin, wrong)->error.kind, ErrorKind::Validation);
}

TEST(ClientAccount, VideoPinFromAnUploadedFile) {
    Env env;
    auto reg = env.client->register_media();
    env.wait(reg);
    ASSERT_TRUE(reg->done()) << reg->error.describe();
    const MediaUpload target = *reg->value;
    auto up = env.client->upload_media(target, mp4(), "clip.mp4", "video/mp4");
    env.wait(up);
    ASSERT_TRUE(up->done()) << up->error.describe();
    EXPECT_TRUE(up->value.has_value());  // like every Done call (the UI's track() relies on it)
    // The log shows the upload without the signed fields' values or the file.
    const auto& entry = env.client->log().entries().back();
    EXPECT_EQ(entry.operation, "media/upload (upload_url)");
    EXPECT_EQ(entry.request_body.find(target.upload_parameters.at("x-amz-signature")), std::string::npos);
    EXPECT_NE(entry.request_body.find("clip.mp4"), std::string::npos);
    // Poll the status as the UI does, until it has finished processing.
    std::vector<std::string> seen;
    for (int i = 0; i < 20; ++i) {
        auto m = env.client->get_media(target.media_id);
        env.wait(m);
        ASSERT_TRUE(m->done()) << m->error.describe();
        std::string s = m->value->status.value_or("");
        if (seen.empty() || seen.back() != s) seen.push_back(s);
        if (s == "succeeded" || s == "failed") break;
        env.advance(1000);
    }
    EXPECT_EQ(seen, (std::vector<std::string>{"processing", "succeeded"}));
    auto boards = env.all(env.client->boards_pager(250));
    PinCreate p;
    p.board_id = boards[0].id;
    p.title = "My clip";
    p.media_source = MediaSource::video_id(target.media_id, std::string("https://example.com/cover.jpg"));
    auto pin = env.client->create_pin(p);
    env.wait(pin);
    ASSERT_TRUE(pin->done()) << pin->error.describe();
    ASSERT_TRUE(pin->value->media);
    EXPECT_EQ(pin->value->media->kind, MediaKind::Video);
    // Uploading again with the same (used) parameters is refused with S3's reason and a way out.
    auto twice = env.client->upload_media(target, mp4(), "clip.mp4", "video/mp4");
    env.wait(twice);
    ASSERT_TRUE(twice->failed());
    EXPECT_NE(twice->error.message.find("AccessDenied"), std::string::npos);
    EXPECT_NE(twice->error.hint.find("Register the upload again"), std::string::npos);
    // It is the account's top video pin; top_video_pins and multi-pin analytics see it.
    env.advance(2.0 * 86400000);
    TopPinsQuery q;
    q.start_date = days_to_ymd(env.epoch / 86400000 - 3);
    q.end_date = days_to_ymd(env.epoch / 86400000);
    q.sort_by = "VIDEO_START";
    auto top = env.client->get_user_account_top_video_pins(q);
    env.wait(top);
    ASSERT_TRUE(top->done()) << top->error.describe();
    ASSERT_EQ(top->value->pins.size(), 1u);
    EXPECT_EQ(top->value->pins[0].pin_id, pin->value->id);
    q.sort_by = "PIN_CLICK";  // not a video sort
    EXPECT_EQ(env.client->get_user_account_top_video_pins(q)->error.kind, ErrorKind::Validation);
    AnalyticsQuery a;
    a.start_date = q.start_date;
    a.end_date = q.end_date;
    a.metric_types = {"IMPRESSION", "VIDEO_START"};
    auto multi = env.client->get_multi_pin_analytics({pin->value->id, env.all(env.client->pins_pager(5))[1].id}, a);
    env.wait(multi);
    ASSERT_TRUE(multi->done()) << multi->error.describe();
    EXPECT_EQ(multi->value->pins.size(), 2u);
    EXPECT_GT(multi->value->pins.at(pin->value->id).groups.at("all").summary_metrics.at("VIDEO_START"), 0);
}

TEST(ClientAccount, AFileThatIsNotAVideoFailsProcessing) {
    Env env;
    auto reg = env.client->register_media();
    env.wait(reg);
    ASSERT_TRUE(reg->done());
    auto up = env.client->upload_media(*reg->value, "hello, not a video", "notes.txt", "text/plain");
    env.wait(up);
    ASSERT_TRUE(up->done()) << up->error.describe();
    env.advance(6000);
    auto m = env.client->get_media(reg->value->media_id);
    env.wait(m);
    EXPECT_EQ(m->value->status.value_or(""), "failed");
    EXPECT_EQ(env.client->upload_media(*reg->value, "", "empty.mp4", "video/mp4")->error.kind, ErrorKind::Validation);
}
