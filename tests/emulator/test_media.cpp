// test_media.cpp — video pins end to end in the emulator: register (POST /media), upload the file to the
// upload_url as multipart/form-data (S3's browser POST), follow the status (registered -> processing ->
// succeeded or failed), create the pin with media_source video_id, and the errors of each step.
#include "emu_test_util.h"

namespace pinlab::emu::test {
namespace {

// A few bytes that look like an MP4 (an ISO BMFF "ftyp" box).
const std::string kMp4 = std::string("\0\0\0\x18", 4) + "ftypmp42" + std::string(64, '\x01');

std::string form(const json& params, const std::string& file, const std::string& boundary = "XyZ123",
                 bool file_last = true) {
    std::string body;
    auto field = [&](const std::string& name, const std::string& value) {
        body += "--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + name + "\"\r\n\r\n" + value + "\r\n";
    };
    auto file_part = [&] {
        body += "--" + boundary +
                "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"clip.mp4\"\r\nContent-Type: video/mp4\r\n\r\n" +
                file + "\r\n";
    };
    if (!file_last) file_part();
    for (auto it = params.begin(); it != params.end(); ++it) field(it.key(), it.value().get<std::string>());
    if (file_last) file_part();
    return body + "--" + boundary + "--\r\n";
}

struct MediaTest : EmuFixture {
    json registered;
    std::string id;
    void register_video() {
        Response r = post("/v5/media", json{{"media_type", "video"}});
        ASSERT_EQ(r.status, 201) << r.body;
        registered = body_json(r);
        id = str(registered, "media_id");
    }
    Response upload(const std::string& body, const std::string& ct = "multipart/form-data; boundary=XyZ123") {
        return send(make("POST", str(registered, "upload_url"), "", body, ct));
    }
    std::string status() { return str(body_json(get("/v5/media/" + id)), "status"); }
};

TEST_F(MediaTest, UploadProcessThenCreateAVideoPin) {
    register_video();
    EXPECT_EQ(str(registered, "upload_url"), "/media/upload/");
    EXPECT_EQ(status(), "registered");
    Response up = upload(form(registered["upload_parameters"], kMp4));
    ASSERT_EQ(up.status, 204) << up.body;
    EXPECT_EQ(status(), "processing");
    std::string board = first_board_id();
    json pin = {{"board_id", board}, {"title", "Clip"},
                {"media_source", {{"source_type", "video_id"}, {"media_id", id}, {"cover_image_url", "https://example.com/c.jpg"}}}};
    Response early = post("/v5/pins", pin);
    EXPECT_EQ(early.status, 400);
    EXPECT_NE(str(body_json(early), "message").find("processing"), std::string::npos);
    now += 5000;
    EXPECT_EQ(status(), "succeeded");
    Response made = post("/v5/pins", pin);
    ASSERT_EQ(made.status, 201) << made.body;
    json p = body_json(made);
    EXPECT_EQ(str(p["media"], "media_type"), "video");
    EXPECT_EQ(str(p, "creative_type"), "VIDEO");
    EXPECT_GT(p["media"]["duration"].get<double>(), 0);
    // The cover is served like any pin image.
    EXPECT_EQ(send(make("GET", str(p["media"]["images"]["600x"], "url"))).status, 200);
    // One pin per upload.
    EXPECT_EQ(post("/v5/pins", pin).status, 409);
    // It is a video pin for analytics: top_video_pins lists it with video metrics.
    std::string q = "start_date=" + test_date(now, -5) + "&end_date=" + test_date(now, 0);
    now += 3 * kDayMs;  // a few days of data
    q = "start_date=" + test_date(now, -5) + "&end_date=" + test_date(now, 0);
    json top = body_json(get("/v5/user_account/analytics/top_video_pins?" + q + "&sort_by=VIDEO_START"));
    ASSERT_EQ(top["pins"].size(), 1u);
    EXPECT_EQ(str(top["pins"][0], "pin_id"), str(p, "id"));
    EXPECT_GT(top["pins"][0]["metrics"]["VIDEO_START"].get<double>(), 0);
    json image_top = body_json(get("/v5/user_account/analytics/top_pins?" + q + "&sort_by=IMPRESSION"));
    EXPECT_FALSE(image_top["pins"].empty());
    EXPECT_EQ(get("/v5/user_account/analytics/top_video_pins?" + q + "&sort_by=PIN_CLICK").status, 400);
}

TEST_F(MediaTest, NotAVideoFailsProcessing) {
    register_video();
    ASSERT_EQ(upload(form(registered["upload_parameters"], "just some text")).status, 204);
    now += 5000;
    EXPECT_EQ(status(), "failed");
    Response r = post("/v5/pins", json{{"board_id", first_board_id()},
                                       {"media_source", {{"source_type", "video_id"}, {"media_id", id}}}});
    EXPECT_EQ(r.status, 400);
    EXPECT_NE(str(body_json(r), "message").find("not a video"), std::string::npos);
}

TEST_F(MediaTest, TheUploadIsCheckedAsS3ChecksASignedPost) {
    register_video();
    json params = registered["upload_parameters"];
    json bad_sig = params;
    bad_sig["x-amz-signature"] = "0";
    Response r = upload(form(bad_sig, kMp4));
    EXPECT_EQ(r.status, 403);
    EXPECT_NE(r.body.find("SignatureDoesNotMatch"), std::string::npos);
    json other_key = params;
    other_key["key"] = "uploads/1.mp4";
    EXPECT_NE(upload(form(other_key, kMp4)).body.find("AccessDenied"), std::string::npos);
    json no_policy = params;
    no_policy.erase("policy");
    EXPECT_EQ(upload(form(no_policy, kMp4)).status, 400);
    EXPECT_EQ(upload(form(params, kMp4, "XyZ123", false)).status, 400);  // the file must come last
    EXPECT_EQ(upload(form(params, kMp4), "application/json").status, 412);
    EXPECT_EQ(upload("--XyZ123\r\nbroken").status, 400);
    EXPECT_EQ(upload(form(params, "")).status, 400);
    EXPECT_EQ(status(), "registered");  // nothing above counted
    ASSERT_EQ(upload(form(params, kMp4)).status, 204);
    EXPECT_EQ(upload(form(params, kMp4)).status, 403);  // a policy is used once
    EXPECT_EQ(send(make("GET", "/media/upload/")).status, 405);
}

TEST_F(MediaTest, VideoPinRulesAndScopes) {
    std::string board = first_board_id();
    EXPECT_EQ(post("/v5/pins", json{{"board_id", board}, {"media_source", {{"source_type", "video_id"}, {"media_id", "999"}}}}).status, 404);
    EXPECT_EQ(post("/v5/pins", json{{"board_id", board}, {"media_source", {{"source_type", "video_id"}}}}).status, 400);
    EXPECT_EQ(code_of(post("/v5/media", json{{"media_type", "video"}}, mint({"pins:read"}))), 3);
}

TEST_F(MediaTest, UploadsAndVideoPinsSurviveASnapshot) {
    register_video();
    ASSERT_EQ(upload(form(registered["upload_parameters"], kMp4)).status, 204);
    now += 5000;
    Response made = post("/v5/pins", json{{"board_id", first_board_id()},
                                          {"media_source", {{"source_type", "video_id"}, {"media_id", id}}}});
    ASSERT_EQ(made.status, 201) << made.body;
    std::string pin = str(body_json(made), "id");
    Emulator again(opts);
    std::string err;
    ASSERT_TRUE(again.load_state(emu->save_state(), &err)) << err;
    std::string tok = again.mint_access_token("pinlab-demo", kAllScopes, now);
    json p = body_json(again.handle(make("GET", "/v5/pins/" + pin, tok), now));
    EXPECT_EQ(str(p["media"], "media_type"), "video");
    EXPECT_EQ(str(body_json(again.handle(make("GET", "/v5/media/" + id, tok), now)), "status"), "succeeded");
}

}  // namespace
}  // namespace pinlab::emu::test
