// test_demo_host.cpp — what the page's Demo worker runs: DemoHost answers API calls for the app it was
// started for, renders pin images at the asked width, serves uploads as bytes, and encodes images in the
// layout the page's JavaScript parses.
#include "emu_test_util.h"
#include "core/wire.h"
#include "emulator/demo_host.h"

namespace pinlab::emu::test {
namespace {

uint32_t u32_at(const std::string& s, size_t at) {
    WireReader r(std::string_view(s).substr(at, 4));
    uint32_t v = 0;
    r.u32(v);
    return v;
}

TEST(DemoHost, AnswersOnlyOnceStarted) {
    DemoHost h;
    EXPECT_FALSE(h.started());
    EXPECT_EQ(h.handle(make("GET", "/v5/user_account"), kNow).status, 503);
    EXPECT_FALSE(h.image("/media/pins/1/600x.png", 0, kNow).ok);
    h.start("pinlab-demo", "http://example.test/app/");
    ASSERT_TRUE(h.started());
    EXPECT_EQ(h.handle(make("GET", "/v5/user_account"), kNow).status, 401);  // no token: a real answer
}

TEST(DemoHost, HoldsTheCatalogueForTheGenericLayer) {
    DemoHost h;
    h.start("pinlab-demo", "http://example.test/app/");
    EXPECT_EQ(h.catalogue(), nullptr);
    std::string tok = h.emulator()->mint_access_token("pinlab-demo", {"ads:read"}, kNow);
    Request r = make("GET", "/v5/ad_accounts/549755885175/campaigns", tok);
    EXPECT_EQ(h.handle(r, kNow).status, 501);  // no catalogue yet: said, not a bare 404
    h.set_catalogue(test_catalogue());         // applies to the running emulator...
    EXPECT_EQ(h.catalogue(), test_catalogue().get());
    Response ok = h.handle(r, kNow);
    EXPECT_EQ(ok.status, 200) << ok.body;
    EXPECT_EQ(ok.headers.get("X-Emulator-Source"), "generic");
    h.start("pinlab-demo", "http://example.test/app/", h.snapshot());  // ...and to the next start
    tok = h.emulator()->mint_access_token("pinlab-demo", {"ads:read"}, kNow);
    EXPECT_EQ(h.handle(make("GET", "/v5/ad_accounts/549755885175/campaigns", tok), kNow).status, 200);
}

TEST(DemoHost, KnowsThePageAsItsApp) {
    DemoHost h;
    h.start("my-app", "http://example.test/app/");
    Response ok = h.handle(make("GET", "/oauth/?client_id=my-app&redirect_uri=http%3A%2F%2Fexample.test%2Fapp%2F"
                                       "&response_type=code&scope=pins%3Aread&state=s"
                                       "&code_challenge=E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM"
                                       "&code_challenge_method=S256"),
                           kNow);
    EXPECT_EQ(ok.status, 200) << ok.body;  // the consent page
    EXPECT_NE(ok.body.find("Pinlab"), std::string::npos);
    Response other = h.handle(make("GET", "/oauth/?client_id=my-app&redirect_uri=http%3A%2F%2Fevil.test%2F"
                                          "&response_type=code&scope=pins%3Aread&state=s"
                                          "&code_challenge=E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM"
                                          "&code_challenge_method=S256"),
                              kNow);
    EXPECT_EQ(other.status, 400);
}

TEST(DemoHost, RendersImagesNoWiderThanAsked) {
    DemoHost h;
    h.start("pinlab-demo", "http://example.test/");
    const std::string token = h.emulator()->mint_access_token("pinlab-demo", kAllScopes, kNow);
    json pin = body_json(h.handle(make("GET", "/v5/pins?page_size=1", token), kNow))["items"][0];
    const std::string url = pin["media"]["images"]["600x"]["url"];
    DemoImage full = h.image(url, 0, kNow);
    ASSERT_TRUE(full.ok) << full.error;
    EXPECT_EQ(full.width, 600);
    EXPECT_EQ(full.rgba.size(), static_cast<size_t>(full.width) * full.height * 4);
    DemoImage small = h.image(url, 256, kNow);
    ASSERT_TRUE(small.ok);
    EXPECT_EQ(small.width, 256);
    EXPECT_NEAR(static_cast<double>(small.height) / small.width, static_cast<double>(full.height) / full.width, 0.02);

    std::string enc = encode_demo_image(small);
    ASSERT_EQ(enc.size(), 12 + small.rgba.size());
    EXPECT_EQ(u32_at(enc, 0), 1u);
    EXPECT_EQ(u32_at(enc, 4), 256u);
    EXPECT_EQ(u32_at(enc, 8), static_cast<uint32_t>(small.height));
    EXPECT_EQ(enc.substr(12, 16), std::string(small.rgba.begin(), small.rgba.begin() + 16));

    DemoImage missing = h.image("/media/pins/nope/600x.png", 0, kNow);
    EXPECT_FALSE(missing.ok);
    EXPECT_EQ(missing.error, "HTTP 404");
    std::string enc_missing = encode_demo_image(missing);
    EXPECT_EQ(u32_at(enc_missing, 0), 0u);
    EXPECT_EQ(enc_missing.substr(4), "HTTP 404");
}

TEST(DemoHost, UploadedImagesComeBackAsTheirBytes) {
    DemoHost h;
    h.start("pinlab-demo", "http://example.test/");
    const std::string token = h.emulator()->mint_access_token("pinlab-demo", kAllScopes, kNow);
    json boards = body_json(h.handle(make("GET", "/v5/boards", token), kNow));
    const std::string board = boards["items"][0]["id"];
    const std::string png = encode_png(8, 6, std::vector<uint8_t>(8 * 6 * 4, 90));
    const std::string png_b64 = base64_encode(png);
    Response made = h.handle(make("POST", "/v5/pins", token,
                                  R"({"board_id":")" + board + R"(","title":"up","media_source":{"source_type":"image_base64",)"
                                  R"("content_type":"image/png","data":")" + png_b64 + R"("}})"),
                             kNow);
    ASSERT_EQ(made.status, 201) << made.body;
    json pin = body_json(made);
    std::string url;
    for (auto& [k, v] : pin["media"]["images"].items()) url = v["url"];
    ASSERT_FALSE(url.empty());
    DemoImage img = h.image(url, 256, kNow);
    ASSERT_TRUE(img.ok) << img.error;
    EXPECT_TRUE(img.rgba.empty());
    EXPECT_EQ(img.content_type, "image/png");
    EXPECT_EQ(img.bytes, png);
    std::string enc = encode_demo_image(img);
    EXPECT_EQ(u32_at(enc, 0), 2u);
    EXPECT_EQ(u32_at(enc, 4), 9u);
    EXPECT_EQ(enc.substr(8, 9), "image/png");
    EXPECT_EQ(enc.substr(17), img.bytes);
}

}  // namespace
}  // namespace pinlab::emu::test
